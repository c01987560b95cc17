// Chat → Ban User / Unban User / Promote User / Demote User through the n8n engine, over MTProto,
// checked in the items and in the loopback Telegram's world (members, bans, rights, titles).
import { byId, byUsername, chain, TestEnv, tgl } from '../support/env';

const COF = { onError: 'continueRegularOutput' as const };

/** A channel as a Peer object with its access hash, as an earlier node would pass it. */
const ref = (channel: { id: number; accessHash: { toString(): string } }) => ({ id: channel.id, type: 5, access_hash: channel.accessHash.toString() });

describe('Chat: bans and admins', () => {
	let env: TestEnv;
	let alice: { id: number };
	let bob: { id: number };
	let carol: { id: number };
	let dave: { id: number };

	beforeAll(async () => {
		env = await TestEnv.start();
		alice = env.world.addUser({ firstName: 'Alice', username: 'alice_adm' });
		bob = env.world.addUser({ firstName: 'Bob', username: 'bob_adm' });
		carol = env.world.addUser({ firstName: 'Carol', username: 'carol_adm' });
		dave = env.world.addUser({ firstName: 'Dave', username: 'dave_adm' });
	});

	afterAll(async () => {
		await env.stop();
	});

	describe('banUser / unbanUser', () => {
		it('bans from a supergroup until a date and from a channel forever, kicks from a basic group', async () => {
			const superGroup = env.world.createChannel(alice.id, 'Ban Super', { megagroup: true, memberIds: [bob.id, carol.id] });
			const channel = env.world.createChannel(alice.id, 'Ban News', { megagroup: false, memberIds: [bob.id] });
			const group = env.world.createGroup(alice.id, 'Ban Basic', [bob.id, carol.id]);
			const until = new Date(Date.now() + 2 * 86400_000);
			const run = await env.run(
				chain(
					[
						{ peer: ref(superGroup), until: until.toISOString() },
						{ peer: ref(channel), until: '' },
						{ peer: `-${group.id}`, until: '' },
					],
					tgl('Ban', 'chat', 'banUser', { peer: byId('={{ $json.peer }}'), user: byUsername('bob_adm'), untilDate: '={{ $json.until }}' }),
				),
				alice.id,
			);
			expect(run.error).toBeUndefined();
			expect(run.output('Ban').map((i) => [i.json, i.pairedItem])).toEqual([
				[{ success: true }, { item: 0 }],
				[{ success: true }, { item: 1 }],
				[{ success: true }, { item: 2 }],
			]);
			const sg = env.world.channel(superGroup.id)!;
			expect(sg.members.has(bob.id)).toBe(false);
			expect(sg.kicked.has(bob.id)).toBe(true);
			expect(sg.bans!.get(bob.id)).toMatchObject({ kickedBy: alice.id, untilDate: Math.floor(until.getTime() / 1000) });
			// The supergroup's members see "Alice removed Bob".
			expect(env.world.history(carol.id, { channelId: superGroup.id })[0].action).toEqual({ kind: 'deleteUser', userId: bob.id });
			expect(env.world.channel(channel.id)!.bans!.get(bob.id)!.untilDate).toBe(0);
			expect(env.world.channel(channel.id)!.members.has(bob.id)).toBe(false);
			expect(env.world.chat(group.id)!.participants.has(bob.id)).toBe(false);
			expect(env.world.history(carol.id, { chatId: group.id })[0].action).toEqual({ kind: 'deleteUser', userId: bob.id });
		});

		it('lifts a ban so that the user may rejoin; basic groups have no ban list', async () => {
			const superGroup = env.world.createChannel(alice.id, 'Unban Super', { megagroup: true, memberIds: [bob.id] });
			const group = env.world.createGroup(alice.id, 'Unban Basic', [bob.id]);
			env.world.removeChatMember(superGroup.id, bob.id, alice.id);
			env.world.channel(superGroup.id)!.kicked.add(bob.id);
			expect(env.world.channel(superGroup.id)!.kicked.has(bob.id)).toBe(true);
			const run = await env.run(
				chain(
					[{ peer: ref(superGroup) }, { peer: `-${group.id}` }],
					tgl('Unban', 'chat', 'unbanUser', { peer: byId('={{ $json.peer }}'), user: byUsername('bob_adm') }, COF),
				),
				alice.id,
			);
			expect(run.error).toBeUndefined();
			const out = run.output('Unban').map((i) => i.json);
			expect(out[0]).toEqual({ success: true });
			expect(out[1].error).toMatch(/Basic groups keep no ban list/);
			expect(env.world.channel(superGroup.id)!.kicked.has(bob.id)).toBe(false);
			expect(env.world.channel(superGroup.id)!.members.has(bob.id)).toBe(false);
		});

		it('explains CHAT_ADMIN_REQUIRED for a plain member and PARTICIPANT_ID_INVALID for banning yourself; nothing changes', async () => {
			const superGroup = env.world.createChannel(bob.id, "Bob's Club", { megagroup: true, memberIds: [alice.id, carol.id] });
			const mine = env.world.createChannel(alice.id, "Alice's Club", { megagroup: true, memberIds: [bob.id] });
			const run = await env.run(
				chain(
					[
						{ peer: ref(superGroup), user: 'carol_adm' },
						{ peer: ref(mine), user: 'alice_adm' },
					],
					tgl('Ban', 'chat', 'banUser', { peer: byId('={{ $json.peer }}'), user: byUsername('={{ $json.user }}') }, COF),
				),
				alice.id,
			);
			expect(run.error).toBeUndefined();
			const out = run.output('Ban').map((i) => i.json);
			expect(out[0].error).toMatch(/^CHAT_ADMIN_REQUIRED: You must be an admin of this chat.*ban users/);
			expect(out[0].description).toMatch(/Telegram answered 403 CHAT_ADMIN_REQUIRED to channels.EditBanned/);
			expect(out[1].error).toMatch(/^PARTICIPANT_ID_INVALID: .*cannot ban yourself/);
			expect(env.world.channel(superGroup.id)!.members.has(carol.id)).toBe(true);
			expect(env.world.channel(mine.id)!.members.has(alice.id)).toBe(true);
		});

		it('stops the workflow without Continue On Fail, naming the item', async () => {
			const superGroup = env.world.createChannel(bob.id, "Bob's Other Club", { megagroup: true, memberIds: [alice.id, carol.id] });
			// Alice may ban, but nobody may ban the creator.
			Object.assign(env.world.channel(superGroup.id)!.members.get(alice.id)!, { admin: true, rights: ['banUsers'], promotedBy: bob.id });
			const run = await env.run(
				chain([{ peer: ref(superGroup) }], tgl('Ban', 'chat', 'banUser', { peer: byId('={{ $json.peer }}'), user: byUsername('bob_adm') })),
				alice.id,
			);
			expect(run.error?.message).toMatch(/^USER_ADMIN_INVALID: /);
			expect(run.error?.context.itemIndex).toBe(0);
			expect(env.world.channel(superGroup.id)!.members.has(bob.id)).toBe(true);
		});
	});

	describe('promoteUser / demoteUser', () => {
		it('promotes with the chosen rights and a custom title, then demotes; the basic group too', async () => {
			const superGroup = env.world.createChannel(alice.id, 'Promo Super', { megagroup: true, memberIds: [bob.id] });
			const group = env.world.createGroup(alice.id, 'Promo Basic', [bob.id]);
			// What Telegram pushes to Bob: updateChannel (his rights changed) and updateChatParticipantAdmin.
			const pushed = (className: string) =>
				env.world.account(bob.id)!.seqLog.flatMap((e) => e.updates).filter((u) => u.className === className).length;
			const [channelUpdates, adminUpdates] = [pushed('UpdateChannel'), pushed('UpdateChatParticipantAdmin')];
			const promote = await env.run(
				chain(
					[
						{ peer: ref(superGroup), rank: 'Moderator' },
						{ peer: `-${group.id}`, rank: '' },
					],
					tgl('Promote', 'chat', 'promoteUser', {
						peer: byId('={{ $json.peer }}'),
						user: byUsername('bob_adm'),
						rights: ['banUsers', 'pinMessages'],
						rank: '={{ $json.rank }}',
					}),
				),
				alice.id,
			);
			expect(promote.error).toBeUndefined();
			expect(promote.output('Promote').map((i) => i.json)).toEqual([{ success: true }, { success: true }]);
			expect(env.world.channel(superGroup.id)!.members.get(bob.id)).toMatchObject({ admin: true, rights: ['banUsers', 'pinMessages'], rank: 'Moderator', promotedBy: alice.id });
			expect(env.world.chat(group.id)!.participants.get(bob.id)!.admin).toBe(true);
			expect(pushed('UpdateChannel')).toBe(channelUpdates + 1);
			expect(pushed('UpdateChatParticipantAdmin')).toBe(adminUpdates + 1);

			const demote = await env.run(
				chain([{ peer: ref(superGroup) }, { peer: `-${group.id}` }], tgl('Demote', 'chat', 'demoteUser', { peer: byId('={{ $json.peer }}'), user: byUsername('bob_adm') })),
				alice.id,
			);
			expect(demote.error).toBeUndefined();
			expect(demote.output('Demote').map((i) => i.json)).toEqual([{ success: true }, { success: true }]);
			const member = env.world.channel(superGroup.id)!.members.get(bob.id)!;
			expect(member.admin).toBe(false);
			expect(member.rank).toBeUndefined();
			expect(env.world.chat(group.id)!.participants.get(bob.id)!.admin).toBe(false);
		});

		it('explains a too-long title, rights one does not hold and a missing right to add admins', async () => {
			const superGroup = env.world.createChannel(carol.id, 'Rights Super', { megagroup: true, memberIds: [alice.id, bob.id, dave.id] });
			// Alice may add admins with her own rights only; Dave has no right to add admins.
			const channel = env.world.channel(superGroup.id)!;
			Object.assign(channel.members.get(alice.id)!, { admin: true, rights: ['addAdmins', 'banUsers'], promotedBy: carol.id });
			Object.assign(channel.members.get(dave.id)!, { admin: true, rights: ['banUsers'], promotedBy: carol.id });
			const run = await env.run(
				chain(
					[
						{ peer: ref(superGroup), rank: 'A Very Long Title 17', rights: ['banUsers'] },
						{ peer: ref(superGroup), rank: '', rights: ['banUsers', 'changeInfo'] },
						{ peer: ref(superGroup), rank: 'Helper', rights: ['banUsers'] },
					],
					tgl(
						'Promote',
						'chat',
						'promoteUser',
						{ peer: byId('={{ $json.peer }}'), user: byUsername('bob_adm'), rights: '={{ $json.rights }}', rank: '={{ $json.rank }}' },
						COF,
					),
				),
				alice.id,
			);
			expect(run.error).toBeUndefined();
			const out = run.output('Promote').map((i) => i.json);
			expect(out[0].error).toMatch(/^ADMIN_RANK_INVALID: .*16 characters/);
			expect(out[1].error).toMatch(/^RIGHT_FORBIDDEN: You cannot give rights you do not hold/);
			expect(out[2]).toEqual({ success: true });
			expect(channel.members.get(bob.id)).toMatchObject({ admin: true, rights: ['banUsers'], rank: 'Helper', promotedBy: alice.id });

			const byDave = await env.run(
				chain([{ peer: ref(superGroup) }], tgl('Demote', 'chat', 'demoteUser', { peer: byId('={{ $json.peer }}'), user: byUsername('bob_adm') }, COF)),
				dave.id,
			);
			expect(byDave.output('Demote')[0].json.error).toMatch(/^CHAT_ADMIN_REQUIRED: You must be an admin of this chat.*add admins/);
			expect(channel.members.get(bob.id)!.admin).toBe(true);

			const creator = await env.run(
				chain([{ peer: ref(superGroup) }], tgl('Demote', 'chat', 'demoteUser', { peer: byId('={{ $json.peer }}'), user: byUsername('carol_adm') }, COF)),
				alice.id,
			);
			expect(creator.output('Demote')[0].json.error).toMatch(/^USER_CREATOR: This is the chat's creator/);
			expect(channel.creatorId).toBe(carol.id);
		});

		it('refuses a custom title in a basic group and an empty rights list', async () => {
			const group = env.world.createGroup(alice.id, 'Title Basic', [bob.id]);
			const superGroup = env.world.createChannel(alice.id, 'Empty Rights', { megagroup: true, memberIds: [bob.id] });
			const run = await env.run(
				chain(
					[
						{ peer: `-${group.id}`, rank: 'Boss', rights: ['banUsers'] },
						{ peer: ref(superGroup), rank: '', rights: [] },
					],
					tgl('Promote', 'chat', 'promoteUser', { peer: byId('={{ $json.peer }}'), user: byUsername('bob_adm'), rights: '={{ $json.rights }}', rank: '={{ $json.rank }}' }, COF),
				),
				alice.id,
			);
			const out = run.output('Promote').map((i) => i.json);
			expect(out[0].error).toMatch(/no custom admin titles/);
			expect(out[1].error).toMatch(/at least one right/);
			expect(env.world.chat(group.id)!.participants.get(bob.id)!.admin).toBe(false);
			expect(env.world.channel(superGroup.id)!.members.get(bob.id)!.admin).toBe(false);
		});
	});
});
