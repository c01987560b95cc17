// Admin rights and bans in channels and supergroups (channels.editAdmin, channels.editBanned),
// admins of basic groups (messages.editChatAdmin), and chat descriptions (messages.editChatAbout).
import { Api } from 'telegram';
import { RpcError } from '../types';
import type { World } from './world';
import type { ChannelRecord } from './records';
import { Entities } from './entities';
import type { Origin } from './messaging';
import { channelOf, removeFromChannel } from './channels';
import { chatOf, mayInvite } from './groups';
import { userOf } from './users';
import { long, now } from './util';

/** Every right of chatAdminRights, by its GramJS field name. */
export const ADMIN_RIGHTS = [
	'changeInfo',
	'postMessages',
	'editMessages',
	'deleteMessages',
	'banUsers',
	'inviteUsers',
	'pinMessages',
	'addAdmins',
	'anonymous',
	'manageCall',
	'other',
	'manageTopics',
	'postStories',
	'editStories',
	'deleteStories',
] as const;

/** Telegram's appConfig channels_admins_limit_default. */
export const ADMINS_LIMIT = 50;
/** Telegram's channels_limit_default: channels and supergroups one account may be in. */
export const CHANNELS_LIMIT = 500;
/** Admin titles (ranks) are at most 16 characters. */
export const RANK_MAX = 16;

/** The rights `userId` holds: all for the creator, the given ones for an admin, none otherwise. */
export function rightsOf(channel: ChannelRecord, userId: number): string[] {
	const member = channel.members.get(userId);
	if (!member) return [];
	if (channel.creatorId === userId) return [...ADMIN_RIGHTS];
	if (!member.admin) return [];
	return member.rights ?? [...ADMIN_RIGHTS];
}

export function hasRight(channel: ChannelRecord, userId: number, right: (typeof ADMIN_RIGHTS)[number]): boolean {
	return rightsOf(channel, userId).includes(right);
}

export function adminRightsTl(rights: string[]): Api.ChatAdminRights {
	const flags: Record<string, boolean> = {};
	for (const right of rights) flags[right] = true;
	return new Api.ChatAdminRights(flags);
}

/** The rights a ChatAdminRights sets, as names. */
export function rightNames(rights: Api.TypeChatAdminRights): string[] {
	const set = rights as unknown as Record<string, unknown>;
	return ADMIN_RIGHTS.filter((right) => set[right] === true);
}

/** Channels and supergroups the account is a member of (the limit applies to joins and creations). */
export function checkChannelsLimit(w: World, userId: number): void {
	let count = 0;
	for (const channel of w.db.channels.values()) if (channel.members.has(userId)) count++;
	if (count >= CHANNELS_LIMIT) throw new RpcError(400, 'CHANNELS_TOO_MUCH');
}

function tellAccount(w: World, channel: ChannelRecord, userId: number, origin: Origin): void {
	if (userId === origin.userId) return;
	w.delivery.send(userId, [new Api.UpdateChannel({ channelId: long(channel.id) })], new Entities().peer({ channelId: channel.id }));
}

function answer(w: World, channel: ChannelRecord, origin: Origin): Api.Updates {
	return w.delivery.send(origin.userId, [new Api.UpdateChannel({ channelId: long(channel.id) })], new Entities().peer({ channelId: channel.id }), origin.session);
}

/** channels.editAdmin: no rights demotes; rights promote (adding a non-member, as Telegram does). */
export function editChannelAdmin(w: World, origin: Origin, channelId: number, userId: number, rights: string[], rank: string | undefined): Api.Updates {
	const channel = channelOf(w, channelId);
	userOf(w, userId);
	if (!channel.members.has(origin.userId)) throw new RpcError(406, 'CHANNEL_PRIVATE');
	if (!hasRight(channel, origin.userId, 'addAdmins')) throw new RpcError(403, 'CHAT_ADMIN_REQUIRED');
	if (rank !== undefined) {
		if (rank.length > RANK_MAX) throw new RpcError(400, 'ADMIN_RANK_INVALID');
		if (/\p{Extended_Pictographic}/u.test(rank)) throw new RpcError(400, 'ADMIN_RANK_EMOJI_NOT_ALLOWED');
	}
	if (userId === channel.creatorId) throw new RpcError(400, 'USER_CREATOR');
	const held = rightsOf(channel, origin.userId);
	if (rights.some((right) => !held.includes(right))) throw new RpcError(403, 'RIGHT_FORBIDDEN');
	const target = channel.members.get(userId);
	// Only the creator or whoever promoted an admin may change that admin.
	if (target?.admin && origin.userId !== channel.creatorId && target.promotedBy !== origin.userId) throw new RpcError(403, 'CHAT_ADMIN_REQUIRED');
	if (!rights.length) {
		if (!target) throw new RpcError(400, 'USER_NOT_PARTICIPANT');
		Object.assign(target, { admin: false, rights: undefined, rank: undefined, promotedBy: undefined });
	} else {
		const admins = [...channel.members.values()].filter((m) => m.admin && m.userId !== channel.creatorId && m.userId !== userId).length;
		if (admins >= ADMINS_LIMIT) throw new RpcError(400, 'ADMINS_TOO_MUCH');
		if (!target) {
			if (channel.kicked.has(userId)) throw new RpcError(400, 'USER_KICKED');
			if (!mayInvite(w, origin.userId, userId)) throw new RpcError(403, 'USER_PRIVACY_RESTRICTED');
			channel.members.set(userId, { userId, inviterId: origin.userId, date: now(), admin: true, readInboxMaxId: 0 });
		}
		Object.assign(channel.members.get(userId)!, { admin: true, rights, rank: rank || undefined, promotedBy: origin.userId });
	}
	tellAccount(w, channel, userId, origin);
	return answer(w, channel, origin);
}

