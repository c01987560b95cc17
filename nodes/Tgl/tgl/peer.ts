// GramJS users, chats, channels and secret chats → tgl.Peer.
import { Api } from 'telegram';
import { PEER_TYPES } from './constants';
import { lookupUser, type PeerContext } from './context';
import { isoDate, nonEmpty, toDecimal, toNum } from './convert';
import { makePeerKey, peerParts, toMarkedId } from './peerId';
import { chatPrintBase, secretChatPrintBase, userPrintBase } from './printName';
import type { PeerKey, PeerTypeName, SecretChatState, TglEntity, TglPeer, TglUserStatus } from './types';

/** Facts that are not on the entity itself: from full info or a participants list. */
export interface PeerExtras {
	/** Member ids of a chat or channel (fills user_list). */
	participants?: number[];
	/** Whether you blocked this user (users.getFullUser tells). */
	blocked?: boolean;
	/** Member count when the entity lacks it (ChannelFull has it). */
	membersCount?: number;
}

export function toUserStatus(status: Api.TypeUserStatus | null | undefined): TglUserStatus {
	// tg reported online for every status but "empty"; only a live online status counts here.
	if (status instanceof Api.UserStatusOnline) return { online: true, when: isoDate(status.expires), status: 'online' };
	if (status instanceof Api.UserStatusOffline) return { online: false, when: isoDate(status.wasOnline), status: 'offline' };
	if (status instanceof Api.UserStatusRecently) return { online: false, when: null, status: 'recently' };
	if (status instanceof Api.UserStatusLastWeek) return { online: false, when: null, status: 'last_week' };
	if (status instanceof Api.UserStatusLastMonth) return { online: false, when: null, status: 'last_month' };
	return { online: false, when: null, status: 'empty' };
}

/** Every key, with the defaults of its type; builders override what they know. */
function blankPeer(type_name: PeerTypeName, id: number, name: string, ctx: PeerContext): TglPeer {
	const isUser = type_name === 'user';
	const isGroup = type_name === 'chat' || type_name === 'channel';
	return {
		id,
		type: PEER_TYPES[type_name],
		type_name,
		name,
		user_id: isUser ? id : null,
		user_list: isGroup ? [] : null,
		user_status: isUser ? toUserStatus(undefined) : null,
		phone: null,
		username: null,
		first_name: null,
		last_name: null,
		peer_id: type_name === 'secret_chat' ? null : toMarkedId(type_name, id),
		access_hash: null,
		title: null,
		megagroup: null,
		photo_id: null,
		contact: null,
		blocked: null,
		bot: null,
		self: isUser ? id === ctx.selfId : null,
		deleted: null,
		admin: null,
		left: null,
		members_count: null,
		state: null,
	};
}

/** The name a peer already has, else the given base registered. */
function knownOr(ctx: PeerContext, key: PeerKey, base: string): string {
	return ctx.names.nameOf(key) ?? ctx.names.assign(key, base);
}

function firstUsername(username: string | null | undefined, usernames: Api.TypeUsername[] | null | undefined): string | null {
	return nonEmpty(username) ?? nonEmpty(usernames?.find((u) => u.active)?.username);
}

function chatPhotoId(photo: Api.TypeChatPhoto | null | undefined): string | null {
	return photo instanceof Api.ChatPhoto ? toDecimal(photo.photoId) : null;
}

function userPeer(user: Api.User | Api.UserEmpty, ctx: PeerContext, extras: PeerExtras): TglPeer {
	const id = toNum(user.id);
	const key = makePeerKey('user', id);
	if (user instanceof Api.UserEmpty) {
		return { ...blankPeer('user', id, knownOr(ctx, key, userPrintBase(null, null, id)), ctx), deleted: true };
	}
	const first_name = nonEmpty(user.firstName);
	const last_name = nonEmpty(user.lastName);
	return {
		...blankPeer('user', id, ctx.names.assign(key, userPrintBase(first_name, last_name, id)), ctx),
		user_status: toUserStatus(user.status),
		phone: nonEmpty(user.phone),
		username: firstUsername(user.username, user.usernames),
		first_name,
		last_name,
		access_hash: toDecimal(user.accessHash),
		photo_id: user.photo instanceof Api.UserProfilePhoto ? toDecimal(user.photo.photoId) : null,
		contact: !!user.contact,
		blocked: extras.blocked ?? null,
		bot: !!user.bot,
		self: !!user.self || id === ctx.selfId,
		deleted: !!user.deleted,
	};
}

