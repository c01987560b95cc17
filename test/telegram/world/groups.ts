// Basic groups: creation, members, title and photo, each announced by a service message.
import { Api } from 'telegram';
import { RpcError } from '../types';
import type { World } from './world';
import type { ActionRecord, ChatRecord } from './records';
import { post, senderUpdates, type Origin } from './messaging';
import { chatParticipantsTl } from './tl';
import { userOf } from './users';
import { now } from './util';

export function chatOf(w: World, chatId: number): ChatRecord {
	const chat = w.db.chats.get(chatId);
	if (!chat) throw new RpcError(400, 'CHAT_ID_INVALID');
	return chat;
}

/**
 * Chat and channel titles are 1–128 characters (UTF-16 units). Telegram documents no error name
 * for a longer one; the loopback refuses it rather than store it.
 */
export function checkTitle(title: string): string {
	const trimmed = title.trim();
	if (!trimmed) throw new RpcError(400, 'CHAT_TITLE_EMPTY');
	if (trimmed.length > 128) throw new RpcError(400, 'CHAT_TITLE_TOO_LONG');
	return trimmed;
}

/** Whether `inviter` may add `userId` despite the latter's privacy settings. */
export function mayInvite(w: World, inviterId: number, userId: number): boolean {
	return !userOf(w, userId).privacyRestricted || !!w.db.accounts.get(userId)?.contacts.has(inviterId);
}

function isAdmin(chat: ChatRecord, userId: number): boolean {
	return chat.creatorId === userId || !!chat.participants.get(userId)?.admin;
}

/** Posts a service message to the chat; membership changes carry updateChatParticipants too. */
function announce(w: World, origin: Origin, chat: ChatRecord, action: ActionRecord, membership: boolean, alsoTo?: number[]): Api.Updates {
	const extra = membership ? () => [new Api.UpdateChatParticipants({ participants: chatParticipantsTl(chat) })] : undefined;
	const posted = post(w, origin, { chatId: chat.id }, { text: '', action }, { extra, alsoTo, service: true });
	return senderUpdates(w, origin, [posted], [], extra?.() ?? []);
}

export function createGroup(
	w: World,
	origin: Origin,
	title: string,
	memberIds: number[],
): { chat: ChatRecord; updates: Api.Updates; missing: number[] } {
	const cleanTitle = checkTitle(title);
	const creatorId = origin.userId;
	userOf(w, creatorId);
	const missing = memberIds.filter((id) => !mayInvite(w, creatorId, id));
	const members = [...new Set(memberIds)].filter((id) => id !== creatorId && !missing.includes(id));
	const date = now();
	const chat: ChatRecord = {
		id: w.db.nextChatId++,
		title: cleanTitle,
		date,
		version: 1,
		creatorId,
		participants: new Map(),
		kicked: new Set(),
	};
	for (const userId of [creatorId, ...members]) {
		userOf(w, userId);
		chat.participants.set(userId, { userId, inviterId: creatorId, date, admin: false });
	}
	w.db.chats.set(chat.id, chat);
	const action: ActionRecord = { kind: 'chatCreate', title: cleanTitle, userIds: [creatorId, ...members] };
	const updates = announce(w, origin, chat, action, false);
	return { chat, updates, missing };
}

export function addChatUser(w: World, origin: Origin, chatId: number, userId: number, viaLink?: number): Api.Updates {
	const chat = chatOf(w, chatId);
	userOf(w, userId);
	if (viaLink === undefined && !chat.participants.has(origin.userId)) throw new RpcError(400, 'USER_NOT_PARTICIPANT');
	if (chat.participants.has(userId)) throw new RpcError(400, 'USER_ALREADY_PARTICIPANT');
	if (viaLink === undefined && !mayInvite(w, origin.userId, userId)) throw new RpcError(403, 'USER_PRIVACY_RESTRICTED');
	chat.participants.set(userId, { userId, inviterId: viaLink ?? origin.userId, date: now(), admin: false });
	chat.kicked.delete(userId);
	chat.version++;
	const action: ActionRecord = viaLink !== undefined ? { kind: 'joinedByLink', inviterId: viaLink } : { kind: 'addUser', userIds: [userId] };
	return announce(w, origin, chat, action, true);
}

export function deleteChatUser(w: World, origin: Origin, chatId: number, userId: number): Api.Updates {
	const chat = chatOf(w, chatId);
	const actor = chat.participants.get(origin.userId);
	if (!actor) throw new RpcError(400, 'USER_NOT_PARTICIPANT');
	const target = chat.participants.get(userId);
	if (!target) throw new RpcError(400, 'USER_NOT_PARTICIPANT');
	if (userId !== origin.userId && !isAdmin(chat, origin.userId) && target.inviterId !== origin.userId) {
		throw new RpcError(400, 'CHAT_ADMIN_REQUIRED');
	}
	chat.participants.delete(userId);
	if (userId !== origin.userId) chat.kicked.add(userId);
	chat.version++;
	return announce(w, origin, chat, { kind: 'deleteUser', userId }, true, [userId]);
}

export function editChatTitle(w: World, origin: Origin, chatId: number, title: string): Api.Updates {
	const chat = chatOf(w, chatId);
	const cleanTitle = checkTitle(title);
	if (!chat.participants.has(origin.userId)) throw new RpcError(400, 'USER_NOT_PARTICIPANT');
	if (chat.title === cleanTitle) throw new RpcError(400, 'CHAT_NOT_MODIFIED');
	chat.title = cleanTitle;
	return announce(w, origin, chat, { kind: 'editTitle', title: cleanTitle }, false);
}

export function editChatPhoto(w: World, origin: Origin, chatId: number, photoId: number | undefined): Api.Updates {
	const chat = chatOf(w, chatId);
	if (!chat.participants.has(origin.userId)) throw new RpcError(400, 'USER_NOT_PARTICIPANT');
	if (photoId === undefined && chat.photoId === undefined) throw new RpcError(400, 'CHAT_NOT_MODIFIED');
	chat.photoId = photoId;
	const action: ActionRecord = photoId === undefined ? { kind: 'deletePhoto' } : { kind: 'editPhoto', photoId };
	return announce(w, origin, chat, action, false);
}
