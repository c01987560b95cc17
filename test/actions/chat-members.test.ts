// Chat → Create Channel / Get Members / Leave / Create Invite Link / Set About through the n8n
// engine, over MTProto, checked in the items and in the loopback Telegram's world.
import { byId, chain, TestEnv, tgl } from '../support/env';

const COF = { onError: 'continueRegularOutput' as const };

/** A channel as a Peer object with its access hash, as an earlier node would pass it. */
const ref = (channel: { id: number; accessHash: { toString(): string } }) => ({ id: channel.id, type: 5, access_hash: channel.accessHash.toString() });

describe('Chat: channels, members, links and descriptions', () => {
	let env: TestEnv;
	let alice: { id: number };
	let bob: { id: number };
	let carol: { id: number };
	let robot: { id: number };

	beforeAll(async () => {
		env = await TestEnv.start();
		alice = env.world.addUser({ firstName: 'Alice', lastName: 'Smith', username: 'alice_mem' });
		bob = env.world.addUser({ firstName: 'Bob', lastName: 'Stone', username: 'bob_mem' });
		carol = env.world.addUser({ firstName: 'Carol', username: 'carol_mem' });
		robot = env.world.addUser({ firstName: 'Helper', username: 'helper_bot' });
		env.world.user(robot.id)!.bot = true;
	});

	afterAll(async () => {
		await env.stop();
	});

	describe('createChannel', () => {
		it('creates a broadcast channel and a supergroup with their descriptions; the items are their Peers', async () => {
			const run = await env.run(
				chain(
					[
						{ type: 'channel', title: 'Daily News', about: 'News every morning' },
						{ type: 'supergroup', title: 'Team Room', about: '' },
					],
					tgl('Create', 'chat', 'createChannel', { channelType: '={{ $json.type }}', title: '={{ $json.title }}', about: '={{ $json.about }}' }),
				),
				alice.id,
			);
			expect(run.error).toBeUndefined();
			const [news, room] = run.output('Create').map((i) => i.json);
			expect(news).toMatchObject({ type: 5, type_name: 'channel', title: 'Daily News', megagroup: false, access_hash: expect.any(String) });
			expect(room).toMatchObject({ type: 5, type_name: 'channel', title: 'Team Room', megagroup: true });
			expect(env.world.channel(news.id as number)).toMatchObject({ title: 'Daily News', about: 'News every morning', megagroup: false, creatorId: alice.id });
			expect(env.world.channel(room.id as number)).toMatchObject({ title: 'Team Room', about: '', megagroup: true });
		});

		it('checks title and description lengths before calling, and explains CHANNELS_TOO_MUCH', async () => {
			const joiner = env.world.addUser({ firstName: 'Joiner', username: 'joiner_mem' });
			for (let n = 0; n < 500; n++) env.world.createChannel(joiner.id, `Mine ${n}`, { megagroup: n % 2 === 0 });
			const before = env.world.db.channels.size;
			const run = await env.run(
				chain(
					[{ title: '', about: '' }, { title: 'Fine', about: 'x'.repeat(256) }, { title: 'One Too Many', about: '' }],
					tgl('Create', 'chat', 'createChannel', { channelType: 'supergroup', title: '={{ $json.title }}', about: '={{ $json.about }}' }, COF),
				),
				joiner.id,
			);
			expect(run.error).toBeUndefined();
			const out = run.output('Create').map((i) => i.json);
			expect(out[0].error).toMatch(/chat title is empty/);
			expect(out[1].error).toMatch(/chat description \(about\) has 256 characters; Telegram allows at most 255/);
			expect(out[2].error).toMatch(/^CHANNELS_TOO_MUCH: You are a member of too many groups and channels/);
			expect(env.world.db.channels.size).toBe(before);
		});
	});

	describe('getMembers', () => {
		it('lists a basic group with roles and filters admins, bots and names; a ban list is refused', async () => {
			const group = env.world.createGroup(alice.id, 'Small Group', [bob.id, carol.id, robot.id]);
			env.world.chat(group.id)!.participants.get(bob.id)!.admin = true;
			const run = await env.run(
				chain(
					[
						{ filter: 'all', query: '' },
						{ filter: 'admins', query: '' },
						{ filter: 'bots', query: '' },
						{ filter: 'search', query: 'sto' },
						{ filter: 'banned', query: '' },
					],
					tgl(
						'Members',
						'chat',
						'getMembers',
						{ peer: byId(`-${group.id}`), filter: '={{ $json.filter }}', query: '={{ $json.query }}', returnAll: true },
						COF,
					),
				),
				alice.id,
			);
			expect(run.error).toBeUndefined();
			const out = run.output('Members');
			const byItem = (n: number) => out.filter((i) => (i.pairedItem as { item: number }).item === n).map((i) => i.json);
			const all = byItem(0);
			expect(all.map((m) => [m.id, m.role])).toEqual(
				expect.arrayContaining([
					[alice.id, 'creator'],
					[bob.id, 'admin'],
					[carol.id, 'member'],
					[robot.id, 'member'],
				]),
			);
			expect(all).toHaveLength(4);
			expect(all.find((m) => m.id === bob.id)).toMatchObject({ type_name: 'user', first_name: 'Bob', username: 'bob_mem', rank: null });
			expect(byItem(1).map((m) => m.id).sort()).toEqual([alice.id, bob.id].sort());
			expect(byItem(2).map((m) => m.id)).toEqual([robot.id]);
			expect(byItem(3).map((m) => m.id)).toEqual([bob.id]);
			expect(byItem(4)[0].error).toMatch(/Basic groups keep no ban list/);
		});

		it('pages through a supergroup of 251 members: Return All gets every one, Limit stops where asked', async () => {
			const crowd = Array.from({ length: 250 }, (_, n) => env.world.addUser({ firstName: `Member${n}` }).id);
			const superGroup = env.world.createChannel(alice.id, 'Big Room', { megagroup: true, memberIds: crowd });
			const calls = () => env.server.callCount('channels.GetParticipants');
			const members = (returnAll: boolean, limit: number) =>
				env.run(chain([{ peer: ref(superGroup) }], tgl('Members', 'chat', 'getMembers', { peer: byId('={{ $json.peer }}'), filter: 'all', returnAll, limit })), alice.id);

			let before = calls();
			const all = await members(true, 0);
			expect(all.error).toBeUndefined();
			const everyone = all.output('Members').map((i) => i.json);
			expect(everyone).toHaveLength(251);
			expect(new Set(everyone.map((m) => m.id)).size).toBe(251);
			expect(everyone.find((m) => m.id === alice.id)).toMatchObject({ role: 'creator' });
			expect(everyone.filter((m) => m.role === 'member')).toHaveLength(250);
			expect(calls() - before).toBe(2); // 200 + 51

			before = calls();
			const some = await members(false, 230);
			expect(some.output('Members')).toHaveLength(230);
			expect(calls() - before).toBe(2); // 200 + 30

			before = calls();
			const few = await members(false, 5);
			expect(few.output('Members')).toHaveLength(5);
			expect(calls() - before).toBe(1);
			expect(env.world.channel(superGroup.id)!.members.size).toBe(251);
		});

		it('filters a supergroup: admins with their titles, bots, a name search and the banned', async () => {
			const superGroup = env.world.createChannel(alice.id, 'Filtered Room', { megagroup: true, memberIds: [bob.id, carol.id, robot.id] });
			const channel = env.world.channel(superGroup.id)!;
			Object.assign(channel.members.get(bob.id)!, { admin: true, rights: ['banUsers'], rank: 'Moderator', promotedBy: alice.id });
			env.world.removeChatMember(superGroup.id, carol.id, alice.id);
			channel.kicked.add(carol.id);
			const run = await env.run(
				chain(
					[
						{ filter: 'admins', query: '' },
						{ filter: 'bots', query: '' },
						{ filter: 'search', query: 'bob st' },
						{ filter: 'banned', query: '' },
					],
					tgl('Members', 'chat', 'getMembers', { peer: byId(`-100${superGroup.id}`), filter: '={{ $json.filter }}', query: '={{ $json.query }}', returnAll: true }),
				),
				alice.id,
			);
			expect(run.error).toBeUndefined();
			const out = run.output('Members');
			const byItem = (n: number) => out.filter((i) => (i.pairedItem as { item: number }).item === n).map((i) => i.json);
			expect(byItem(0).map((m) => [m.id, m.role, m.rank])).toEqual([
				[alice.id, 'creator', null],
				[bob.id, 'admin', 'Moderator'],
			]);
			expect(byItem(1).map((m) => m.id)).toEqual([robot.id]);
			expect(byItem(2).map((m) => m.id)).toEqual([bob.id]);
			expect(byItem(3).map((m) => [m.id, m.role, m.banned_until])).toEqual([[carol.id, 'banned', null]]);
		});

		it("explains CHAT_ADMIN_REQUIRED for a broadcast channel's members asked by a subscriber", async () => {
			const news = env.world.createChannel(bob.id, 'Bob News', { megagroup: false, memberIds: [alice.id] });
			const run = await env.run(chain([{ peer: ref(news) }], tgl('Members', 'chat', 'getMembers', { peer: byId('={{ $json.peer }}'), filter: 'all' }, COF)), alice.id);
			expect(run.error).toBeUndefined();
			const [item] = run.output('Members');
			expect(item.json.error).toMatch(/^CHAT_ADMIN_REQUIRED: You must be an admin of this chat.*only admins see the member list/);
			expect(item.json.description).toMatch(/channels.GetParticipants/);
		});
	});

	describe('leaveChat', () => {
		it('leaves a basic group and a supergroup; the others see the service message', async () => {
			const group = env.world.createGroup(bob.id, 'Leave Basic', [alice.id, carol.id]);
			const superGroup = env.world.createChannel(bob.id, 'Leave Super', { megagroup: true, memberIds: [alice.id, carol.id] });
			const run = await env.run(
				chain([{ peer: `-${group.id}` }, { peer: ref(superGroup) }], tgl('Leave', 'chat', 'leaveChat', { peer: byId('={{ $json.peer }}') })),
				alice.id,
			);
			expect(run.error).toBeUndefined();
			expect(run.output('Leave').map((i) => i.json)).toEqual([{ success: true }, { success: true }]);
			expect(env.world.chat(group.id)!.participants.has(alice.id)).toBe(false);
			expect(env.world.history(carol.id, { chatId: group.id })[0].action).toEqual({ kind: 'deleteUser', userId: alice.id });
			expect(env.world.channel(superGroup.id)!.members.has(alice.id)).toBe(false);
			expect(env.world.channel(superGroup.id)!.kicked.has(alice.id)).toBe(false);
			expect(env.world.history(carol.id, { channelId: superGroup.id })[0].action).toEqual({ kind: 'deleteUser', userId: alice.id });
		});
	});

	describe('exportChatLink', () => {
		it('creates links with and without expiry and usage limit; the world keeps them and they work', async () => {
			const superGroup = env.world.createChannel(alice.id, 'Link Room', { megagroup: true, memberIds: [bob.id] });
			const expires = new Date(Date.now() + 86400_000);
			const link = (linkOptions: { expireDate?: string; usageLimit?: number }) =>
				env.run(chain([{}], tgl('Link', 'chat', 'exportChatLink', { peer: byId(`-100${superGroup.id}`), linkOptions })), alice.id);
			const first = await link({});
			const second = await link({ expireDate: expires.toISOString(), usageLimit: 5 });
			expect(first.error).toBeUndefined();
			expect(second.error).toBeUndefined();
			const [plain] = first.output('Link').map((i) => i.json);
			const [limited] = second.output('Link').map((i) => i.json);
			expect(plain).toMatchObject({ link: expect.stringMatching(/^https:\/\/t\.me\/\+/), expire_date: null, usage_limit: null, admin_id: alice.id });
			expect(limited).toMatchObject({ expire_date: new Date(Math.floor(expires.getTime() / 1000) * 1000).toISOString(), usage_limit: 5 });
			const invite = env.world.db.invites.get(String(limited.link).replace('https://t.me/+', ''))!;
			expect(invite).toMatchObject({ targetId: superGroup.id, adminId: alice.id, usageLimit: 5, expireDate: Math.floor(expires.getTime() / 1000) });

			const join = await env.run(chain([{}], tgl('Join', 'chat', 'importChatLink', { link: String(plain.link) })), carol.id);
			expect(join.error).toBeUndefined();
			expect(env.world.channel(superGroup.id)!.members.has(carol.id)).toBe(true);
		});

		it('explains USAGE_LIMIT_INVALID, EXPIRE_DATE_INVALID and CHAT_ADMIN_REQUIRED; no link is made', async () => {
			const superGroup = env.world.createChannel(alice.id, 'Bad Links', { megagroup: true, memberIds: [bob.id] });
			const before = env.world.db.invites.size;
			const mine = await env.run(
				chain(
					[{ limit: 100000, expire: new Date(Date.now() + 3600_000).toISOString() }, { limit: 10, expire: '2020-01-01T00:00:00Z' }],
					tgl('Link', 'chat', 'exportChatLink', { peer: byId(`-100${superGroup.id}`), linkOptions: { usageLimit: '={{ $json.limit }}', expireDate: '={{ $json.expire }}' } }, COF),
				),
				alice.id,
			);
			const out = mine.output('Link').map((i) => i.json);
			expect(out[0].error).toMatch(/^USAGE_LIMIT_INVALID: .*between 1 and 99999/);
			expect(out[1].error).toMatch(/^EXPIRE_DATE_INVALID: .*in the future/);
			const member = await env.run(
				chain([{ peer: ref(superGroup) }], tgl('Link', 'chat', 'exportChatLink', { peer: byId('={{ $json.peer }}') }, COF)),
				bob.id,
			);
			expect(member.output('Link')[0].json.error).toMatch(/^CHAT_ADMIN_REQUIRED: You must be an admin/);
			expect(env.world.db.invites.size).toBe(before);
		});
	});

	describe('setChatAbout', () => {
		it('sets the description of a basic group and a channel; a second time explains CHAT_ABOUT_NOT_MODIFIED', async () => {
			const group = env.world.createGroup(alice.id, 'About Basic', [bob.id]);
			const news = env.world.createChannel(alice.id, 'About News', { megagroup: false });
			const run = await env.run(
				chain(
					[
						{ peer: `-${group.id}`, about: 'We read books' },
						{ peer: ref(news), about: 'Morning news' },
						{ peer: ref(news), about: 'Morning news' },
					],
					tgl('About', 'chat', 'setChatAbout', { peer: byId('={{ $json.peer }}'), about: '={{ $json.about }}' }, COF),
				),
				alice.id,
			);
			expect(run.error).toBeUndefined();
			const out = run.output('About').map((i) => i.json);
			expect(out.slice(0, 2)).toEqual([{ success: true }, { success: true }]);
			expect(out[2].error).toMatch(/^CHAT_ABOUT_NOT_MODIFIED: Nothing changed/);
			expect(env.world.chat(group.id)!.about).toBe('We read books');
			expect(env.world.channel(news.id)!.about).toBe('Morning news');
		});

		it('refuses 256 characters before calling and explains CHAT_ADMIN_REQUIRED for a subscriber', async () => {
			const superGroup = env.world.createChannel(bob.id, 'Not Yours', { megagroup: true, memberIds: [alice.id] });
			const run = await env.run(
				chain(
					[
						{ peer: ref(superGroup), about: 'y'.repeat(256) },
						{ peer: ref(superGroup), about: 'Mine now' },
					],
					tgl('About', 'chat', 'setChatAbout', { peer: byId('={{ $json.peer }}'), about: '={{ $json.about }}' }, COF),
				),
				alice.id,
			);
			const out = run.output('About').map((i) => i.json);
			expect(out[0].error).toMatch(/has 256 characters; Telegram allows at most 255/);
			expect(out[1].error).toMatch(/^CHAT_ADMIN_REQUIRED: You must be an admin of this chat.*change info/);
			expect(env.world.channel(superGroup.id)!.about).toBe('');
		});
	});

});
