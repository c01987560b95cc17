import { Api } from 'telegram';
import bigInt from 'big-integer';
import { World } from './world';
import { createHandlers } from './handlers';
import { RecordingSink, fakeContext, invoke } from './world/fakes';

function setup() {
	const sink = new RecordingSink();
	const world = new World(sink);
	const handlers = createHandlers(world);
	const alice = world.addUser({ firstName: 'Alice', lastName: 'A', username: 'alice_a', phone: '+1 555 0001' });
	const bob = world.addUser({ firstName: 'Bob', username: 'bobby', phone: '15550002' });
	const carol = world.addUser({ firstName: 'Carol' });
	return { sink, world, handlers, alice, bob, carol };
}

const inputUser = (u: { id: number; accessHash: any }) => new Api.InputUser({ userId: bigInt(u.id), accessHash: u.accessHash });
const inputPeer = (u: { id: number; accessHash: any }) => new Api.InputPeerUser({ userId: bigInt(u.id), accessHash: u.accessHash });

async function expectRpc(promise: Promise<unknown>, message: string) {
	await expect(promise).rejects.toMatchObject({ errorMessage: message });
}

describe('help', () => {
	it('answers config and nearest dc without login', async () => {
		const { handlers } = setup();
		const ctx = fakeContext(undefined);
		const config = await invoke<Api.Config>(handlers, ctx, new Api.help.GetConfig());
		expect(config.thisDc).toBe(2);
		expect(config.testMode).toBe(false);
		expect(config.dcOptions[0]).toMatchObject({ id: 2, ipAddress: '127.0.0.1', port: 443 });
		expect(config.expires).toBeGreaterThan(config.date);
		const nearest = await invoke<Api.NearestDc>(handlers, ctx, new Api.help.GetNearestDc());
		expect(nearest.thisDc).toBe(2);
	});

	it('refuses logged-out calls that need an account', async () => {
		const { handlers } = setup();
		await expectRpc(invoke(handlers, fakeContext(undefined), new Api.updates.GetState()), 'AUTH_KEY_UNREGISTERED');
	});
});

