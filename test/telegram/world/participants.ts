// channels.getParticipants: the member list of a channel or supergroup, by filter, in pages.
import { Api } from 'telegram';
import bigInt from 'big-integer';
import { RpcError } from '../types';
import type { World } from './world';
import type { ChannelRecord, UserRecord } from './records';
import { Entities } from './entities';
import { adminRightsTl, hasRight, liftExpiredBans, rightsOf } from './admin-rights';
import { long } from './util';

/** Telegram answers at most 200 participants per call. */
export const PARTICIPANTS_PAGE_MAX = 200;

type Filter = Api.TypeChannelParticipantsFilter;

/** Whether a user's names or username start with the query's words, as Telegram's search matches. */
function matches(user: UserRecord | undefined, q: string): boolean {
	const query = q.trim().toLowerCase();
	if (!query) return true;
	if (!user) return false;
	const words = [user.firstName, user.lastName, user.username ?? ''].join(' ').toLowerCase().split(/\s+/).filter(Boolean);
	return query.split(/\s+/).every((part) => words.some((word) => word.startsWith(part)));
}

/** The user ids the filter selects, in Telegram's order (newest members first; creator first among admins). */
function selected(w: World, channel: ChannelRecord, filter: Filter): number[] {
	const members = [...channel.members.values()].sort((a, b) => b.date - a.date || a.userId - b.userId);
	const ids = members.map((m) => m.userId);
	const q = 'q' in filter && typeof filter.q === 'string' ? filter.q : '';
	switch (filter.className) {
		case 'ChannelParticipantsRecent':
			return ids;
		case 'ChannelParticipantsAdmins':
			return [channel.creatorId, ...ids.filter((id) => id !== channel.creatorId && rightsOf(channel, id).length)].filter((id) => channel.members.has(id));
		case 'ChannelParticipantsBots':
			return ids.filter((id) => w.db.users.get(id)?.bot);
		case 'ChannelParticipantsSearch':
		case 'ChannelParticipantsContacts':
			return ids.filter((id) => matches(w.db.users.get(id), q));
		case 'ChannelParticipantsKicked':
			return [...channel.kicked].filter((id) => matches(w.db.users.get(id), q));
		case 'ChannelParticipantsBanned':
			// Restricted (not removed) members: this world does not model restrictions.
			return [];
		default:
			throw new RpcError(400, 'INPUT_CONSTRUCTOR_INVALID');
	}
}

export function channelParticipantTl(channel: ChannelRecord, viewerId: number, userId: number): Api.TypeChannelParticipant {
	const member = channel.members.get(userId);
	if (!member) {
		const ban = channel.bans?.get(userId);
		return new Api.ChannelParticipantBanned({
			left: true,
			peer: new Api.PeerUser({ userId: long(userId) }),
			kickedBy: long(ban?.kickedBy ?? channel.creatorId),
			date: ban?.date ?? channel.date,
			bannedRights: new Api.ChatBannedRights({ viewMessages: true, untilDate: ban?.untilDate ?? 0 }),
		});
	}
	if (userId === channel.creatorId) {
		return new Api.ChannelParticipantCreator({ userId: long(userId), adminRights: adminRightsTl(rightsOf(channel, userId)), rank: member.rank });
	}
	if (member.admin) {
		return new Api.ChannelParticipantAdmin({
			canEdit: viewerId === channel.creatorId || member.promotedBy === viewerId || undefined,
			self: userId === viewerId || undefined,
			userId: long(userId),
			inviterId: userId === viewerId ? long(member.inviterId) : undefined,
			promotedBy: long(member.promotedBy ?? channel.creatorId),
			date: member.date,
			adminRights: adminRightsTl(rightsOf(channel, userId)),
			rank: member.rank,
		});
	}
	if (userId === viewerId) return new Api.ChannelParticipantSelf({ userId: long(userId), inviterId: long(member.inviterId), date: member.date });
	return new Api.ChannelParticipant({ userId: long(userId), date: member.date });
}

/** Telegram's list hash (api/offsets): folds each id into a 64-bit value. */
export function idsHash(ids: number[]): bigInt.BigInteger {
	const mask = (1n << 64n) - 1n;
	let hash = 0n;
	for (const id of ids) {
		hash ^= hash >> 21n;
		hash ^= (hash << 35n) & mask;
		hash ^= hash >> 4n;
		hash = (hash + BigInt(id)) & mask;
	}
	return bigInt(BigInt.asIntN(64, hash).toString());
}

export function getChannelParticipants(
	w: World,
	viewerId: number,
	channel: ChannelRecord,
	filter: Filter,
	offset: number,
	limit: number,
	hash: bigInt.BigInteger,
): Api.channels.TypeChannelParticipants {
	if (!channel.members.has(viewerId)) throw new RpcError(406, 'CHANNEL_PRIVATE');
	// Broadcast channels show their members to admins only; ban lists need the ban right.
	const banList = filter.className === 'ChannelParticipantsKicked' || filter.className === 'ChannelParticipantsBanned';
	if (!channel.megagroup && !rightsOf(channel, viewerId).length) throw new RpcError(403, 'CHAT_ADMIN_REQUIRED');
	if (banList && !hasRight(channel, viewerId, 'banUsers')) throw new RpcError(403, 'CHAT_ADMIN_REQUIRED');
	liftExpiredBans(channel);
	const ids = selected(w, channel, filter);
	const page = ids.slice(Math.max(0, offset), Math.max(0, offset) + Math.min(Math.max(0, limit), PARTICIPANTS_PAGE_MAX));
	if (!bigInt(hash).isZero() && idsHash(page).equals(bigInt(hash))) return new Api.channels.ChannelParticipantsNotModified();
	const entities = new Entities();
	for (const id of page) entities.user(id);
	const { users, chats } = entities.build(w, viewerId);
	return new Api.channels.ChannelParticipants({
		count: ids.length,
		participants: page.map((id) => channelParticipantTl(channel, viewerId, id)),
		chats,
		users,
	});
}
