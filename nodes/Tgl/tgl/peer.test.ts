import { Api } from 'telegram';
import { PEER_CHANNEL, PEER_CHAT, PEER_ENCR_CHAT, PEER_USER } from './constants';
import { big, channel, chat, ctxWith, DATE, DATE_ISO, expectPlainJson, peerChannel, peerChat, peerUser, SELF_ID, user } from './fixtures.test';
import { fromFullChat, fromFullUser, minimalPeer, participantIds, peerOfRef, toPeer, toUserStatus } from './peer';
import type { TglPeer } from './types';

const KEYS = Object.keys(toPeer(user(1, 'A'), ctxWith())).sort();

function expectPeerShape(p: TglPeer): void {
	expect(Object.keys(p).sort()).toEqual(KEYS);
	expectPlainJson(p);
}

describe('users', () => {
	it('maps every tgl field plus our extensions', () => {
		const u = user(2000, 'John', 'Doe', {
			username: 'jd',
			phone: '15550001',
			contact: true,
			bot: false,
			status: new Api.UserStatusOffline({ wasOnline: DATE }),
			photo: new Api.UserProfilePhoto({ photoId: big('5000000000000000001'), dcId: 2 }),
		});
		const p = toPeer(u, ctxWith());
		expect(p).toEqual({
			id: 2000,
			type: PEER_USER,
			type_name: 'user',
			name: 'John_Doe',
			user_id: 2000,
			user_list: null,
			user_status: { online: false, when: DATE_ISO, status: 'offline' },
			phone: '15550001',
			username: 'jd',
			first_name: 'John',
			last_name: 'Doe',
			peer_id: 2000,
			access_hash: '9007199254740993123',
			title: null,
			megagroup: null,
			photo_id: '5000000000000000001',
			contact: true,
			blocked: null,
			bot: false,
			self: false,
			deleted: false,
			admin: null,
			left: null,
			members_count: null,
			state: null,
		});
		expectPeerShape(p);
	});

	it('keeps the access hash exact, beyond 2^53', () => {
		expect(toPeer(user(1, 'A'), ctxWith()).access_hash).toBe('9007199254740993123');
	});

	it('treats missing and empty strings as null, and reads the active username', () => {
		const u = user(7, 'Ann', '', {
			phone: '',
			usernames: [
				new Api.Username({ username: 'old', active: false }),
				new Api.Username({ username: 'ann_now', active: true }),
			],
		});
		const p = toPeer(u, ctxWith());
		expect(p).toMatchObject({ first_name: 'Ann', last_name: null, phone: null, username: 'ann_now', name: 'Ann' });
	});

	it('knows the logged-in user', () => {
		expect(toPeer(user(SELF_ID, 'Me'), ctxWith()).self).toBe(true);
		expect(toPeer(user(5, 'Bot', undefined, { bot: true, self: false }), ctxWith())).toMatchObject({ self: false, bot: true });
	});

	it('handles nulls as delivered by the wire (absent flags read as null)', () => {
		const u = user(8, 'Z');
		Object.assign(u, { lastName: null, username: null, phone: null, status: null, photo: null, usernames: null, accessHash: null });
		const p = toPeer(u, ctxWith());
		expect(p).toMatchObject({ last_name: null, username: null, phone: null, photo_id: null, access_hash: null });
		expect(p.user_status).toEqual({ online: false, when: null, status: 'empty' });
		expectPeerShape(p);
	});

	it('maps UserEmpty as a deleted user with a typeable name', () => {
		const p = toPeer(new Api.UserEmpty({ id: big(9) }), ctxWith());
		expect(p).toMatchObject({ id: 9, type: PEER_USER, name: 'user@9', deleted: true, user_id: 9 });
		expectPeerShape(p);
	});

	it('keeps a known name when the user turns into UserEmpty', () => {
		const ctx = ctxWith();
		toPeer(user(9, 'Kim'), ctx);
		expect(toPeer(new Api.UserEmpty({ id: big(9) }), ctx).name).toBe('Kim');
	});

	it('gives users with the same name distinct, stable print names', () => {
		const ctx = ctxWith();
		expect(toPeer(user(1, 'Sam'), ctx).name).toBe('Sam');
		expect(toPeer(user(2, 'Sam'), ctx).name).toBe('Sam#1');
		expect(toPeer(user(3, 'Sam'), ctx).name).toBe('Sam#2');
		expect(toPeer(user(2, 'Sam'), ctx).name).toBe('Sam#1');
		expect(toPeer(user(1, 'Sam'), ctx).name).toBe('Sam');
		expect(ctx.names.lookup('Sam#2')).toEqual({ key: 'user#3' });
		expect(ctx.names.lookup('Sam')).toEqual({ ambiguous: ['user#1', 'user#2', 'user#3'] });
	});
});

