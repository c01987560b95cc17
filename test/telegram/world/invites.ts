// Invite links (t.me/+hash) to basic groups and channels.
import { Api } from 'telegram';
import { randomBytes } from 'crypto';
import { RpcError } from '../types';
import type { World } from './world';
import type { InviteRecord } from './records';
import type { Origin } from './messaging';
import { addChatUser, chatOf } from './groups';
import { channelOf, isChannelAdmin, joinChannel } from './channels';
import { channelTl, chatTl, photoTl, userTl } from './tl';
import { long, now } from './util';

export interface InviteOptions {
	expireDate?: number;
	usageLimit?: number;
	title?: string;
}

export function inviteLink(hash: string): string {
	return `https://t.me/+${hash}`;
}

export function exportInvite(w: World, origin: Origin, targetId: number, options: InviteOptions = {}): InviteRecord {
	const chat = w.db.chats.get(targetId);
	if (chat) {
		if (!chat.participants.has(origin.userId)) throw new RpcError(400, 'USER_NOT_PARTICIPANT');
		if (chat.creatorId !== origin.userId && !chat.participants.get(origin.userId)?.admin) throw new RpcError(400, 'CHAT_ADMIN_REQUIRED');
	} else if (!isChannelAdmin(channelOf(w, targetId), origin.userId)) throw new RpcError(400, 'CHAT_ADMIN_REQUIRED');
	const invite: InviteRecord = {
		hash: randomBytes(12).toString('base64url'),
		targetId,
		adminId: origin.userId,
		date: now(),
		expireDate: options.expireDate,
		usageLimit: options.usageLimit,
		usage: 0,
		title: options.title,
		revoked: false,
	};
	w.db.invites.set(invite.hash, invite);
	return invite;
}

export function inviteTl(invite: InviteRecord): Api.ChatInviteExported {
	return new Api.ChatInviteExported({
		revoked: invite.revoked || undefined,
		link: inviteLink(invite.hash),
		adminId: long(invite.adminId),
		date: invite.date,
		expireDate: invite.expireDate,
		usageLimit: invite.usageLimit,
		usage: invite.usage || undefined,
		title: invite.title,
	});
}

function usableInvite(w: World, hash: string): InviteRecord {
	const invite = w.db.invites.get(hash);
	if (!invite) throw new RpcError(400, 'INVITE_HASH_INVALID');
	const expired = invite.revoked || (invite.expireDate !== undefined && invite.expireDate <= now()) || (invite.usageLimit !== undefined && invite.usage >= invite.usageLimit);
	if (expired) throw new RpcError(400, 'INVITE_HASH_EXPIRED');
	return invite;
}

function isMember(w: World, targetId: number, userId: number): boolean {
	return !!(w.db.chats.get(targetId)?.participants.has(userId) || w.db.channels.get(targetId)?.members.has(userId));
}

export function checkInvite(w: World, viewerId: number, hash: string): Api.TypeChatInvite {
	const invite = usableInvite(w, hash);
	const chat = w.db.chats.get(invite.targetId);
	if (isMember(w, invite.targetId, viewerId)) {
		return new Api.ChatInviteAlready({ chat: chat ? chatTl(w, viewerId, chat.id) : channelTl(w, viewerId, invite.targetId) });
	}
	if (chat) {
		return new Api.ChatInvite({
			title: chat.title,
			photo: photoTl(chat.photoId !== undefined ? w.db.files.photos.get(chat.photoId) : undefined),
			participantsCount: chat.participants.size,
			participants: [...chat.participants.keys()].slice(0, 10).map((id) => userTl(w, viewerId, id)),
			color: 0,
		});
	}
	const channel = channelOf(w, invite.targetId);
	return new Api.ChatInvite({
		channel: true,
		broadcast: !channel.megagroup || undefined,
		megagroup: channel.megagroup || undefined,
		public: !!channel.username || undefined,
		title: channel.title,
		about: channel.about || undefined,
		photo: photoTl(channel.photoId !== undefined ? w.db.files.photos.get(channel.photoId) : undefined),
		participantsCount: channel.members.size,
		color: 0,
	});
}

export function importInvite(w: World, origin: Origin, hash: string): Api.Updates {
	const invite = usableInvite(w, hash);
	if (isMember(w, invite.targetId, origin.userId)) throw new RpcError(400, 'USER_ALREADY_PARTICIPANT');
	const updates = w.db.chats.has(invite.targetId)
		? addChatUser(w, origin, chatOf(w, invite.targetId).id, origin.userId, invite.adminId)
		: joinChannel(w, origin, invite.targetId, invite.adminId);
	invite.usage++;
	return updates;
}
