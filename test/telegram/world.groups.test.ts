import { Api } from 'telegram';
import bigInt from 'big-integer';
import { World } from './world';
import { createHandlers } from './handlers';
import { RecordingSink, fakeContext, invoke } from './world/fakes';

function setup() {
	const sink = new RecordingSink();
	const world = new World(sink);
	const handlers = createHandlers(world);
	const alice = world.addUser({ firstName: 'Alice', username: 'alice_g', phone: '100' });
	const bob = world.addUser({ firstName: 'Bob', username: 'bob_g', phone: '200' });
	const carol = world.addUser({ firstName: 'Carol', phone: '300' });
	return { sink, world, handlers, alice, bob, carol };
}

const inputUser = (u: { id: number; accessHash: any }) => new Api.InputUser({ userId: bigInt(u.id), accessHash: u.accessHash });
const inputPeer = (u: { id: number; accessHash: any }) => new Api.InputPeerUser({ userId: bigInt(u.id), accessHash: u.accessHash });
const rejects = (promise: Promise<unknown>, message: string) => expect(promise).rejects.toMatchObject({ errorMessage: message });

describe('contacts', () => {
	it('imports, adds, deletes and resolves', async () => {
		const { handlers, world, alice, bob, carol } = setup();
		const ctx = fakeContext(alice.id);
		const imported = await invoke<Api.contacts.ImportedContacts>(handlers, ctx, new Api.contacts.ImportContacts({
			contacts: [
				new Api.InputPhoneContact({ clientId: bigInt(1), phone: '+200', firstName: 'Bobby', lastName: 'Phone' }),
				new Api.InputPhoneContact({ clientId: bigInt(2), phone: '999', firstName: 'Nobody', lastName: '' }),
			],
		}));
		expect(imported.imported).toHaveLength(1);
		expect(imported.imported[0].clientId.toJSNumber()).toBe(1);
		expect(imported.users[0]).toMatchObject({ firstName: 'Bobby', contact: true });
		const added = await invoke<Api.Updates>(handlers, ctx, new Api.contacts.AddContact({ id: inputUser(carol), firstName: 'Caz', lastName: '', phone: '' }));
		expect(added.updates[0].className).toBe('UpdatePeerSettings');
		expect(world.contactsOf(alice.id).map((c) => c.userId)).toEqual([bob.id, carol.id]);
		await invoke(handlers, ctx, new Api.contacts.DeleteContacts({ id: [inputUser(bob)] }));
		expect(world.contactsOf(alice.id).map((c) => c.userId)).toEqual([carol.id]);
		const byPhone = await invoke<Api.contacts.ResolvedPeer>(handlers, ctx, new Api.contacts.ResolvePhone({ phone: '+300' }));
		expect((byPhone.peer as Api.PeerUser).userId.toJSNumber()).toBe(carol.id);
		await rejects(invoke(handlers, ctx, new Api.contacts.ResolvePhone({ phone: '12345' })), 'PHONE_NOT_OCCUPIED');
		await rejects(invoke(handlers, ctx, new Api.contacts.AddContact({ id: new Api.InputUserSelf(), firstName: 'me', lastName: '', phone: '' })), 'CONTACT_ID_INVALID');
	});

	it('searches contacts and public usernames', async () => {
		const { handlers, world, alice, carol } = setup();
		world.addContact(alice.id, carol.id);
		const found = await invoke<Api.contacts.Found>(handlers, fakeContext(alice.id), new Api.contacts.Search({ q: 'bob', limit: 10 }));
		expect(found.results).toHaveLength(1);
		const mine = await invoke<Api.contacts.Found>(handlers, fakeContext(alice.id), new Api.contacts.Search({ q: 'car', limit: 10 }));
		expect(mine.myResults).toHaveLength(1);
	});

	it('blocks: the blocker gets nothing, updatePeerBlocked is pushed', async () => {
		const { handlers, world, sink, alice, bob } = setup();
		await invoke(handlers, fakeContext(alice.id), new Api.contacts.Block({ id: inputPeer(bob) }));
		expect((sink.to(alice.id)[0] as Api.Updates).updates[0].className).toBe('UpdatePeerBlocked');
		world.sendMessage(bob.id, { userId: alice.id }, 'spam');
		expect(world.history(alice.id, { userId: bob.id })).toHaveLength(0);
		expect(world.history(bob.id, { userId: alice.id })).toHaveLength(1);
	});
});