describe('user_status', () => {
	it('is online only for UserStatusOnline (tg\'s bug fixed)', () => {
		expect(toUserStatus(new Api.UserStatusOnline({ expires: DATE }))).toEqual({ online: true, when: DATE_ISO, status: 'online' });
		expect(toUserStatus(new Api.UserStatusOffline({ wasOnline: DATE }))).toEqual({ online: false, when: DATE_ISO, status: 'offline' });
		expect(toUserStatus(new Api.UserStatusRecently({}))).toEqual({ online: false, when: null, status: 'recently' });
		expect(toUserStatus(new Api.UserStatusLastWeek({}))).toEqual({ online: false, when: null, status: 'last_week' });
		expect(toUserStatus(new Api.UserStatusLastMonth({}))).toEqual({ online: false, when: null, status: 'last_month' });
		expect(toUserStatus(new Api.UserStatusEmpty())).toEqual({ online: false, when: null, status: 'empty' });
		expect(toUserStatus(undefined)).toEqual({ online: false, when: null, status: 'empty' });
	});
});

describe('chats', () => {
	it('maps a basic group', () => {
		const p = toPeer(chat(300, 'Team  Chat #1', { creator: true, participantsCount: 4 }), ctxWith());
		expect(p).toMatchObject({
			id: 300,
			type: PEER_CHAT,
			type_name: 'chat',
			name: 'Team__Chat_@1',
			title: 'Team  Chat #1',
			user_id: null,
			user_list: [],
			user_status: null,
			peer_id: -300,
			access_hash: null,
			megagroup: null,
			admin: true,
			left: false,
			deleted: false,
			members_count: 4,
			self: null,
			contact: null,
		});
		expectPeerShape(p);
	});

	it('fills user_list from participants when given', () => {
		const p = toPeer(chat(300, 'T'), ctxWith(), { participants: [1, 2, 3] });
		expect(p.user_list).toEqual([1, 2, 3]);
	});

	it('maps a deactivated group as deleted and a forbidden one as left', () => {
		expect(toPeer(chat(301, 'Old', { deactivated: true }), ctxWith()).deleted).toBe(true);
		const forbidden = toPeer(new Api.ChatForbidden({ id: big(302), title: 'Gone' }), ctxWith());
		expect(forbidden).toMatchObject({ type: PEER_CHAT, title: 'Gone', name: 'Gone', left: true, admin: false, deleted: false, members_count: null });
		expectPeerShape(forbidden);
		const empty = toPeer(new Api.ChatEmpty({ id: big(303) }), ctxWith());
		expect(empty).toMatchObject({ name: 'chat@303', deleted: true, title: null });
		expectPeerShape(empty);
	});

	it('maps channels and supergroups as type 5 with marked ids', () => {
		const p = toPeer(
			channel(1234567890, 'News', { megagroup: false, broadcast: true, username: 'news', participantsCount: 10 }),
			ctxWith(),
		);
		expect(p).toMatchObject({
			id: 1234567890,
			type: PEER_CHANNEL,
			type_name: 'channel',
			name: 'News',
			peer_id: -1001234567890,
			access_hash: '-8123456789012345678',
			megagroup: false,
			username: 'news',
			members_count: 10,
			user_list: [],
			admin: false,
			left: false,
		});
		expectPeerShape(p);
		const group = toPeer(channel(5, 'Group', { megagroup: true, adminRights: new Api.ChatAdminRights({}) }), ctxWith());
		expect(group).toMatchObject({ megagroup: true, admin: true, members_count: null });
		const forbidden = toPeer(
			new Api.ChannelForbidden({ id: big(6), accessHash: big(77), title: 'Banned', megagroup: true }),
			ctxWith(),
		);
		expect(forbidden).toMatchObject({ type: PEER_CHANNEL, title: 'Banned', access_hash: '77', megagroup: true, left: true });
		expectPeerShape(forbidden);
	});

	it('shares the name space between users and chats', () => {
		const ctx = ctxWith();
		expect(toPeer(user(1, 'Book', 'Club'), ctx).name).toBe('Book_Club');
		expect(toPeer(chat(2, 'Book Club'), ctx).name).toBe('Book_Club#1');
	});
});