function chatPeer(chat: Api.Chat | Api.ChatForbidden | Api.ChatEmpty, ctx: PeerContext, extras: PeerExtras): TglPeer {
	const id = toNum(chat.id);
	const key = makePeerKey('chat', id);
	if (chat instanceof Api.ChatEmpty) {
		return { ...blankPeer('chat', id, knownOr(ctx, key, chatPrintBase(null, 'chat', id)), ctx), deleted: true };
	}
	const title = nonEmpty(chat.title);
	const base = { ...blankPeer('chat', id, ctx.names.assign(key, chatPrintBase(title, 'chat', id)), ctx), title };
	const user_list = extras.participants ?? [];
	if (chat instanceof Api.ChatForbidden) {
		// Forbidden: we were removed; the chat itself still exists.
		return { ...base, user_list, deleted: false, admin: false, left: true, members_count: extras.membersCount ?? null };
	}
	return {
		...base,
		user_list,
		photo_id: chatPhotoId(chat.photo),
		deleted: !!chat.deactivated,
		admin: !!chat.creator || !!chat.adminRights,
		left: !!chat.left,
		members_count: chat.participantsCount ?? extras.membersCount ?? null,
	};
}

function channelPeer(channel: Api.Channel | Api.ChannelForbidden, ctx: PeerContext, extras: PeerExtras): TglPeer {
	const id = toNum(channel.id);
	const title = nonEmpty(channel.title);
	const name = ctx.names.assign(makePeerKey('channel', id), chatPrintBase(title, 'channel', id));
	const base = {
		...blankPeer('channel', id, name, ctx),
		user_list: extras.participants ?? [],
		access_hash: toDecimal(channel.accessHash),
		title,
		megagroup: !!channel.megagroup,
		deleted: false,
	};
	if (channel instanceof Api.ChannelForbidden) {
		return { ...base, admin: false, left: true, members_count: extras.membersCount ?? null };
	}
	return {
		...base,
		username: firstUsername(channel.username, channel.usernames),
		photo_id: chatPhotoId(channel.photo),
		admin: !!channel.creator || !!channel.adminRights,
		left: !!channel.left,
		members_count: channel.participantsCount ?? extras.membersCount ?? null,
	};
}

export function secretChatState(chat: Api.TypeEncryptedChat): SecretChatState {
	if (chat instanceof Api.EncryptedChatWaiting) return 'waiting';
	if (chat instanceof Api.EncryptedChatRequested) return 'requested';
	if (chat instanceof Api.EncryptedChat) return 'working';
	return 'deleted';
}

function secretChatPeer(chat: Api.TypeEncryptedChat, ctx: PeerContext): TglPeer {
	const id = chat.id;
	const key = makePeerKey('secret_chat', id);
	const state = secretChatState(chat);
	if (chat instanceof Api.EncryptedChatEmpty || chat instanceof Api.EncryptedChatDiscarded) {
		// These carry no user: keep whatever name the chat had.
		const name = knownOr(ctx, key, secretChatPrintBase(undefined, null, id));
		return { ...blankPeer('secret_chat', id, name, ctx), deleted: true, state };
	}
	const adminId = toNum(chat.adminId);
	const user_id = adminId === ctx.selfId ? toNum(chat.participantId) : adminId;
	const user = lookupUser(ctx, user_id);
	const name =
		user instanceof Api.User && (user.firstName || user.lastName)
			? ctx.names.assign(key, secretChatPrintBase({ first_name: nonEmpty(user.firstName), last_name: nonEmpty(user.lastName) }, user_id, id))
			: knownOr(ctx, key, secretChatPrintBase(undefined, user_id, id));
	return {
		...blankPeer('secret_chat', id, name, ctx),
		user_id,
		access_hash: toDecimal(chat.accessHash),
		deleted: false,
		state,
	};
}