describe('search, read, typing, forward, delete', () => {
	it('searches one peer and globally with paging', async () => {
		const { handlers, world, alice, bob, carol } = setup();
		for (let i = 0; i < 12; i++) world.sendMessage(bob.id, { userId: alice.id }, i % 2 ? `apple ${i}` : `pear ${i}`);
		for (let i = 0; i < 5; i++) world.sendMessage(carol.id, { userId: alice.id }, `apple c${i}`);
		const ctx = fakeContext(alice.id);
		const search = await invoke<Api.messages.MessagesSlice>(handlers, ctx, new Api.messages.Search({
			peer: inputPeer(bob), q: 'APPLE', filter: new Api.InputMessagesFilterEmpty(), minDate: 0, maxDate: 0,
			offsetId: 0, addOffset: 0, limit: 4, maxId: 0, minId: 0, hash: bigInt(0),
		}));
		expect(search.count).toBe(6);
		expect(search.messages.map((m) => (m as Api.Message).message)).toEqual(['apple 11', 'apple 9', 'apple 7', 'apple 5']);
		const seen: string[] = [];
		let offset = { rate: 0, peer: new Api.InputPeerEmpty() as Api.TypeInputPeer, id: 0 };
		for (let round = 0; round < 5; round++) {
			const page = await invoke<Api.messages.MessagesSlice>(handlers, ctx, new Api.messages.SearchGlobal({
				q: 'apple', filter: new Api.InputMessagesFilterEmpty(), minDate: 0, maxDate: 0,
				offsetRate: offset.rate, offsetPeer: offset.peer, offsetId: offset.id, limit: 4,
			}));
			seen.push(...page.messages.map((m) => (m as Api.Message).message));
			if (!page.nextRate) break;
			const last = page.messages[page.messages.length - 1] as Api.Message;
			const fromUser = (last.peerId as Api.PeerUser).userId.toJSNumber();
			const user = world.user(fromUser)!;
			offset = { rate: page.nextRate, peer: inputPeer(user), id: last.id };
		}
		expect(seen).toHaveLength(11);
		expect(seen[0]).toBe('apple c4');
		expect(new Set(seen).size).toBe(11);
	});

	it('reads history: inbox for the reader, outbox for the author', async () => {
		const { handlers, world, sink, alice, bob } = setup();
		world.sendMessage(bob.id, { userId: alice.id }, 'one');
		world.sendMessage(bob.id, { userId: alice.id }, 'two');
		expect(world.dialogsOf(alice.id)[0].unreadCount).toBe(2);
		sink.clear();
		const affected = await invoke<Api.messages.AffectedMessages>(handlers, fakeContext(alice.id), new Api.messages.ReadHistory({ peer: inputPeer(bob), maxId: 1 }));
		expect(affected.ptsCount).toBe(1);
		expect(world.dialogsOf(alice.id)[0]).toMatchObject({ unreadCount: 1, readInboxMaxId: 1 });
		const toBob = sink.to(bob.id)[0] as Api.Updates;
		expect(toBob.updates[0]).toMatchObject({ className: 'UpdateReadHistoryOutbox', maxId: 1 });
		const channel = world.createChannel(bob.id, 'C', { megagroup: true, memberIds: [alice.id] });
		world.sendMessage(bob.id, { channelId: channel.id }, 'unread');
		const read = await invoke(handlers, fakeContext(alice.id), new Api.channels.ReadHistory({
			channel: new Api.InputChannel({ channelId: bigInt(channel.id), accessHash: channel.accessHash }), maxId: 0,
		}));
		expect(read).toBe(true);
		expect(world.dialogsOf(alice.id).find((d) => 'channelId' in d.peer)!.unreadCount).toBe(0);
	});

	it('pushes typing to the other side', async () => {
		const { handlers, world, sink, alice, bob, carol } = setup();
		await invoke(handlers, fakeContext(alice.id), new Api.messages.SetTyping({ peer: inputPeer(bob), action: new Api.SendMessageTypingAction() }));
		expect(((sink.to(bob.id)[0] as Api.UpdateShort).update as Api.UpdateUserTyping).userId.toJSNumber()).toBe(alice.id);
		const group = world.createGroup(alice.id, 'G', [bob.id, carol.id]);
		sink.clear();
		await invoke(handlers, fakeContext(alice.id), new Api.messages.SetTyping({ peer: new Api.InputPeerChat({ chatId: bigInt(group.id) }), action: new Api.SendMessageTypingAction() }));
		expect((sink.to(carol.id)[0] as Api.UpdateShort).update.className).toBe('UpdateChatUserTyping');
		expect(sink.to(alice.id)).toHaveLength(0);
	});

	it('forwards with a fwd_from header', async () => {
		const { handlers, world, alice, bob, carol } = setup();
		const original = world.sendMessage(bob.id, { userId: alice.id }, 'forward me');
		const ctx = fakeContext(alice.id);
		const result = await invoke<Api.Updates>(handlers, ctx, new Api.messages.ForwardMessages({
			fromPeer: inputPeer(bob), id: [original.boxes[alice.id]], randomId: [bigInt(9)], toPeer: inputPeer(carol),
		}));
		expect(result.updates.map((u) => u.className)).toEqual(['UpdateMessageID', 'UpdateNewMessage']);
		const message = (result.updates[1] as Api.UpdateNewMessage).message as Api.Message;
		expect((message.fwdFrom!.fromId as Api.PeerUser).userId.toJSNumber()).toBe(bob.id);
		expect(world.history(carol.id, { userId: alice.id })[0]).toMatchObject({ text: 'forward me', fwd: { from: { userId: bob.id } } });
		await rejects(invoke(handlers, ctx, new Api.messages.ForwardMessages({
			fromPeer: inputPeer(bob), id: [55], randomId: [bigInt(10)], toPeer: inputPeer(carol),
		})), 'MESSAGE_ID_INVALID');
	});

	it('deletes for self or for both sides', async () => {
		const { handlers, world, alice, bob } = setup();
		const one = world.sendMessage(alice.id, { userId: bob.id }, 'one');
		const two = world.sendMessage(alice.id, { userId: bob.id }, 'two');
		const ctx = fakeContext(alice.id);
		await invoke(handlers, ctx, new Api.messages.DeleteMessages({ id: [one.id] }));
		expect(world.history(alice.id, { userId: bob.id }).map((m) => m.text)).toEqual(['two']);
		expect(world.history(bob.id, { userId: alice.id })).toHaveLength(2);
		const affected = await invoke<Api.messages.AffectedMessages>(handlers, ctx, new Api.messages.DeleteMessages({ id: [two.id], revoke: true }));
		expect(affected.pts).toBe(world.stateOf(alice.id).pts);
		expect(world.history(bob.id, { userId: alice.id }).map((m) => m.text)).toEqual(['one']);
	});
});