describe('secret chats', () => {
	const other = user(2000, 'John', 'Doe');
	const fields = { id: 77, accessHash: big(55), date: DATE, gAOrB: Buffer.from('k'), keyFingerprint: big(1) };

	it('maps a working chat to the other user, whoever started it', () => {
		const ctx = ctxWith([other]);
		const started = toPeer(new Api.EncryptedChat({ ...fields, adminId: big(SELF_ID), participantId: big(2000) }), ctx);
		expect(started).toMatchObject({
			id: 77,
			type: PEER_ENCR_CHAT,
			type_name: 'secret_chat',
			name: '!_John_Doe',
			user_id: 2000,
			peer_id: null,
			access_hash: '55',
			state: 'working',
			deleted: false,
			user_list: null,
			user_status: null,
			first_name: null,
		});
		expectPeerShape(started);
		const invited = toPeer(new Api.EncryptedChat({ ...fields, adminId: big(2000), participantId: big(SELF_ID) }), ctxWith([other]));
		expect(invited.user_id).toBe(2000);
	});

	it('names it "!_user@ID" while the user is unknown', () => {
		const p = toPeer(
			new Api.EncryptedChatRequested({ id: 78, accessHash: big(1), date: DATE, adminId: big(31), participantId: big(SELF_ID), gA: Buffer.from('g') }),
			ctxWith(),
		);
		expect(p).toMatchObject({ name: '!_user@31', user_id: 31, state: 'requested' });
		const waiting = toPeer(
			new Api.EncryptedChatWaiting({ id: 79, accessHash: big(1), date: DATE, adminId: big(SELF_ID), participantId: big(2000) }),
			ctxWith([other]),
		);
		expect(waiting).toMatchObject({ name: '!_John_Doe', state: 'waiting' });
	});

	it('keeps the name when the chat is discarded', () => {
		const ctx = ctxWith([other]);
		toPeer(new Api.EncryptedChat({ ...fields, adminId: big(SELF_ID), participantId: big(2000) }), ctx);
		const gone = toPeer(new Api.EncryptedChatDiscarded({ id: 77 }), ctx);
		expect(gone).toMatchObject({ name: '!_John_Doe', state: 'deleted', deleted: true, user_id: null });
		expectPeerShape(gone);
		expect(toPeer(new Api.EncryptedChatEmpty({ id: 80 }), ctxWith())).toMatchObject({ name: '!_secret_chat@80', state: 'deleted' });
	});

	it('dedups secret chats with the same user', () => {
		const ctx = ctxWith([other]);
		const a = toPeer(new Api.EncryptedChat({ ...fields, id: 1, adminId: big(SELF_ID), participantId: big(2000) }), ctx);
		const b = toPeer(new Api.EncryptedChat({ ...fields, id: 2, adminId: big(SELF_ID), participantId: big(2000) }), ctx);
		expect([a.name, b.name]).toEqual(['!_John_Doe', '!_John_Doe#1']);
	});
});

