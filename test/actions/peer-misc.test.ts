// Peer → Send Location / Send Typing / Cancel Typing / Mark as Read / Search Messages, through the
// n8n engine and checked on the server (and, for typing, at the other user's own client).
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { Api } from 'telegram';
import { byId, byUsername, chain, eventually, TestEnv, tgl } from '../support/env';
import { clientPool } from '../../nodes/Tgl/transport/client-pool';
import { toTglCredentials } from '../../nodes/Tgl/transport/credentials';
import type { AccountClient } from '../../nodes/Tgl/transport/account-client';

describe('Peer: location, typing, read, search', () => {
	let env: TestEnv;
	let alice: { id: number };
	let bob: { id: number };
	let carol: { id: number };

	beforeAll(async () => {
		env = await TestEnv.start();
		alice = env.world.addUser({ firstName: 'Alice', username: 'alice_x' });
		bob = env.world.addUser({ firstName: 'Bob', username: 'bob_x' });
		carol = env.world.addUser({ firstName: 'Carol', username: 'carol_x' });
		env.world.sendMessage(bob.id, { userId: alice.id }, 'hi Alice');
	});

	afterAll(async () => {
		await env.stop();
	});

	describe('Send Location', () => {
		it('sends a geo point; Bob gets it', async () => {
			const run = await env.run(chain([{}], tgl('Loc', 'peer', 'sendLocation', { peer: byUsername('bob_x'), latitude: 52.520008, longitude: 13.404954 })), alice.id);
			expect(run.error).toBeUndefined();
			expect(run.output('Loc')[0].json).toMatchObject({
				out: true,
				text: null,
				media: { type: 'geo', latitude: 52.520008, longitude: 13.404954 },
				dest: { id: bob.id },
			});
			expect(env.world.history(bob.id, { userId: alice.id })[0].media).toEqual({ kind: 'geo', lat: 52.520008, long: 13.404954 });
		});

		it('refuses coordinates out of range, naming the item; the valid items still go', async () => {
			const before = env.world.history(bob.id, { userId: alice.id }).length;
			const run = await env.run(
				chain(
					[
						{ lat: 95, long: 10 },
						{ lat: -33.86, long: 151.21 },
						{ lat: 10, long: -200 },
					],
					tgl(
						'Loc',
						'peer',
						'sendLocation',
						{ peer: byId(bob.id), latitude: '={{ $json.lat }}', longitude: '={{ $json.long }}' },
						{ onError: 'continueRegularOutput' },
					),
				),
				alice.id,
			);
			expect(run.error).toBeUndefined();
			const out = run.output('Loc');
			expect(out).toHaveLength(3);
			expect(out[0].json.error).toMatch(/Item 0: latitude 95 is out of range; it must be a number from -90 to 90/);
			expect(out[1].json.media).toMatchObject({ type: 'geo', latitude: -33.86, longitude: 151.21 });
			expect(out[2].json.error).toMatch(/Item 2: longitude -200 is out of range/);
			expect(out[2].pairedItem).toEqual({ item: 2 });
			expect(env.world.history(bob.id, { userId: alice.id }).length).toBe(before + 1);
		});
	});

	describe('Send Typing / Cancel Typing', () => {
		let bobClient: AccountClient;
		const seen: Api.TypeUpdate[] = [];

		beforeAll(async () => {
			// Bob's own client, connected as a trigger would be: it must be told that Alice types.
			const creds = await env.credentials(bob.id);
			bobClient = await clientPool.acquire(toTglCredentials(creds.tglApi as ICredentialDataDecryptedObject));
			await bobClient.me();
			bobClient.onUpdates((updates) => {
				if (updates instanceof Api.UpdateShort) seen.push(updates.update);
				else if (updates instanceof Api.Updates) seen.push(...updates.updates);
			});
		});

		afterAll(() => {
			clientPool.release(bobClient);
		});

		const typingFrom = (userId: number, action: string) =>
			seen.some((u) => u instanceof Api.UpdateUserTyping && u.userId.toJSNumber() === userId && u.action.className === action);

		it('shows Bob that Alice is typing, then that she stopped', async () => {
			const run = await env.run(
				chain([{}], tgl('Typing', 'peer', 'sendTyping', { peer: byUsername('@bob_x') }), tgl('Stop', 'peer', 'sendTypingAbort', { peer: byUsername('@bob_x') })),
				alice.id,
			);
			expect(run.error).toBeUndefined();
			expect(run.output('Typing')[0].json).toEqual({ success: true });
			expect(run.output('Stop')[0].json).toEqual({ success: true });
			expect(run.output('Stop')[0].pairedItem).toEqual({ item: 0 });
			await eventually(() => typingFrom(alice.id, 'SendMessageTypingAction'), 'Bob to see Alice typing');
			await eventually(() => typingFrom(alice.id, 'SendMessageCancelAction'), 'Bob to see Alice stop typing');
		});

		it('types in a basic group and in a supergroup', async () => {
			const group = env.world.createGroup(alice.id, 'Typists', [bob.id]);
			const channel = env.world.createChannel(alice.id, 'Typists Super', { megagroup: true, username: 'typists_x', memberIds: [bob.id] });
			const run = await env.run(
				chain(
					[{ to: `-${group.id}` }, { to: `-100${channel.id}` }],
					tgl('Typing', 'peer', 'sendTyping', { peer: byId('={{ $json.to }}') }),
				),
				alice.id,
			);
			expect(run.error).toBeUndefined();
			expect(run.output('Typing').map((i) => i.json)).toEqual([{ success: true }, { success: true }]);
			await eventually(
				() => seen.some((u) => u instanceof Api.UpdateChatUserTyping && u.chatId.toJSNumber() === group.id),
				'Bob to see typing in the group',
			);
			await eventually(
				() => seen.some((u) => u instanceof Api.UpdateChannelUserTyping && u.channelId.toJSNumber() === channel.id),
				'Bob to see typing in the supergroup',
			);
		});

		it('fails clearly in a group the account is not in', async () => {
			const group = env.world.createGroup(carol.id, 'Closed', [bob.id]);
			const run = await env.run(chain([{}], tgl('Typing', 'peer', 'sendTyping', { peer: byId(`-${group.id}`) })), alice.id);
			expect(run.error?.message).toMatch(/USER_NOT_PARTICIPANT/);
		});
	});

	describe('Mark as Read', () => {
		it('marks a private chat read; Carol sees her messages read', async () => {
			env.world.sendMessage(carol.id, { userId: alice.id }, 'one');
			const last = env.world.sendMessage(carol.id, { userId: alice.id }, 'two');
			expect(env.world.account(alice.id)!.dialog({ userId: carol.id })!.unreadCount).toBe(2);
			const run = await env.run(chain([{}], tgl('Read', 'peer', 'markRead', { peer: byUsername('carol_x') })), alice.id);
			expect(run.error).toBeUndefined();
			expect(run.output('Read')[0].json).toEqual({ success: true });
			const dialog = env.world.account(alice.id)!.dialog({ userId: carol.id })!;
			expect(dialog.unreadCount).toBe(0);
			expect(dialog.readInboxMaxId).toBe(last.boxes[alice.id]);
			expect(env.world.account(carol.id)!.dialog({ userId: alice.id })!.readOutboxMaxId).toBe(last.id);
		});

		it('marks a basic group and a supergroup read (channels.readHistory)', async () => {
			const group = env.world.createGroup(bob.id, 'Readers', [alice.id]);
			env.world.sendMessage(bob.id, { chatId: group.id }, 'read me');
			const channel = env.world.createChannel(bob.id, 'Readers Super', { megagroup: true, username: 'readers_x', memberIds: [alice.id] });
			env.world.sendMessage(bob.id, { channelId: channel.id }, 'read me too');
			const last = env.world.sendMessage(bob.id, { channelId: channel.id }, 'and me');
			const run = await env.run(
				chain([{ to: `-${group.id}` }, { to: `-100${channel.id}` }], tgl('Read', 'peer', 'markRead', { peer: byId('={{ $json.to }}') })),
				alice.id,
			);
			expect(run.error).toBeUndefined();
			expect(run.output('Read').map((i) => i.json)).toEqual([{ success: true }, { success: true }]);
			expect(env.world.account(alice.id)!.dialog({ chatId: group.id })!.unreadCount).toBe(0);
			expect(env.world.channel(channel.id)!.members.get(alice.id)!.readInboxMaxId).toBe(last.id);
		});
	});

	describe('Search Messages', () => {
		it('finds the messages of one chat that contain the text, newest first, one item each', async () => {
			const dave = env.world.addUser({ firstName: 'Dave', username: 'dave_x' });
			env.world.sendMessage(dave.id, { userId: alice.id }, 'apple pie recipe');
			env.world.sendMessage(dave.id, { userId: alice.id }, 'banana bread');
			env.world.sendMessage(dave.id, { userId: alice.id }, 'Apple juice');
			env.world.sendMessage(bob.id, { userId: alice.id }, 'apple from another chat');
			const run = await env.run(chain([{}], tgl('Search', 'peer', 'msgSearch', { peer: byUsername('dave_x'), text: 'apple', returnAll: true })), alice.id);
			expect(run.error).toBeUndefined();
			const out = run.output('Search');
			expect(out.map((i) => i.json.text)).toEqual(['Apple juice', 'apple pie recipe']);
			expect(out[0].json).toMatchObject({ out: false, src: { id: dave.id, name: 'Dave' }, dest: { id: alice.id } });
			expect(out.every((i) => (i.pairedItem as { item: number }).item === 0)).toBe(true);
		});

		it('pages through a supergroup: Return All and Limit', async () => {
			const channel = env.world.createChannel(bob.id, 'Busy', { megagroup: true, username: 'busy_x', memberIds: [alice.id] });
			for (let n = 1; n <= 230; n++) env.world.sendMessage(bob.id, { channelId: channel.id }, n % 2 ? `ticket ${n}` : `chatter ${n}`);
			const run = await env.run(chain([{}], tgl('All', 'peer', 'msgSearch', { peer: byUsername('@busy_x'), text: 'ticket', returnAll: true })), alice.id);
			expect(run.error).toBeUndefined();
			const all = run.output('All').map((i) => i.json.text);
			expect(all).toHaveLength(115);
			expect(all[0]).toBe('ticket 229');
			expect(all[114]).toBe('ticket 1');
			expect(new Set(all).size).toBe(115);
			const limited = await env.run(
				chain([{}], tgl('Some', 'peer', 'msgSearch', { peer: byUsername('@busy_x'), text: 'ticket', returnAll: false, limit: 105 })),
				alice.id,
			);
			expect(limited.output('Some').map((i) => i.json.text)).toEqual(all.slice(0, 105));
			expect(limited.output('Some')[0].json.dest).toMatchObject({ id: channel.id, type: 5, megagroup: true });
		});

		it('finds nothing as no items, and refuses an empty search text', async () => {
			const run = await env.run(
				chain(
					[{ q: 'zebra' }, { q: '  ' }],
					tgl('Search', 'peer', 'msgSearch', { peer: byUsername('bob_x'), text: '={{ $json.q }}', returnAll: true }, { onError: 'continueRegularOutput' }),
				),
				alice.id,
			);
			expect(run.error).toBeUndefined();
			const out = run.output('Search');
			expect(out).toHaveLength(1);
			expect(out[0].json.error).toMatch(/search text is empty/);
			expect(out[0].pairedItem).toEqual({ item: 1 });
		});
	});
});