describe('basic groups', () => {
	it('creates, renames, adds and removes with service messages', async () => {
		const { handlers, world, sink, alice, bob, carol } = setup();
		const ctx = fakeContext(alice.id);
		const created = await invoke<Api.messages.InvitedUsers>(handlers, ctx, new Api.messages.CreateChat({ users: [inputUser(bob)], title: 'Team' }));
		const chatId = (created.updates as Api.Updates).chats[0].id.toJSNumber();
		expect(world.chat(chatId)!.participants.size).toBe(2);
		expect(created.missingInvitees).toHaveLength(0);
		await rejects(invoke(handlers, ctx, new Api.messages.CreateChat({ users: [], title: '  ' })), 'CHAT_TITLE_EMPTY');
		const renamed = await invoke<Api.Updates>(handlers, ctx, new Api.messages.EditChatTitle({ chatId: bigInt(chatId), title: 'Team 2' }));
		expect(((renamed.updates[0] as Api.UpdateNewMessage).message as Api.MessageService).action.className).toBe('MessageActionChatEditTitle');
		expect(world.chat(chatId)!.title).toBe('Team 2');
		sink.clear();
		const invited = await invoke<Api.messages.InvitedUsers>(handlers, ctx, new Api.messages.AddChatUser({ chatId: bigInt(chatId), userId: inputUser(carol), fwdLimit: 0 }));
		expect((invited.updates as Api.Updates).updates.map((u) => u.className)).toEqual(['UpdateNewMessage', 'UpdateChatParticipants']);
		expect(world.history(carol.id, { chatId })[0].action).toEqual({ kind: 'addUser', userIds: [carol.id] });
		await rejects(invoke(handlers, ctx, new Api.messages.AddChatUser({ chatId: bigInt(chatId), userId: inputUser(carol), fwdLimit: 0 })), 'USER_ALREADY_PARTICIPANT');
		await rejects(invoke(handlers, fakeContext(bob.id), new Api.messages.DeleteChatUser({ chatId: bigInt(chatId), userId: inputUser(carol) })), 'CHAT_ADMIN_REQUIRED');
		await invoke(handlers, ctx, new Api.messages.DeleteChatUser({ chatId: bigInt(chatId), userId: inputUser(carol) }));
		expect(world.chat(chatId)!.participants.has(carol.id)).toBe(false);
		expect(world.history(carol.id, { chatId })[0].action).toEqual({ kind: 'deleteUser', userId: carol.id });
		await rejects(invoke(handlers, fakeContext(carol.id), new Api.messages.SendMessage({ peer: new Api.InputPeerChat({ chatId: bigInt(chatId) }), message: 'x', randomId: bigInt(1) })), 'CHAT_WRITE_FORBIDDEN');
	});

	it('respects privacy when inviting', async () => {
		const { handlers, world, alice, bob, carol } = setup();
		world.setPrivacyRestricted(carol.id, true);
		const created = await invoke<Api.messages.InvitedUsers>(handlers, fakeContext(alice.id), new Api.messages.CreateChat({ users: [inputUser(bob), inputUser(carol)], title: 'T' }));
		expect(created.missingInvitees.map((m) => m.userId.toJSNumber())).toEqual([carol.id]);
		const chatId = (created.updates as Api.Updates).chats[0].id.toJSNumber();
		await rejects(invoke(handlers, fakeContext(alice.id), new Api.messages.AddChatUser({ chatId: bigInt(chatId), userId: inputUser(carol), fwdLimit: 0 })), 'USER_PRIVACY_RESTRICTED');
		world.addContact(carol.id, alice.id);
		await invoke(handlers, fakeContext(alice.id), new Api.messages.AddChatUser({ chatId: bigInt(chatId), userId: inputUser(carol), fwdLimit: 0 }));
	});
});