/** The base print name `toPeer` registers for a user, chat or channel; undefined for empty ones. */
export function printBaseOf(entity: TglEntity): string | undefined {
	const id = toNum(entity.id);
	if (entity instanceof Api.User) return userPrintBase(nonEmpty(entity.firstName), nonEmpty(entity.lastName), id);
	if (entity instanceof Api.Chat || entity instanceof Api.ChatForbidden) return chatPrintBase(nonEmpty(entity.title), 'chat', id);
	if (entity instanceof Api.Channel || entity instanceof Api.ChannelForbidden) return chatPrintBase(nonEmpty(entity.title), 'channel', id);
	return undefined;
}

/** tgl.Peer of a user, chat, channel or secret chat. */
export function toPeer(entity: TglEntity | Api.TypeEncryptedChat, ctx: PeerContext, extras: PeerExtras = {}): TglPeer {
	if (entity instanceof Api.User || entity instanceof Api.UserEmpty) return userPeer(entity, ctx, extras);
	if (entity instanceof Api.Channel || entity instanceof Api.ChannelForbidden) return channelPeer(entity, ctx, extras);
	if (entity instanceof Api.Chat || entity instanceof Api.ChatForbidden || entity instanceof Api.ChatEmpty) {
		return chatPeer(entity, ctx, extras);
	}
	return secretChatPeer(entity, ctx);
}

/** A peer known only by reference: id and type; its name is its registered one or "user#123". */
export function minimalPeer(ref: Api.TypePeer, ctx: PeerContext): TglPeer {
	const { type_name, id } = peerParts(ref);
	const key = makePeerKey(type_name, id);
	return blankPeer(type_name, id, ctx.names.nameOf(key) ?? key, ctx);
}

/** tgl.Peer for a reference (PeerUser/PeerChat/PeerChannel), via the context's entities; minimal when unknown. */
export function peerOfRef(ref: Api.TypePeer, ctx: PeerContext): TglPeer {
	const entity = ctx.peer?.(ref);
	return entity ? toPeer(entity, ctx) : minimalPeer(ref, ctx);
}

/** Member ids from a basic group's participants or a channel participants list. */
export function participantIds(
	participants: Api.TypeChatParticipants | ReadonlyArray<Api.TypeChatParticipant | Api.TypeChannelParticipant>,
): number[] {
	const list = Array.isArray(participants)
		? participants
		: participants instanceof Api.ChatParticipants
			? participants.participants
			: []; // ChatParticipantsForbidden: members unknown
	const ids: number[] = [];
	for (const p of list as ReadonlyArray<Api.TypeChatParticipant | Api.TypeChannelParticipant>) {
		// Banned and left entries are not members.
		if ('userId' in p && p.userId !== undefined && p.userId !== null) ids.push(toNum(p.userId));
	}
	return ids;
}

/** peer.info for a user: users.getFullUser's result (adds `blocked`). */
export function fromFullUser(full: Api.users.UserFull, ctx: PeerContext): TglPeer {
	const id = toNum(full.fullUser.id);
	const user = full.users.find((u) => toNum(u.id) === id);
	const blocked = !!full.fullUser.blocked;
	if (user) return toPeer(user, ctx, { blocked });
	return { ...minimalPeer(new Api.PeerUser({ userId: full.fullUser.id }), ctx), blocked };
}

/**
 * peer.info for a chat or channel: messages.getFullChat / channels.getFullChannel's result.
 * Basic groups list their members; for channels pass `participants` (channels.getParticipants).
 */
export function fromFullChat(full: Api.messages.ChatFull, ctx: PeerContext, participants?: number[]): TglPeer {
	const fc = full.fullChat;
	const id = toNum(fc.id);
	const isChannel = fc instanceof Api.ChannelFull;
	const entity = full.chats.find(
		(c) => toNum(c.id) === id && (c instanceof Api.Channel || c instanceof Api.ChannelForbidden) === isChannel,
	);
	const extras: PeerExtras =
		fc instanceof Api.ChannelFull
			? { participants, membersCount: fc.participantsCount ?? undefined }
			: { participants: participants ?? participantIds(fc.participants) };
	if (entity) return toPeer(entity, ctx, extras);
	const ref = isChannel ? new Api.PeerChannel({ channelId: fc.id }) : new Api.PeerChat({ chatId: fc.id });
	return { ...minimalPeer(ref, ctx), user_list: extras.participants ?? [], members_count: extras.membersCount ?? null };
}
