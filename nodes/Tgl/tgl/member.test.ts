import { Api } from 'telegram';
import { big, ctxWith, DATE, DATE_ISO, user } from './fixtures.test';
import { memberId, memberRole, toMember } from './member';

const alice = user(2001, 'Alice');

describe('members', () => {
	it('gives each participant kind its role, keeping the Peer fields', () => {
		const ctx = ctxWith([alice]);
		const userId = big('2001');
		expect(toMember(new Api.ChatParticipantCreator({ userId }), ctx)).toMatchObject({ id: 2001, type_name: 'user', name: 'Alice', role: 'creator', rank: null, banned_until: null });
		expect(memberRole(new Api.ChatParticipantAdmin({ userId, inviterId: userId, date: DATE }))).toBe('admin');
		expect(memberRole(new Api.ChatParticipant({ userId, inviterId: userId, date: DATE }))).toBe('member');
		expect(memberRole(new Api.ChannelParticipantSelf({ userId, inviterId: userId, date: DATE }))).toBe('member');
		const admin = new Api.ChannelParticipantAdmin({ userId, promotedBy: userId, date: DATE, adminRights: new Api.ChatAdminRights({ banUsers: true }), rank: 'Moderator' });
		expect(toMember(admin, ctx)).toMatchObject({ role: 'admin', rank: 'Moderator' });
	});

	it('tells bans from restrictions and gives the end of a ban', () => {
		const ctx = ctxWith([alice]);
		const peer = new Api.PeerUser({ userId: big('2001') });
		const banned = new Api.ChannelParticipantBanned({ peer, kickedBy: big('1'), date: DATE, bannedRights: new Api.ChatBannedRights({ viewMessages: true, untilDate: DATE }) });
		expect(toMember(banned, ctx)).toMatchObject({ id: 2001, role: 'banned', banned_until: DATE_ISO });
		const restricted = new Api.ChannelParticipantBanned({ peer, kickedBy: big('1'), date: DATE, bannedRights: new Api.ChatBannedRights({ sendMessages: true, untilDate: 0 }) });
		expect(toMember(restricted, ctx)).toMatchObject({ role: 'restricted', banned_until: null });
		expect(memberId(banned)).toBe(2001);
	});

	it('maps a member whose user the answer lacks to a minimal Peer', () => {
		const member = toMember(new Api.ChannelParticipant({ userId: big('2999'), date: DATE }), ctxWith());
		expect(member).toMatchObject({ id: 2999, type_name: 'user', role: 'member' });
	});
});