/** A ban's until_date as Telegram keeps it: under 30 seconds or over 366 days from now is forever (0). */
export function banUntil(untilDate: number | undefined): number {
	const left = (untilDate ?? 0) - now();
	return left < 30 || left > 366 * 86400 ? 0 : (untilDate as number);
}

/** channels.editBanned: view_messages bans (removing a member), no rights lifts the ban. */
export function editChannelBanned(w: World, origin: Origin, channelId: number, userId: number, rights: Api.ChatBannedRights): Api.Updates {
	const channel = channelOf(w, channelId);
	if (!channel.members.has(origin.userId)) throw new RpcError(406, 'CHANNEL_PRIVATE');
	if (!hasRight(channel, origin.userId, 'banUsers')) throw new RpcError(403, 'CHAT_ADMIN_REQUIRED');
	if (userId === origin.userId) throw new RpcError(400, 'PARTICIPANT_ID_INVALID');
	const target = channel.members.get(userId);
	if (userId === channel.creatorId) throw new RpcError(400, 'USER_ADMIN_INVALID');
	// An admin can be banned only by the creator or the admin who promoted them.
	if (target?.admin && origin.userId !== channel.creatorId && target.promotedBy !== origin.userId) throw new RpcError(400, 'USER_ADMIN_INVALID');
	channel.bans ??= new Map();
	if (rights.viewMessages) {
		channel.bans.set(userId, { kickedBy: origin.userId, date: now(), untilDate: banUntil(rights.untilDate) });
		if (!target) {
			channel.kicked.add(userId);
			return w.delivery.send(origin.userId, [], new Entities(), origin.session);
		}
		return removeFromChannel(w, origin, channel.id, userId, true);
	}
	// Lifting the ban (mere restrictions are not modelled by this world).
	channel.kicked.delete(userId);
	channel.bans.delete(userId);
	tellAccount(w, channel, userId, origin);
	return answer(w, channel, origin);
}

/** Bans whose until_date passed are over: Telegram lifts them by itself. */
export function liftExpiredBans(channel: ChannelRecord): void {
	for (const [userId, ban] of channel.bans ?? []) {
		if (ban.untilDate && ban.untilDate <= now()) {
			channel.bans!.delete(userId);
			channel.kicked.delete(userId);
		}
	}
}

/** messages.editChatAdmin: only the creator names admins of a basic group. */
export function editChatAdmin(w: World, origin: Origin, chatId: number, userId: number, isAdmin: boolean): void {
	const chat = chatOf(w, chatId);
	if (!chat.participants.has(origin.userId)) throw new RpcError(400, 'CHAT_ID_INVALID');
	if (chat.creatorId !== origin.userId) throw new RpcError(400, 'CHAT_ADMIN_REQUIRED');
	const target = chat.participants.get(userId);
	if (!target) throw new RpcError(400, 'USER_NOT_PARTICIPANT');
	if (userId === chat.creatorId || target.admin === isAdmin) return;
	target.admin = isAdmin;
	chat.version++;
	const update = new Api.UpdateChatParticipantAdmin({ chatId: long(chat.id), userId: long(userId), isAdmin, version: chat.version });
	for (const memberId of chat.participants.keys()) {
		w.delivery.send(memberId, [update], new Entities().peer({ chatId: chat.id }).user(userId), memberId === origin.userId ? origin.session : undefined);
	}
}

/** messages.editChatAbout for a basic group (any member) or a channel (change_info right). */
export function editChatAbout(w: World, origin: Origin, target: { chatId: number } | { channelId: number }, about: string): void {
	if (about.length > 255) throw new RpcError(400, 'CHAT_ABOUT_TOO_LONG');
	if ('chatId' in target) {
		const chat = chatOf(w, target.chatId);
		if (!chat.participants.has(origin.userId)) throw new RpcError(400, 'PEER_ID_INVALID');
		if ((chat.about ?? '') === about) throw new RpcError(400, 'CHAT_ABOUT_NOT_MODIFIED');
		chat.about = about;
		return;
	}
	const channel = channelOf(w, target.channelId);
	if (!channel.members.has(origin.userId)) throw new RpcError(406, 'CHANNEL_PRIVATE');
	if (!hasRight(channel, origin.userId, 'changeInfo')) throw new RpcError(403, 'CHAT_ADMIN_REQUIRED');
	if (channel.about === about) throw new RpcError(400, 'CHAT_ABOUT_NOT_MODIFIED');
	channel.about = about;
}

/** messages.exportChatInvite's limits: usage_limit 1–99999, an expiry in the future. */
export function checkInviteOptions(expireDate: number | undefined, usageLimit: number | undefined): void {
	if (usageLimit !== undefined && (usageLimit < 1 || usageLimit > 99999)) throw new RpcError(400, 'USAGE_LIMIT_INVALID');
	if (expireDate !== undefined && expireDate !== 0 && expireDate <= now()) throw new RpcError(400, 'EXPIRE_DATE_INVALID');
}
