import { Api } from 'telegram';
import { WHAT_CHANGED } from './constants';
import { big, channel, chat, ctxWith, DATE, SELF_ID, user } from './fixtures.test';
import { toPeer } from './peer';
import type { TglPeer } from './types';
import { diffChat, diffPeer, diffSecretChat, diffUser, sortWhatChanged, whatChangedForUpdate } from './whatChanged';

const ctx = ctxWith();
const base = toPeer(
	user(2000, 'John', 'Doe', { username: 'jd', phone: '1555', status: new Api.UserStatusOffline({ wasOnline: DATE }) }),
	ctxWith(),
);
const withChange = (p: TglPeer, change: Partial<TglPeer>): TglPeer => ({ ...p, ...change });

describe('order', () => {
	it('is tgl\'s, with our "status" last', () => {
		expect(WHAT_CHANGED).toEqual([
			'created', 'deleted', 'phone', 'contact', 'photo', 'blocked', 'real_name', 'name', 'requested',
			'working', 'flags', 'title', 'admin', 'members', 'access_hash', 'username', 'status',
		]);
	});

	it('sortWhatChanged orders and dedups', () => {
		expect(sortWhatChanged(['status', 'username', 'created', 'name', 'name', 'real_name'])).toEqual([
			'created', 'real_name', 'name', 'username', 'status',
		]);
		expect(sortWhatChanged(new Set(['members', 'admin'] as const))).toEqual(['admin', 'members']);
	});
});

describe('diffUser', () => {
	it('reports "created" and what a new user already has', () => {
		expect(diffUser(undefined, base)).toEqual(['created', 'phone', 'real_name', 'name', 'access_hash', 'username', 'status']);
		const bare = toPeer(new Api.UserEmpty({ id: big(5) }), ctxWith());
		expect(diffUser(undefined, bare)).toEqual(['created', 'deleted', 'name']);
	});

	it('reports nothing for an identical snapshot', () => {
		expect(diffUser(base, { ...base })).toEqual([]);
	});

	it('reports each field under its tgl name', () => {
		expect(diffUser(base, withChange(base, { deleted: true }))).toEqual(['deleted']);
		expect(diffUser(base, withChange(base, { phone: '1666' }))).toEqual(['phone']);
		expect(diffUser(base, withChange(base, { contact: true }))).toEqual(['contact']);
		expect(diffUser(base, withChange(base, { photo_id: '1' }))).toEqual(['photo']);
		expect(diffUser(base, withChange(base, { blocked: true }))).toEqual(['blocked']);
		expect(diffUser(base, withChange(base, { first_name: 'Jon', name: 'Jon_Doe' }))).toEqual(['real_name', 'name']);
		expect(diffUser(base, withChange(base, { name: 'John_Doe#1' }))).toEqual(['name']);
		expect(diffUser(base, withChange(base, { bot: true }))).toEqual(['flags']);
		expect(diffUser(base, withChange(base, { access_hash: '5' }))).toEqual(['access_hash']);
		expect(diffUser(base, withChange(base, { username: null }))).toEqual(['username']);
		expect(diffUser(base, withChange(base, { user_status: { online: true, when: null, status: 'online' } }))).toEqual(['status']);
	});

	it('lists several changes in tgl\'s order', () => {
		const next = withChange(base, { username: 'j', phone: null, first_name: 'J', name: 'J_Doe', user_status: { online: false, when: null, status: 'recently' } });
		expect(diffUser(base, next)).toEqual(['phone', 'real_name', 'name', 'username', 'status']);
	});

	it('does not report a field going unknown', () => {
		expect(diffUser(withChange(base, { blocked: true }), base)).toEqual([]);
		expect(diffUser(base, withChange(base, { access_hash: null }))).toEqual([]);
	});
});

describe('diffChat', () => {
	const group = toPeer(chat(300, 'Team', { participantsCount: 2 }), ctxWith(), { participants: [1, 2] });

	it('reports title, name, admin, members, flags, deleted, photo', () => {
		expect(diffChat(undefined, group)).toEqual(['created', 'name', 'title', 'members']);
		expect(diffChat(group, withChange(group, { title: 'Crew', name: 'Crew' }))).toEqual(['name', 'title']);
		expect(diffChat(group, withChange(group, { admin: true }))).toEqual(['admin']);
		expect(diffChat(group, withChange(group, { user_list: [1, 2, 3], members_count: 3 }))).toEqual(['members']);
		expect(diffChat(group, withChange(group, { user_list: [2, 1] }))).toEqual([]);
		expect(diffChat(group, withChange(group, { user_list: [] }))).toEqual([]);
		expect(diffChat(group, withChange(group, { left: true }))).toEqual(['flags']);
		expect(diffChat(group, withChange(group, { deleted: true }))).toEqual(['deleted']);
		expect(diffChat(group, withChange(group, { photo_id: '9' }))).toEqual(['photo']);
	});

	it('works for channels (access hash, username, megagroup)', () => {
		const c = toPeer(channel(5, 'Chan'), ctxWith());
		expect(diffChat(c, withChange(c, { access_hash: '1', username: 'chan', megagroup: true }))).toEqual(['flags', 'access_hash', 'username']);
	});
});