describe('channels and invites', () => {
	it('invites, renames, bans and checks admin rights', async () => {
		const { handlers, world, sink, alice, bob, carol } = setup();
		const channel = world.createChannel(alice.id, 'Chan', { megagroup: true });
		const input = new Api.InputChannel({ channelId: bigInt(channel.id), accessHash: channel.accessHash });
		const ctx = fakeContext(alice.id);
		sink.clear();
		await invoke(handlers, ctx, new Api.channels.InviteToChannel({ channel: input, users: [inputUser(bob), inputUser(carol)] }));
		expect(channel.members.size).toBe(3);
		const toBob = sink.to(bob.id)[0] as Api.Updates;
		expect(toBob.updates.map((u) => u.className)).toEqual(['UpdateNewChannelMessage', 'UpdateChannel']);
		await rejects(invoke(handlers, fakeContext(bob.id), new Api.channels.EditTitle({ channel: input, title: 'Mine' })), 'CHAT_ADMIN_REQUIRED');
		await invoke(handlers, ctx, new Api.channels.EditTitle({ channel: input, title: 'Renamed' }));
		expect(world.channel(channel.id)!.title).toBe('Renamed');
		sink.clear();
		await invoke(handlers, ctx, new Api.channels.EditBanned({ channel: input, participant: inputPeer(carol), bannedRights: new Api.ChatBannedRights({ viewMessages: true, untilDate: 0 }) }));
		expect(channel.members.has(carol.id)).toBe(false);
		expect((sink.to(carol.id)[0] as Api.Updates).updates[0].className).toBe('UpdateChannel');
		const carolView = await invoke<Api.messages.Chats>(handlers, fakeContext(carol.id), new Api.channels.GetChannels({ id: [input] }));
		expect(carolView.chats[0].className).toBe('ChannelForbidden');
	});

	it('exports, checks and imports invite links', async () => {
		const { handlers, world, alice, bob, carol } = setup();
		const group = world.createGroup(alice.id, 'Linked', [bob.id]);
		const ctx = fakeContext(alice.id);
		const exported = await invoke<Api.ChatInviteExported>(handlers, ctx, new Api.messages.ExportChatInvite({ peer: new Api.InputPeerChat({ chatId: bigInt(group.id) }) }));
		const hash = exported.link.split('+')[1];
		const peek = await invoke<Api.ChatInvite>(handlers, fakeContext(carol.id), new Api.messages.CheckChatInvite({ hash }));
		expect(peek).toMatchObject({ className: 'ChatInvite', title: 'Linked', participantsCount: 2 });
		const joined = await invoke<Api.Updates>(handlers, fakeContext(carol.id), new Api.messages.ImportChatInvite({ hash }));
		expect(((joined.updates[0] as Api.UpdateNewMessage).message as Api.MessageService).action.className).toBe('MessageActionChatJoinedByLink');
		expect((await invoke<Api.ChatInviteAlready>(handlers, fakeContext(carol.id), new Api.messages.CheckChatInvite({ hash }))).className).toBe('ChatInviteAlready');
		await rejects(invoke(handlers, fakeContext(carol.id), new Api.messages.ImportChatInvite({ hash })), 'USER_ALREADY_PARTICIPANT');
		await rejects(invoke(handlers, fakeContext(carol.id), new Api.messages.CheckChatInvite({ hash: 'nope' })), 'INVITE_HASH_INVALID');
		const channel = world.createChannel(alice.id, 'Paid', { megagroup: false });
		const once = world.createInvite(channel.id, alice.id, { usageLimit: 1 });
		await invoke(handlers, fakeContext(bob.id), new Api.messages.ImportChatInvite({ hash: once }));
		expect(channel.members.has(bob.id)).toBe(true);
		await rejects(invoke(handlers, fakeContext(carol.id), new Api.messages.ImportChatInvite({ hash: once })), 'INVITE_HASH_EXPIRED');
		const old = world.createInvite(channel.id, alice.id, { expireDate: 1 });
		await rejects(invoke(handlers, fakeContext(carol.id), new Api.messages.CheckChatInvite({ hash: old })), 'INVITE_HASH_EXPIRED');
	});
});
