// A peer always means the same peer: the locator's mode decides how its value is read, print
// names never guess, and a username that changed hands reaches its new owner. Through the n8n
// engine, over MTProto; who got the message is read from the server's histories.
import type { IDataObject } from 'n8n-workflow';
import { byId, byUsername, chain, TestEnv, tgl } from '../support/env';
import { byPrintName } from '../support/locators';

const COF = { onError: 'continueRegularOutput' as const };

describe('Peer resolution', () => {
	let env: TestEnv;
	let alice: { id: number };
	let carol: { id: number };

	const texts = (viewerId: number, otherId: number) => env.world.history(viewerId, { userId: otherId }).map((m) => m.text);
	const send = (peer: ReturnType<typeof byId>, text: string, asUser = alice.id) =>
		env.run(chain([{}], tgl('Send', 'peer', 'sendMsg', { peer, text }, COF)), asUser);
	const dialogNames = async (asUser: number) => {
		const run = await env.run(chain([{}], tgl('Dialogs', 'chat', 'getDialogList', { returnAll: true })), asUser);
		expect(run.error).toBeUndefined();
		return new Map(run.output('Dialogs').map((i) => [(i.json.peer as IDataObject).id as number, (i.json.peer as IDataObject).name]));
	};

	beforeAll(async () => {
		env = await TestEnv.start();
		alice = env.world.addUser({ firstName: 'Alice', username: 'alice_r' });
		carol = env.world.addUser({ firstName: 'Carol', username: 'carol_r' });
	});

	afterAll(async () => {
		await env.stop();
	});

	describe('the locator mode decides', () => {
		let impostor: { id: number };
		let owner: { id: number };

		beforeAll(async () => {
			// Someone whose print name is spelled like another user's username, in Alice's dialogs.
			impostor = env.world.addUser({ firstName: 'bob_real' });
			env.world.sendMessage(impostor.id, { userId: alice.id }, 'hello from the impostor');
			owner = env.world.addUser({ firstName: 'Robert', username: 'bob_real' });
			// Alice's connection names every dialog peer: "bob_real" is the impostor's print name.
			expect((await dialogNames(alice.id)).get(impostor.id)).toBe('bob_real');
		});

		it('By Username: bob_real reaches @bob_real, not the peer whose print name is bob_real', async () => {
			const run = await send(byUsername('bob_real'), 'for the owner');
			expect(run.output('Send')[0].json).toMatchObject({ text: 'for the owner', dest: { id: owner.id, username: 'bob_real' } });
			expect(texts(owner.id, alice.id)).toEqual(['for the owner']);
			expect(texts(impostor.id, alice.id)).toEqual(['hello from the impostor']);
		});

		it('a plain string that is a username and a print name goes to the username', async () => {
			const run = await env.run(chain([{}], tgl('Create', 'chat', 'createGroupChat', { title: 'Owners Only', users: 'bob_real' })), alice.id);
			expect(run.error).toBeUndefined();
			const members = run.output('Create')[0].json.user_list as number[];
			expect(members).toContain(owner.id);
			expect(members).not.toContain(impostor.id);
		});

		it('By Print Name reaches the print name; By ID refuses a username; By Username refuses an ID', async () => {
			const byName = await send(byPrintName('bob_real'), 'for the impostor');
			expect(byName.output('Send')[0].json).toMatchObject({ dest: { id: impostor.id } });
			expect(texts(impostor.id, alice.id)[0]).toBe('for the impostor');

			const wrongId = await send(byId('@bob_real'), 'never sent');
			expect(wrongId.output('Send')[0].json.error).toMatch(/is not a peer ID/);
			const wrongUsername = await send(byUsername(String(owner.id)), 'never sent');
			expect(wrongUsername.output('Send')[0].json.error).toMatch(/is not a username/);
			expect(texts(owner.id, alice.id)).not.toContain('never sent');
		});
	});

	describe('print names', () => {
		let low: { id: number };
		let high: { id: number };

		beforeAll(() => {
			low = env.world.addUser({ firstName: 'Twin' });
			high = env.world.addUser({ firstName: 'Twin' });
			// Alice hears from the lower id first, Carol from the higher id first.
			env.world.sendMessage(low.id, { userId: alice.id }, 'low to alice');
			env.world.sendMessage(high.id, { userId: alice.id }, 'high to alice');
			env.world.sendMessage(high.id, { userId: carol.id }, 'high to carol');
			env.world.sendMessage(low.id, { userId: carol.id }, 'low to carol');
		});

		it('two users with the same name get the same print names in either order (by id)', async () => {
			const atAlice = await dialogNames(alice.id);
			const atCarol = await dialogNames(carol.id);
			expect([atAlice.get(low.id), atAlice.get(high.id)]).toEqual(['Twin', 'Twin#1']);
			expect([atCarol.get(low.id), atCarol.get(high.id)]).toEqual(['Twin', 'Twin#1']);
		});

		it('a bare name two peers share is refused with the candidates; Twin#1 is exact', async () => {
			const refused = await send(byPrintName('Twin'), 'which twin?');
			const error = refused.output('Send')[0].json.error as string;
			expect(error).toMatch(/2 peers are named "Twin"/);
			expect(error).toContain(`Twin (id ${low.id})`);
			expect(error).toContain(`Twin#1 (id ${high.id})`);
			expect(texts(low.id, alice.id)).not.toContain('which twin?');
			expect(texts(high.id, alice.id)).not.toContain('which twin?');

			const exact = await send(byPrintName('Twin#1'), 'the higher twin');
			expect(exact.output('Send')[0].json).toMatchObject({ dest: { id: high.id, name: 'Twin#1' } });
			expect(texts(high.id, alice.id)[0]).toBe('the higher twin');
			expect(texts(low.id, alice.id)).not.toContain('the higher twin');
		});

		it('a plain string naming two peers is refused too', async () => {
			const run = await env.run(chain([{}], tgl('Create', 'chat', 'createGroupChat', { title: 'Twins', users: 'Twin' }, COF)), alice.id);
			expect(run.output('Create')[0].json.error).toMatch(/2 peers are named "Twin"/);
		});
	});

	describe('usernames that change hands', () => {
		it('reaches the new owner when the old one (a chat partner, told by updateUserName) gave it up', async () => {
			const before = env.world.addUser({ firstName: 'Old', username: 'moving_a' });
			const after = env.world.addUser({ firstName: 'New' });
			expect((await send(byUsername('@moving_a'), 'one')).output('Send')[0].json.text).toBe('one');
			env.world.setUsername(before.id, '');
			env.world.setUsername(after.id, 'moving_a');
			const run = await send(byUsername('@moving_a'), 'two');
			expect(run.output('Send')[0].json).toMatchObject({ text: 'two', dest: { id: after.id } });
			expect(texts(before.id, alice.id)).toEqual(['one']);
			expect(texts(after.id, alice.id)).toEqual(['two']);
		});

		it('reaches the new owner when the old one was only looked up (Telegram tells nobody)', async () => {
			const before = env.world.addUser({ firstName: 'Quiet', username: 'moving_b' });
			const after = env.world.addUser({ firstName: 'Loud' });
			const info = await env.run(chain([{}], tgl('Info', 'peer', 'info', { peer: byUsername('moving_b') })), alice.id);
			expect(info.output('Info')[0].json).toMatchObject({ id: before.id, username: 'moving_b' });
			env.world.setUsername(before.id, '');
			env.world.setUsername(after.id, 'moving_b');
			const run = await send(byUsername('moving_b'), 'hi new owner');
			expect(run.output('Send')[0].json).toMatchObject({ dest: { id: after.id } });
			expect(texts(after.id, alice.id)).toEqual(['hi new owner']);
			expect(texts(before.id, alice.id)).toEqual([]);
		});

		it('fails with USERNAME_NOT_OCCUPIED when nobody took it, and the former owner gets nothing', async () => {
			const before = env.world.addUser({ firstName: 'Gone', username: 'moving_c' });
			expect((await send(byUsername('moving_c'), 'first')).output('Send')[0].json.text).toBe('first');
			env.world.setUsername(before.id, '');
			const run = await send(byUsername('moving_c'), 'second');
			expect(run.output('Send')[0].json.error).toMatch(/^USERNAME_NOT_OCCUPIED/);
			expect(texts(before.id, alice.id)).toEqual(['first']);
		});

		it('a username that did not move is confirmed with users.getUsers, not resolved again', async () => {
			env.world.addUser({ firstName: 'Steady', username: 'steady_d' });
			await send(byUsername('steady_d'), 'first');
			env.server.resetStats();
			const run = await send(byUsername('steady_d'), 'second');
			expect(run.output('Send')[0].json.text).toBe('second');
			expect(env.server.callCount('contacts.ResolveUsername')).toBe(0);
			expect(env.server.callCount('users.GetUsers')).toBe(1);
		});
	});
});