describe('references', () => {
	it('resolves known entities and falls back to minimal peers', () => {
		const ctx = ctxWith([user(5, 'Eve')], [channel(6, 'Chan')]);
		expect(peerOfRef(peerUser(5), ctx).name).toBe('Eve');
		expect(peerOfRef(peerChannel(6), ctx).peer_id).toBe(-1000000000006);
		const unknown = peerOfRef(peerChat(7), ctx);
		expect(unknown).toMatchObject({ id: 7, type: PEER_CHAT, type_name: 'chat', name: 'chat#7', peer_id: -7, user_list: [], title: null });
		expectPeerShape(unknown);
		const u = minimalPeer(peerUser(8), ctx);
		expect(u).toMatchObject({ name: 'user#8', user_id: 8, self: false, user_status: { online: false, when: null, status: 'empty' } });
		expectPeerShape(u);
		expect(minimalPeer(peerUser(SELF_ID), ctx).self).toBe(true);
	});

	it('uses the registered name for a peer seen before', () => {
		const ctx = ctxWith();
		toPeer(user(5, 'Eve'), ctx);
		expect(minimalPeer(peerUser(5), ctx).name).toBe('Eve');
	});
});

describe('full info', () => {
	it('reads a user\'s blocked state from users.UserFull', () => {
		const full = new Api.users.UserFull({
			fullUser: new Api.UserFull({
				id: big(5),
				blocked: true,
				settings: new Api.PeerSettings({}),
				notifySettings: new Api.PeerNotifySettings({}),
				commonChatsCount: 0,
			}),
			chats: [],
			users: [user(4, 'Other'), user(5, 'Eve')],
		});
		const p = fromFullUser(full, ctxWith());
		expect(p).toMatchObject({ id: 5, name: 'Eve', blocked: true });
		expectPeerShape(p);
	});

	it('fills a basic group\'s user_list from messages.ChatFull', () => {
		const full = new Api.messages.ChatFull({
			fullChat: new Api.ChatFull({
				id: big(300),
				about: '',
				participants: new Api.ChatParticipants({
					chatId: big(300),
					version: 1,
					participants: [
						new Api.ChatParticipantCreator({ userId: big(SELF_ID) }),
						new Api.ChatParticipant({ userId: big(2), inviterId: big(SELF_ID), date: DATE }),
						new Api.ChatParticipantAdmin({ userId: big(3), inviterId: big(SELF_ID), date: DATE }),
					],
				}),
				notifySettings: new Api.PeerNotifySettings({}),
			}),
			chats: [chat(300, 'Team')],
			users: [],
		});
		const p = fromFullChat(full, ctxWith());
		expect(p).toMatchObject({ id: 300, type: PEER_CHAT, title: 'Team', user_list: [SELF_ID, 2, 3] });
		expectPeerShape(p);
	});

	it('takes a channel\'s members from the caller and its count from ChannelFull', () => {
		const full = new Api.messages.ChatFull({
			fullChat: new Api.ChannelFull({
				id: big(6),
				about: '',
				participantsCount: 42,
				readInboxMaxId: 0,
				readOutboxMaxId: 0,
				unreadCount: 0,
				chatPhoto: new Api.PhotoEmpty({ id: big(0) }),
				notifySettings: new Api.PeerNotifySettings({}),
				botInfo: [],
				pts: 1,
			}),
			// A basic group with the same raw id must not be picked.
			chats: [chat(6, 'Other'), channel(6, 'Chan')],
			users: [],
		});
		const p = fromFullChat(full, ctxWith(), [1, 2]);
		expect(p).toMatchObject({ type: PEER_CHANNEL, title: 'Chan', members_count: 42, user_list: [1, 2] });
		expect(fromFullChat(full, ctxWith()).user_list).toEqual([]);
	});

	it('lists participant ids, skipping banned and left entries', () => {
		expect(
			participantIds([
				new Api.ChannelParticipant({ userId: big(1), date: DATE }),
				new Api.ChannelParticipantCreator({ userId: big(2), adminRights: new Api.ChatAdminRights({}) }),
				new Api.ChannelParticipantLeft({ peer: peerUser(3) }),
				new Api.ChannelParticipantBanned({ peer: peerUser(4), kickedBy: big(1), date: DATE, bannedRights: new Api.ChatBannedRights({ untilDate: 0 }) }),
			]),
		).toEqual([1, 2]);
		expect(participantIds(new Api.ChatParticipantsForbidden({ chatId: big(1) }))).toEqual([]);
	});
});