describe('diffSecretChat', () => {
	const fields = { id: 77, accessHash: big(55), date: DATE, adminId: big(SELF_ID), participantId: big(2000) };
	const waiting = toPeer(new Api.EncryptedChatWaiting(fields), ctx);
	const working = toPeer(new Api.EncryptedChat({ ...fields, gAOrB: Buffer.from('k'), keyFingerprint: big(1) }), ctx);
	const gone = toPeer(new Api.EncryptedChatDiscarded({ id: 77 }), ctx);

	it('reports the state changes as requested / working / deleted', () => {
		expect(diffSecretChat(undefined, waiting)).toEqual(['created', 'name', 'requested', 'access_hash']);
		expect(diffSecretChat(waiting, working)).toEqual(['working']);
		expect(diffSecretChat(working, gone)).toEqual(['deleted']);
		expect(diffPeer(working, working)).toEqual([]);
	});
});

describe('whatChangedForUpdate', () => {
	const nameUpdate = (first: string, last: string, usernames: string[] = []) =>
		new Api.UpdateUserName({
			userId: big(2000),
			firstName: first,
			lastName: last,
			usernames: usernames.map((u) => new Api.Username({ username: u, active: true })),
		});

	it('UpdateUserName: names and username, compared with prev when given', () => {
		expect(whatChangedForUpdate(nameUpdate('John', 'Doe'))).toEqual(['real_name', 'name', 'username']);
		expect(whatChangedForUpdate(nameUpdate('Jon', 'Doe', ['jd']), base)).toEqual(['real_name', 'name']);
		expect(whatChangedForUpdate(nameUpdate('John', 'Doe', ['jd2']), base)).toEqual(['username']);
		expect(whatChangedForUpdate(nameUpdate('John', 'Doe', ['jd']), base)).toEqual([]);
	});

	it('UpdateUserPhone, UpdateUserStatus, UpdatePeerBlocked', () => {
		const phone = new Api.UpdateUserPhone({ userId: big(2000), phone: '1777' });
		expect(whatChangedForUpdate(phone)).toEqual(['phone']);
		expect(whatChangedForUpdate(phone, base)).toEqual(['phone']);
		expect(whatChangedForUpdate(new Api.UpdateUserPhone({ userId: big(2000), phone: '1555' }), base)).toEqual([]);
		const online = new Api.UpdateUserStatus({ userId: big(2000), status: new Api.UserStatusOnline({ expires: DATE + 300 }) });
		expect(whatChangedForUpdate(online)).toEqual(['status']);
		expect(whatChangedForUpdate(online, base)).toEqual(['status']);
		const same = new Api.UpdateUserStatus({ userId: big(2000), status: new Api.UserStatusOffline({ wasOnline: DATE }) });
		expect(whatChangedForUpdate(same, base)).toEqual([]);
		const blocked = new Api.UpdatePeerBlocked({ peerId: new Api.PeerUser({ userId: big(2000) }), blocked: true });
		expect(whatChangedForUpdate(blocked)).toEqual(['blocked']);
		expect(whatChangedForUpdate(blocked, withChange(base, { blocked: true }))).toEqual([]);
	});

	it('participant updates → members, admin updates → admin', () => {
		expect(whatChangedForUpdate(new Api.UpdateChatParticipantAdd({ chatId: big(1), userId: big(2), inviterId: big(3), date: DATE, version: 2 }))).toEqual(['members']);
		expect(whatChangedForUpdate(new Api.UpdateChatParticipantDelete({ chatId: big(1), userId: big(2), version: 3 }))).toEqual(['members']);
		expect(
			whatChangedForUpdate(new Api.UpdateChatParticipants({ participants: new Api.ChatParticipantsForbidden({ chatId: big(1) }) })),
		).toEqual(['members']);
		expect(whatChangedForUpdate(new Api.UpdateChatParticipantAdmin({ chatId: big(1), userId: big(2), isAdmin: true, version: 4 }))).toEqual(['admin']);
	});

	it('UpdateEncryption: by the chat\'s state, or a diff when the new peer is given', () => {
		const fields = { id: 90, accessHash: big(5), date: DATE, adminId: big(2000), participantId: big(SELF_ID) };
		const requested = new Api.UpdateEncryption({ chat: new Api.EncryptedChatRequested({ ...fields, gA: Buffer.from('g') }), date: DATE });
		expect(whatChangedForUpdate(requested)).toEqual(['requested']);
		const ok = new Api.UpdateEncryption({ chat: new Api.EncryptedChat({ ...fields, gAOrB: Buffer.from('g'), keyFingerprint: big(1) }), date: DATE });
		expect(whatChangedForUpdate(ok)).toEqual(['working']);
		expect(whatChangedForUpdate(new Api.UpdateEncryption({ chat: new Api.EncryptedChatDiscarded({ id: 90 }), date: DATE }))).toEqual(['deleted']);
		const c = ctxWith();
		const next = toPeer(requested.chat, c);
		expect(whatChangedForUpdate(requested, undefined, next)).toEqual(['created', 'name', 'requested', 'access_hash']);
		expect(whatChangedForUpdate(requested, next)).toEqual([]);
	});

	it('updates that carry nothing are answered by a diff, or [] without the new peer', () => {
		const update = new Api.UpdateUser({ userId: big(2000) });
		expect(whatChangedForUpdate(update)).toEqual([]);
		expect(whatChangedForUpdate(update, base, withChange(base, { photo_id: '3' }))).toEqual(['photo']);
		const channelUpdate = new Api.UpdateChannel({ channelId: big(5) });
		const c = toPeer(channel(5, 'Chan'), ctxWith());
		expect(whatChangedForUpdate(channelUpdate, undefined, c)[0]).toBe('created');
		expect(whatChangedForUpdate(new Api.UpdateChat({ chatId: big(1) }), c, withChange(c, { left: true }))).toEqual(['flags']);
	});
});