describe('users and usernames', () => {
	it('gets self and others by id and hash, skipping wrong hashes', async () => {
		const { handlers, alice, bob } = setup();
		const users = await invoke<Api.User[]>(handlers, fakeContext(alice.id), new Api.users.GetUsers({
			id: [new Api.InputUserSelf(), inputUser(bob), new Api.InputUser({ userId: bigInt(bob.id), accessHash: bigInt(1) })],
		}));
		expect(users).toHaveLength(2);
		expect(users[0]).toMatchObject({ self: true, firstName: 'Alice', lastName: 'A', username: 'alice_a', phone: '15550001' });
		expect(users[1].firstName).toBe('Bob');
		expect(users[1].phone).toBeUndefined();
		expect(users[1].accessHash!.equals(bob.accessHash)).toBe(true);
	});

	it('gets a full user and checks the access hash', async () => {
		const { handlers, alice, bob } = setup();
		const full = await invoke<Api.users.UserFull>(handlers, fakeContext(alice.id), new Api.users.GetFullUser({ id: inputUser(bob) }));
		expect(full.fullUser.id.toJSNumber()).toBe(bob.id);
		expect((full.users[0] as Api.User).firstName).toBe('Bob');
		await expectRpc(
			invoke(handlers, fakeContext(alice.id), new Api.users.GetFullUser({ id: new Api.InputUser({ userId: bigInt(bob.id), accessHash: bigInt(5) }) })),
			'USER_ID_INVALID',
		);
	});

	it('resolves usernames with Telegram errors', async () => {
		const { handlers, world, alice, bob } = setup();
		const ctx = fakeContext(alice.id);
		const resolved = await invoke<Api.contacts.ResolvedPeer>(handlers, ctx, new Api.contacts.ResolveUsername({ username: 'BOBBY' }));
		expect((resolved.peer as Api.PeerUser).userId.toJSNumber()).toBe(bob.id);
		await expectRpc(invoke(handlers, ctx, new Api.contacts.ResolveUsername({ username: 'nobody_here' })), 'USERNAME_NOT_OCCUPIED');
		await expectRpc(invoke(handlers, ctx, new Api.contacts.ResolveUsername({ username: 'a!' })), 'USERNAME_INVALID');
		const channel = world.createChannel(alice.id, 'News', { megagroup: false, username: 'newsroom' });
		const byChannel = await invoke<Api.contacts.ResolvedPeer>(handlers, ctx, new Api.contacts.ResolveUsername({ username: 'newsroom' }));
		expect((byChannel.peer as Api.PeerChannel).channelId.toJSNumber()).toBe(channel.id);
		expect((byChannel.chats[0] as Api.Channel).accessHash!.equals(channel.accessHash)).toBe(true);
	});

	it('changes usernames as account.updateUsername does: errors, a freed name, updateUserName to chat partners', async () => {
		const { handlers, world, sink, alice, bob, carol } = setup();
		world.sendMessage(alice.id, { userId: bob.id }, 'hi');
		const asBob = fakeContext(bob.id);
		await expectRpc(invoke(handlers, asBob, new Api.account.UpdateUsername({ username: 'bobb' })), 'USERNAME_INVALID');
		await expectRpc(invoke(handlers, asBob, new Api.account.UpdateUsername({ username: 'alice_a' })), 'USERNAME_OCCUPIED');
		await expectRpc(invoke(handlers, asBob, new Api.account.UpdateUsername({ username: 'bobby' })), 'USERNAME_NOT_MODIFIED');
		sink.clear();
		const me = await invoke<Api.User>(handlers, asBob, new Api.account.UpdateUsername({ username: '' }));
		expect(me.username).toBeUndefined();
		await expectRpc(invoke(handlers, asBob, new Api.account.UpdateUsername({ username: '' })), 'USERNAME_NOT_MODIFIED');
		// Alice chats with Bob: she is told; Carol is not.
		const told = (sink.to(alice.id) as Api.Updates[]).flatMap((u) => u.updates);
		expect(told.find((u) => u instanceof Api.UpdateUserName)).toMatchObject({ usernames: [] });
		expect(sink.to(carol.id)).toEqual([]);
		const ctx = fakeContext(alice.id);
		await expectRpc(invoke(handlers, ctx, new Api.contacts.ResolveUsername({ username: 'bobby' })), 'USERNAME_NOT_OCCUPIED');
		await invoke(handlers, fakeContext(carol.id), new Api.account.UpdateUsername({ username: 'bobby' }));
		const resolved = await invoke<Api.contacts.ResolvedPeer>(handlers, ctx, new Api.contacts.ResolveUsername({ username: 'bobby' }));
		expect((resolved.peer as Api.PeerUser).userId.toJSNumber()).toBe(carol.id);
	});

	it('updates status and contacts list', async () => {
		const { handlers, world, sink, alice, bob } = setup();
		world.addContact(bob.id, alice.id, { firstName: 'Ally' });
		sink.clear();
		expect(await invoke(handlers, fakeContext(alice.id), new Api.account.UpdateStatus({ offline: false }))).toBe(true);
		expect(world.user(alice.id)!.online).toBe(true);
		const pushed = sink.to(bob.id)[0] as Api.Updates;
		expect(pushed.updates[0].className).toBe('UpdateUserStatus');
		expect(pushed.seq).toBe(world.stateOf(bob.id).seq);
		const contacts = await invoke<Api.contacts.Contacts>(handlers, fakeContext(bob.id), new Api.contacts.GetContacts({ hash: bigInt(0) }));
		expect(contacts.contacts[0].userId.toJSNumber()).toBe(alice.id);
		expect((contacts.users[0] as Api.User)).toMatchObject({ firstName: 'Ally', contact: true, phone: '15550001' });
	});
});

