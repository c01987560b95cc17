// Chat → Create Group / Join by Invite Link / Rename / Set Photo / Add User / Remove User through
// the n8n engine, over MTProto, checked in the items and in the loopback Telegram's world.
import { runWorkflow } from '../harness';
import { ATTACH, fileNodeTypes } from '../support/attach-file';
import { byId, byUsername, chain, node, TestEnv, tgl, type Workflow } from '../support/env';

const PNG_FILE = { fileName: 'photo.png', mimeType: 'image/png' };
// A 1×1 PNG, and a second one that differs in its pixel.
const PNG_A = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const PNG_B = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';

const COF = { onError: 'continueRegularOutput' as const };

/**
 * A channel as a Peer object with its access hash, as an earlier node would pass it: channels the
 * world creates reach the client by a push that may still be on its way when the node runs.
 */
const ref = (channel: { id: number; accessHash: { toString(): string } }) => ({ id: channel.id, type: 5, access_hash: channel.accessHash.toString() });

describe('Chat: groups and their members', () => {
	let env: TestEnv;
	let alice: { id: number };
	let bob: { id: number };
	let carol: { id: number };
	let dave: { id: number };
	let erin: { id: number };

	beforeAll(async () => {
		env = await TestEnv.start();
		alice = env.world.addUser({ firstName: 'Alice', username: 'alice_g', phone: '15551001' });
		bob = env.world.addUser({ firstName: 'Bob', username: 'bob_g', phone: '15551002' });
		carol = env.world.addUser({ firstName: 'Carol', username: 'carol_g' });
		dave = env.world.addUser({ firstName: 'Dave', username: 'dave_private' });
		erin = env.world.addUser({ firstName: 'Erin', username: 'erin_g' });
		env.world.setPrivacyRestricted(dave.id, true);
	});

	afterAll(async () => {
		await env.stop();
	});

	const withFile = (workflow: Workflow, asUser: number) =>
		env.credentials(asUser).then((credentials) => runWorkflow(workflow, { nodeTypes: fileNodeTypes, credentials }));

	describe('createGroupChat', () => {
		it('creates a basic group with users given as a comma list; the item is the new chat Peer', async () => {
			const run = await env.run(
				chain([{}], tgl('Create', 'chat', 'createGroupChat', { title: 'Book Club', users: '@bob_g, carol_g' })),
				alice.id,
			);
			expect(run.error).toBeUndefined();
			const [item] = run.output('Create');
			expect(item.json).toMatchObject({ type: 2, type_name: 'chat', title: 'Book Club', name: 'Book_Club', admin: true });
			expect(item.json).not.toHaveProperty('missing_invitees');
			expect([...(item.json.user_list as number[])].sort()).toEqual([alice.id, bob.id, carol.id].sort());
			const chat = env.world.chat(item.json.id as number)!;
			expect(chat.title).toBe('Book Club');
			expect([...chat.participants.keys()].sort()).toEqual([alice.id, bob.id, carol.id].sort());
			expect(env.world.history(bob.id, { chatId: chat.id })[0].action).toMatchObject({ kind: 'chatCreate', title: 'Book Club' });
		});

		it('takes a list of Peer objects from an expression and reports users kept out by privacy', async () => {
			const run = await env.run(
				chain(
					[{ who: [{ id: erin.id, type: 1, access_hash: env.world.user(erin.id)!.accessHash.toString() }, '@dave_private'] }],
					tgl('Create', 'chat', 'createGroupChat', { title: 'Quiet Room', users: '={{ $json.who }}' }),
				),
				alice.id,
			);
			expect(run.error).toBeUndefined();
			const [item] = run.output('Create');
			expect(item.json).toMatchObject({ type_name: 'chat', title: 'Quiet Room', missing_invitees: [dave.id] });
			const chat = env.world.chat(item.json.id as number)!;
			expect([...chat.participants.keys()].sort()).toEqual([alice.id, erin.id].sort());
		});

		it('refuses a group as a member, an empty title and an empty user list, and goes on', async () => {
			const group = env.world.createGroup(alice.id, 'Not A User', [bob.id]);
			const run = await env.run(
				chain(
					[
						{ t: 'One', u: `-${group.id}` },
						{ t: '', u: '@bob_g' },
						{ t: 'Three', u: ' , ' },
						{ t: 'Four', u: 'bob_g' },
					],
					tgl('Create', 'chat', 'createGroupChat', { title: '={{ $json.t }}', users: '={{ $json.u }}' }, COF),
				),
				alice.id,
			);
			expect(run.error).toBeUndefined();
			const out = run.output('Create');
			expect(out[0].json.error).toMatch(/is a basic group; this operation needs a user/);
			expect(out[1].json.error).toMatch(/title is empty/);
			expect(out[2].json.error).toMatch(/at least one user/);
			expect(out[3].json).toMatchObject({ type_name: 'chat', title: 'Four' });
			expect(out.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		});
	});

	describe('importChatLink', () => {
		it('joins by every link form; the item is the joined chat and the server has the new member', async () => {
			const groups = [1, 2, 3, 4].map((n) => env.world.createGroup(bob.id, `Hikers ${n}`, [carol.id]));
			const hashes = groups.map((g) => env.world.createInvite(g.id));
			const superGroup = env.world.createChannel(bob.id, 'Climbers', { megagroup: true, memberIds: [carol.id] });
			const channel = env.world.createChannel(bob.id, 'Summit News', { megagroup: false });
			const links = [
				`https://t.me/+${hashes[0]}`,
				`t.me/joinchat/${hashes[1]}`,
				`tg://join?invite=${hashes[2]}`,
				hashes[3],
				`https://t.me/+${env.world.createInvite(superGroup.id)}`,
				`https://telegram.me/joinchat/${env.world.createInvite(channel.id)}`,
			];
			const run = await env.run(
				chain(
					links.map((link) => ({ link })),
					tgl('Join', 'chat', 'importChatLink', { link: '={{ $json.link }}' }),
				),
				alice.id,
			);
			expect(run.error).toBeUndefined();
			const out = run.output('Join').map((i) => i.json);
			expect(out).toHaveLength(6);
			groups.forEach((g, n) => {
				expect(out[n]).toMatchObject({ id: g.id, type: 2, type_name: 'chat', title: `Hikers ${n + 1}`, left: false });
				expect([...(out[n].user_list as number[])].sort()).toEqual([alice.id, bob.id, carol.id].sort());
				expect(env.world.chat(g.id)!.participants.has(alice.id)).toBe(true);
			});
			expect(out[4]).toMatchObject({ id: superGroup.id, type: 5, type_name: 'channel', megagroup: true, title: 'Climbers' });
			expect(out[5]).toMatchObject({ id: channel.id, type: 5, megagroup: false, title: 'Summit News', access_hash: expect.any(String) });
			expect(env.world.channel(superGroup.id)!.members.has(alice.id)).toBe(true);
			expect(env.world.channel(channel.id)!.members.has(alice.id)).toBe(true);
			expect(env.world.history(alice.id, { chatId: groups[0].id })[0].action).toMatchObject({ kind: 'joinedByLink', inviterId: bob.id });
		});

		it('fails clearly on expired, unknown and non-invite links; the other items still go', async () => {
			const group = env.world.createGroup(bob.id, 'Late Hikers', [carol.id]);
			const expired = env.world.createInvite(group.id, bob.id, { expireDate: 1000 });
			const good = env.world.createInvite(group.id);
			const run = await env.run(
				chain(
					[{ link: `https://t.me/+${expired}` }, { link: 'https://t.me/+NoSuchInviteHash1' }, { link: 'https://t.me/bob_g' }, { link: `t.me/+${good}` }],
					tgl('Join', 'chat', 'importChatLink', { link: '={{ $json.link }}' }, COF),
				),
				alice.id,
			);
			expect(run.error).toBeUndefined();
			const out = run.output('Join').map((i) => i.json);
			expect(out[0].error).toMatch(/^INVITE_HASH_EXPIRED: .*expired/);
			expect(out[1].error).toMatch(/^INVITE_HASH_INVALID: /);
			expect(out[2].error).toMatch(/public link, not an invite link/);
			expect(out[3]).toMatchObject({ id: group.id, type_name: 'chat' });
			expect(env.world.chat(group.id)!.participants.has(alice.id)).toBe(true);
		});

		it('stops the workflow on a bad link without Continue On Fail, naming the item', async () => {
			const run = await env.run(chain([{}], tgl('Join', 'chat', 'importChatLink', { link: 'not a link at all' })), alice.id);
			expect(run.error?.message).toMatch(/is not an invite link/);
			expect(run.error?.context.itemIndex).toBe(0);
		});
	});

	describe('renameChat', () => {
		it('renames a basic group and a supergroup; each gets its service message', async () => {
			const group = env.world.createGroup(alice.id, 'Old Name', [bob.id]);
			const superGroup = env.world.createChannel(alice.id, 'Old Super', { megagroup: true, memberIds: [bob.id] });
			const run = await env.run(
				chain(
					[{ peer: `-${group.id}`, title: 'New Name' }, { peer: ref(superGroup), title: 'New Super' }],
					tgl('Rename', 'chat', 'renameChat', { peer: byId('={{ $json.peer }}'), title: '={{ $json.title }}' }),
				),
				alice.id,
			);
			expect(run.error).toBeUndefined();
			expect(run.output('Rename').map((i) => [i.json, i.pairedItem])).toEqual([
				[{ success: true }, { item: 0 }],
				[{ success: true }, { item: 1 }],
			]);
			expect(env.world.chat(group.id)!.title).toBe('New Name');
			expect(env.world.history(bob.id, { chatId: group.id })[0].action).toEqual({ kind: 'editTitle', title: 'New Name' });
			expect(env.world.channel(superGroup.id)!.title).toBe('New Super');
			expect(env.world.history(bob.id, { channelId: superGroup.id })[0]).toMatchObject({ fromId: alice.id, action: { kind: 'editTitle', title: 'New Super' } });
		});

		it('refuses a user, and reports CHAT_ADMIN_REQUIRED for a plain member of a supergroup', async () => {
			const superGroup = env.world.createChannel(bob.id, "Bob's Place", { megagroup: true, memberIds: [alice.id] });
			const run = await env.run(
				chain(
					[{ peer: '@carol_g' }, { peer: ref(superGroup) }],
					tgl('Rename', 'chat', 'renameChat', { peer: byUsername('={{ $json.peer }}'), title: 'Mine Now' }, COF),
				),
				alice.id,
			);
			expect(run.error).toBeUndefined();
			const out = run.output('Rename').map((i) => i.json);
			expect(out[0].error).toMatch(/is a user; this operation needs a basic group or a channel or supergroup/);
			expect(out[1].error).toMatch(/^CHAT_ADMIN_REQUIRED: You must be an admin/);
			expect(env.world.channel(superGroup.id)!.title).toBe("Bob's Place");
		});
	});

	describe('chatSetPhoto', () => {
		it('sets the photo of a basic group and a supergroup from binary data; the item is the service Msg', async () => {
			const group = env.world.createGroup(alice.id, 'Photo Club', [bob.id]);
			const superGroup = env.world.createChannel(alice.id, 'Photo Super', { megagroup: true, memberIds: [bob.id] });
			const run = await withFile(
				chain(
					[{ peer: `-${group.id}`, png: PNG_A }, { peer: ref(superGroup), png: PNG_B }],
					node('Attach', ATTACH, { base64: '={{ $json.png }}', ...PNG_FILE }),
					tgl('Photo', 'chat', 'chatSetPhoto', { peer: byId('={{ $json.peer }}') }),
				),
				alice.id,
			);
			expect(run.error).toBeUndefined();
			const [basic, sup] = run.output('Photo').map((i) => i.json);
			expect(basic).toMatchObject({
				service: true,
				out: true,
				action: 5, // ACTION_CHAT_EDIT_PHOTO
				text: null,
				src: { id: alice.id },
				dest: { id: group.id, type_name: 'chat', title: 'Photo Club' },
			});
			expect(sup).toMatchObject({ service: true, action: 5, dest: { id: superGroup.id, type: 5, megagroup: true } });
			const chatPhoto = env.world.db.files.photos.get(env.world.chat(group.id)!.photoId!)!;
			expect(chatPhoto.sizes.at(-1)!.bytes.equals(Buffer.from(PNG_A, 'base64'))).toBe(true);
			const superPhoto = env.world.db.files.photos.get(env.world.channel(superGroup.id)!.photoId!)!;
			expect(superPhoto.sizes.at(-1)!.bytes.equals(Buffer.from(PNG_B, 'base64'))).toBe(true);
			expect(basic.action_details).toEqual({ photo_id: String(chatPhoto.id) });
			const [atBob] = env.world.history(bob.id, { chatId: group.id });
			expect(atBob.action).toEqual({ kind: 'editPhoto', photoId: chatPhoto.id });
		});

		it('fails clearly without the binary property, and on a user; the good item still goes', async () => {
			const group = env.world.createGroup(alice.id, 'No Photo Yet', [bob.id]);
			const run = await withFile(
				chain(
					[{ peer: `-${group.id}`, png: '' }, { peer: String(bob.id), png: PNG_A }, { peer: `-${group.id}`, png: PNG_B }],
					node('Attach', ATTACH, { base64: '={{ $json.png }}', ...PNG_FILE }),
					tgl('Photo', 'chat', 'chatSetPhoto', { peer: byId('={{ $json.peer }}') }, COF),
				),
				alice.id,
			);
			expect(run.error).toBeUndefined();
			const out = run.output('Photo').map((i) => i.json);
			expect(out[0].error).toMatch(/binary file 'data', but none was found/);
			expect(out[1].error).toMatch(/is a user; this operation needs/);
			expect(out[2]).toMatchObject({ service: true, action: 5 });
			expect(env.world.chat(group.id)!.photoId).toBeDefined();
		});
	});

	describe('chatAddUser', () => {
		it('adds a user to a basic group and to a supergroup', async () => {
			const group = env.world.createGroup(alice.id, 'Growing', [bob.id]);
			const superGroup = env.world.createChannel(alice.id, 'Growing Super', { megagroup: true, memberIds: [bob.id] });
			const run = await env.run(
				chain(
					[{ peer: `-${group.id}` }, { peer: ref(superGroup) }],
					tgl('Add', 'chat', 'chatAddUser', { peer: byId('={{ $json.peer }}'), user: byUsername('@erin_g') }),
				),
				alice.id,
			);
			expect(run.error).toBeUndefined();
			expect(run.output('Add').map((i) => i.json)).toEqual([{ success: true }, { success: true }]);
			expect(env.world.chat(group.id)!.participants.get(erin.id)).toMatchObject({ inviterId: alice.id });
			expect(env.world.history(erin.id, { chatId: group.id })[0].action).toEqual({ kind: 'addUser', userIds: [erin.id] });
			expect(env.world.channel(superGroup.id)!.members.has(erin.id)).toBe(true);
		});

		it('reports USER_PRIVACY_RESTRICTED in a basic group and a supergroup, a non-user, and goes on', async () => {
			const group = env.world.createGroup(alice.id, 'Private Party', [bob.id]);
			const superGroup = env.world.createChannel(alice.id, 'Private Super', { megagroup: true, memberIds: [bob.id] });
			const run = await env.run(
				chain(
					[
						{ peer: `-${group.id}`, user: '@dave_private' },
						{ peer: ref(superGroup), user: '@dave_private' },
						{ peer: `-${group.id}`, user: ref(superGroup) },
						{ peer: `-${group.id}`, user: '@carol_g' },
					],
					tgl('Add', 'chat', 'chatAddUser', { peer: byId('={{ $json.peer }}'), user: byUsername('={{ $json.user }}') }, COF),
				),
				alice.id,
			);
			expect(run.error).toBeUndefined();
			const out = run.output('Add').map((i) => i.json);
			expect(out[0].error).toMatch(/^USER_PRIVACY_RESTRICTED: .*privacy/);
			expect(out[1].error).toMatch(/^USER_PRIVACY_RESTRICTED: .*privacy/);
			expect(out[1].description).toMatch(/invite link/);
			expect(out[2].error).toMatch(/is a channel or supergroup; this operation needs a user/);
			expect(out[3]).toEqual({ success: true });
			expect(env.world.chat(group.id)!.participants.has(dave.id)).toBe(false);
			expect(env.world.channel(superGroup.id)!.members.has(dave.id)).toBe(false);
			expect(env.world.chat(group.id)!.participants.has(carol.id)).toBe(true);
		});
	});

	describe('chatDelUser', () => {
		it('removes a user from a basic group and from a supergroup (who may come back)', async () => {
			const group = env.world.createGroup(alice.id, 'Shrinking', [bob.id, carol.id]);
			const superGroup = env.world.createChannel(alice.id, 'Shrinking Super', { megagroup: true, memberIds: [bob.id, carol.id] });
			const run = await env.run(
				chain(
					[{ peer: `-${group.id}` }, { peer: ref(superGroup) }],
					tgl('Remove', 'chat', 'chatDelUser', { peer: byId('={{ $json.peer }}'), user: byUsername('bob_g') }),
				),
				alice.id,
			);
			expect(run.error).toBeUndefined();
			expect(run.output('Remove').map((i) => i.json)).toEqual([{ success: true }, { success: true }]);
			expect(env.world.chat(group.id)!.participants.has(bob.id)).toBe(false);
			expect(env.world.history(alice.id, { chatId: group.id })[0].action).toEqual({ kind: 'deleteUser', userId: bob.id });
			const sup = env.world.channel(superGroup.id)!;
			expect(sup.members.has(bob.id)).toBe(false);
			expect(sup.kicked.has(bob.id)).toBe(false);
			expect(env.world.history(alice.id, { channelId: superGroup.id }).some((m) => m.action?.kind === 'deleteUser')).toBe(true);
		});

		it('keeps the user banned when asked, and leaves when the user is yourself', async () => {
			const superGroup = env.world.createChannel(bob.id, 'Strict Super', { megagroup: true, memberIds: [alice.id, carol.id] });
			env.world.db.channels.get(superGroup.id)!.members.get(alice.id)!.admin = true;
			const leave = env.world.createChannel(bob.id, 'Leaving Super', { megagroup: true, memberIds: [alice.id] });
			const run = await env.run(
				chain(
					[{ peer: ref(superGroup), user: '@carol_g' }, { peer: ref(leave), user: '@alice_g' }],
					tgl('Remove', 'chat', 'chatDelUser', { peer: byId('={{ $json.peer }}'), user: byUsername('={{ $json.user }}'), ban: true }),
				),
				alice.id,
			);
			expect(run.error).toBeUndefined();
			expect(run.output('Remove').map((i) => i.json)).toEqual([{ success: true }, { success: true }]);
			expect(env.world.channel(superGroup.id)!.kicked.has(carol.id)).toBe(true);
			expect(env.world.channel(leave.id)!.members.has(alice.id)).toBe(false);
		});

		it('fails clearly for a non-member, a non-admin and a wrong peer type', async () => {
			const group = env.world.createGroup(bob.id, 'Not Yours', [alice.id, carol.id]);
			const superGroup = env.world.createChannel(alice.id, 'Members Only', { megagroup: true, memberIds: [bob.id] });
			const run = await env.run(
				chain(
					[
						{ peer: ref(superGroup), user: '@erin_g' },
						{ peer: { type_name: 'chat', id: group.id }, user: '@carol_g' },
						{ peer: '@bob_g', user: '@carol_g' },
					],
					tgl('Remove', 'chat', 'chatDelUser', { peer: byUsername('={{ $json.peer }}'), user: byUsername('={{ $json.user }}') }, COF),
				),
				alice.id,
			);
			expect(run.error).toBeUndefined();
			const out = run.output('Remove').map((i) => i.json);
			expect(out[0].error).toMatch(/^USER_NOT_PARTICIPANT: /);
			expect(env.world.channel(superGroup.id)!.kicked.has(erin.id)).toBe(false);
			expect(out[1].error).toMatch(/^CHAT_ADMIN_REQUIRED: /);
			expect(env.world.chat(group.id)!.participants.has(carol.id)).toBe(true);
			expect(out[2].error).toMatch(/is a user; this operation needs/);
		});
	});
});