describe('private messages', () => {
	it('sends with short answers, per-box ids and pushes', async () => {
		const { handlers, world, sink, alice, bob } = setup();
		world.sendMessage(bob.id, { userId: alice.id }, 'hi alice');
		sink.clear();
		const ctx = fakeContext(alice.id);
		const sent = await invoke<Api.UpdateShortSentMessage>(handlers, ctx, new Api.messages.SendMessage({
			peer: inputPeer(bob),
			message: 'hello bob',
			randomId: bigInt(77),
			noWebpage: true,
			replyTo: new Api.InputReplyToMessage({ replyToMsgId: 1 }),
		}));
		expect(sent.className).toBe('UpdateShortSentMessage');
		expect(sent.id).toBe(2);
		expect(sent.pts).toBe(2);
		expect(sent.ptsCount).toBe(1);
		const aliceBox = world.history(alice.id, { userId: bob.id });
		expect(aliceBox[0]).toMatchObject({ id: 2, out: true, text: 'hello bob', replyToId: 1, noWebpage: true });
		const bobBox = world.history(bob.id, { userId: alice.id });
		expect(bobBox[0]).toMatchObject({ id: 2, out: false, text: 'hello bob', replyToId: 1 });
		// Bob already knew the dialog: plain text comes as updateShortMessage with Bob's pts.
		const toBob = sink.to(bob.id)[0] as Api.UpdateShortMessage;
		expect(toBob.className).toBe('UpdateShortMessage');
		expect(toBob).toMatchObject({ id: 2, message: 'hello bob', pts: 2, ptsCount: 1 });
		expect(toBob.replyTo).toMatchObject({ replyToMsgId: 1 });
		// Alice's other sessions get the outgoing message, the calling one does not.
		const toAlice = sink.pushes.find((p) => p.userId === alice.id)!;
		expect(toAlice.except).toBe(ctx.session);
		const update = (toAlice.updates as Api.Updates).updates[0] as Api.UpdateNewMessage;
		expect(update.className).toBe('UpdateNewMessage');
		expect((update.message as Api.Message).out).toBe(true);
	});

	it('gives unknown dialogs a full container with users', () => {
		const { world, sink, alice, carol } = setup();
		const sent = world.sendMessage(alice.id, { userId: carol.id }, 'first');
		expect(sent.boxes[alice.id]).toBe(1);
		expect(sent.boxes[carol.id]).toBe(1);
		const toCarol = sink.to(carol.id)[0] as Api.Updates;
		expect(toCarol.className).toBe('Updates');
		expect(toCarol.seq).toBe(0);
		expect(toCarol.users.map((u) => (u as Api.User).id.toJSNumber()).sort()).toEqual([alice.id, carol.id].sort());
		// Without a session, the sender's every session gets the message.
		expect(sink.pushes.find((p) => p.userId === alice.id)!.except).toBeUndefined();
	});

	it('validates text and peers', async () => {
		const { handlers, alice, bob } = setup();
		const ctx = fakeContext(alice.id);
		const send = (message: string, peer: Api.TypeInputPeer = inputPeer(bob)) =>
			invoke(handlers, ctx, new Api.messages.SendMessage({ peer, message, randomId: bigInt(1) }));
		await expectRpc(send('   '), 'MESSAGE_EMPTY');
		await expectRpc(send('x'.repeat(4097)), 'MESSAGE_TOO_LONG');
		await expect(send('x'.repeat(4096))).resolves.toBeDefined();
		await expectRpc(send('hi', new Api.InputPeerUser({ userId: bigInt(bob.id), accessHash: bigInt(42) })), 'PEER_ID_INVALID');
		await expectRpc(send('hi', new Api.InputPeerUser({ userId: bigInt(999), accessHash: bigInt(42) })), 'PEER_ID_INVALID');
		await expectRpc(send('hi', new Api.InputPeerChannel({ channelId: bigInt(1), accessHash: bigInt(42) })), 'CHANNEL_INVALID');
	});

	it('pages history like Telegram', async () => {
		const { handlers, world, alice, bob } = setup();
		for (let i = 1; i <= 30; i++) world.sendMessage(i % 2 ? alice.id : bob.id, { userId: i % 2 ? bob.id : alice.id }, `m${i}`);
		const ctx = fakeContext(alice.id);
		const get = (q: Partial<Api.messages.GetHistory>) =>
			invoke<Api.messages.MessagesSlice>(handlers, ctx, new Api.messages.GetHistory({
				peer: inputPeer(bob), offsetId: 0, offsetDate: 0, addOffset: 0, limit: 10, maxId: 0, minId: 0, hash: bigInt(0), ...q,
			}));
		const first = await get({});
		expect(first.className).toBe('messages.MessagesSlice');
		expect(first.count).toBe(30);
		expect(first.messages.map((m) => m.id)).toEqual([30, 29, 28, 27, 26, 25, 24, 23, 22, 21]);
		const next = await get({ offsetId: 21 });
		expect(next.messages.map((m) => m.id)[0]).toBe(20);
		const around = await get({ offsetId: 15, addOffset: -3, limit: 6 });
		expect(around.messages.map((m) => m.id)).toEqual([17, 16, 15, 14, 13, 12]);
		const bounded = await get({ limit: 100, maxId: 10, minId: 5 });
		expect(bounded.messages.map((m) => m.id)).toEqual([9, 8, 7, 6]);
		const all = await get({ limit: 100 });
		expect(all.className).toBe('messages.Messages');
		expect(all.messages).toHaveLength(30);
		expect((all.messages[0] as Api.Message).message).toBe('m30');
	});
});

describe('dialogs, chats and channels', () => {
	it('lists dialogs newest first with paging', async () => {
		const { handlers, world, alice, bob, carol } = setup();
		world.sendMessage(bob.id, { userId: alice.id }, 'from bob');
		const group = world.createGroup(alice.id, 'Group', [bob.id, carol.id]);
		const channel = world.createChannel(carol.id, 'Chan', { megagroup: true, memberIds: [alice.id] });
		world.sendMessage(carol.id, { userId: alice.id }, 'from carol');
		const ctx = fakeContext(alice.id);
		const request = (q: Partial<Api.messages.GetDialogs>) =>
			invoke<Api.messages.DialogsSlice>(handlers, ctx, new Api.messages.GetDialogs({
				offsetDate: 0, offsetId: 0, offsetPeer: new Api.InputPeerEmpty(), limit: 2, hash: bigInt(0), ...q,
			}));
		const page1 = await request({});
		expect(page1.className).toBe('messages.DialogsSlice');
		expect(page1.count).toBe(4);
		const peers = page1.dialogs.map((d) => d.peer.className);
		expect(peers).toEqual(['PeerUser', 'PeerChannel']);
		expect(page1.messages).toHaveLength(2);
		const page2 = await request({ offsetPeer: new Api.InputPeerChannel({ channelId: bigInt(channel.id), accessHash: channel.accessHash }) });
		expect(page2.dialogs.map((d) => d.peer.className)).toEqual(['PeerChat', 'PeerUser']);
		expect((page2.chats[0] as Api.Chat).id.toJSNumber()).toBe(group.id);
		const whole = await request({ limit: 100 });
		expect(whole.className).toBe('messages.Dialogs');
		expect(world.dialogsOf(alice.id)).toHaveLength(4);
	});

	it('answers getChats, getFullChat, getChannels, getFullChannel and getMessages', async () => {
		const { handlers, world, alice, bob } = setup();
		const group = world.createGroup(alice.id, 'Group', [bob.id]);
		const channel = world.createChannel(alice.id, 'News', { megagroup: false, memberIds: [bob.id] });
		world.sendMessage(alice.id, { channelId: channel.id }, 'post');
		const ctx = fakeContext(bob.id);
		const chats = await invoke<Api.messages.Chats>(handlers, ctx, new Api.messages.GetChats({ id: [bigInt(group.id)] }));
		expect(chats.chats[0]).toMatchObject({ title: 'Group', participantsCount: 2 });
		const full = await invoke<Api.messages.ChatFull>(handlers, ctx, new Api.messages.GetFullChat({ chatId: bigInt(group.id) }));
		expect(((full.fullChat as Api.ChatFull).participants as Api.ChatParticipants).participants).toHaveLength(2);
		const inputChannel = new Api.InputChannel({ channelId: bigInt(channel.id), accessHash: channel.accessHash });
		const channels = await invoke<Api.messages.Chats>(handlers, ctx, new Api.channels.GetChannels({ id: [inputChannel] }));
		expect(channels.chats[0]).toMatchObject({ title: 'News', broadcast: true });
		const fullChannel = await invoke<Api.messages.ChatFull>(handlers, ctx, new Api.channels.GetFullChannel({ channel: inputChannel }));
		expect((fullChannel.fullChat as Api.ChannelFull).pts).toBe(world.channel(channel.id)!.pts);
		await expectRpc(
			invoke(handlers, ctx, new Api.channels.GetFullChannel({ channel: new Api.InputChannel({ channelId: bigInt(channel.id), accessHash: bigInt(3) }) })),
			'CHANNEL_INVALID',
		);
		const byId = await invoke<Api.messages.ChannelMessages>(handlers, ctx, new Api.channels.GetMessages({ channel: inputChannel, id: [new Api.InputMessageID({ id: 2 })] }));
		expect((byId.messages[0] as Api.Message)).toMatchObject({ message: 'post', post: true });
		const history = await invoke<Api.messages.ChannelMessages>(handlers, ctx, new Api.messages.GetHistory({
			peer: new Api.InputPeerChannel({ channelId: bigInt(channel.id), accessHash: channel.accessHash }),
			offsetId: 0, offsetDate: 0, addOffset: 0, limit: 10, maxId: 0, minId: 0, hash: bigInt(0),
		}));
		expect(history.className).toBe('messages.ChannelMessages');
		expect(history.messages.map((m) => m.className)).toEqual(['Message', 'MessageService']);
		const mine = await invoke<Api.messages.Messages>(handlers, ctx, new Api.messages.GetMessages({ id: [new Api.InputMessageID({ id: 1 })] }));
		expect((mine.messages[0] as Api.MessageService).action.className).toBe('MessageActionChatCreate');
	});

	it('sends into groups and channels with updateMessageID', async () => {
		const { handlers, world, sink, alice, bob, carol } = setup();
		const group = world.createGroup(alice.id, 'Group', [bob.id, carol.id]);
		sink.clear();
		const ctx = fakeContext(bob.id);
		const result = await invoke<Api.Updates>(handlers, ctx, new Api.messages.SendMessage({
			peer: new Api.InputPeerChat({ chatId: bigInt(group.id) }), message: 'hey all', randomId: bigInt(123),
		}));
		expect(result.updates.map((u) => u.className)).toEqual(['UpdateMessageID', 'UpdateNewMessage']);
		expect((result.updates[0] as Api.UpdateMessageID).randomId!.toJSNumber()).toBe(123);
		expect(result.chats[0].className).toBe('Chat');
		expect(world.history(carol.id, { chatId: group.id })[0].text).toBe('hey all');
		const toCarol = sink.to(carol.id)[0] as Api.UpdateShortChatMessage;
		expect(toCarol.className).toBe('UpdateShortChatMessage');
		expect(toCarol.fromId.toJSNumber()).toBe(bob.id);

		const channel = world.createChannel(alice.id, 'Super', { megagroup: true, memberIds: [bob.id, carol.id] });
		sink.clear();
		const inChannel = await invoke<Api.Updates>(handlers, ctx, new Api.messages.SendMessage({
			peer: new Api.InputPeerChannel({ channelId: bigInt(channel.id), accessHash: channel.accessHash }), message: 'to super', randomId: bigInt(5),
		}));
		const newChannelMessage = inChannel.updates[1] as Api.UpdateNewChannelMessage;
		expect(newChannelMessage.className).toBe('UpdateNewChannelMessage');
		expect(newChannelMessage.pts).toBe(world.channel(channel.id)!.pts);
		for (const member of [alice.id, carol.id]) {
			const pushed = sink.to(member)[0] as Api.Updates;
			expect(pushed.updates[0].className).toBe('UpdateNewChannelMessage');
		}
		// Only admins post in broadcast channels.
		const broadcast = world.createChannel(alice.id, 'B', { megagroup: false, memberIds: [bob.id] });
		await expectRpc(
			invoke(handlers, ctx, new Api.messages.SendMessage({
				peer: new Api.InputPeerChannel({ channelId: bigInt(broadcast.id), accessHash: broadcast.accessHash }),
				message: 'not allowed',
				randomId: bigInt(6),
			})),
			'CHAT_WRITE_FORBIDDEN',
		);
	});
});
