// messages.* for basic groups and invite links.
import { Api } from 'telegram';
import { RpcError } from '../types';
import type { World } from '../world';
import { Entities } from '../world/entities';
import { addChatUser, chatOf, createGroup, deleteChatUser, editChatPhoto, editChatTitle } from '../world/groups';
import { checkInviteOptions } from '../world/admin-rights';
import { checkInvite, exportInvite, importInvite, inviteTl } from '../world/invites';
import { resolvePeer, resolveUser } from '../world/inputs';
import { chatParticipantsTl, chatTl, photoTl } from '../world/tl';
import { long, toNumber } from '../world/util';
import { me, origin, type Handlers } from './common';
import { chatPhotoFromInput } from './media';

/** "t.me/+hash", "t.me/joinchat/hash" or the bare hash. */
function inviteHash(value: string): string {
	return value.replace(/^(https?:\/\/)?t\.me\/(\+|joinchat\/)/, '');
}

export function messagesChatsHandlers(world: World): Handlers {
	return {
		'messages.GetChats': (ctx, request: Api.messages.GetChats) => {
			const viewerId = me(world, ctx);
			const chats = request.id.map((id) => toNumber(id)).filter((id) => world.db.chats.has(id));
			return new Api.messages.Chats({ chats: chats.map((id) => chatTl(world, viewerId, id)) });
		},
		'messages.GetFullChat': (ctx, request: Api.messages.GetFullChat) => {
			const viewerId = me(world, ctx);
			const chat = chatOf(world, toNumber(request.chatId));
			const member = chat.participants.has(viewerId);
			const participants = member
				? chatParticipantsTl(chat)
				: new Api.ChatParticipantsForbidden({ chatId: long(chat.id) });
			const entities = new Entities().peer({ chatId: chat.id });
			if (member) chat.participants.forEach((_, id) => entities.user(id));
			const { users, chats } = entities.build(world, viewerId);
			const photo = chat.photoId !== undefined ? world.db.files.photos.get(chat.photoId) : undefined;
			return new Api.messages.ChatFull({
				fullChat: new Api.ChatFull({
					id: long(chat.id),
					about: chat.about ?? '',
					participants,
					chatPhoto: photo ? photoTl(photo) : undefined,
					notifySettings: new Api.PeerNotifySettings({}),
				}),
				chats,
				users,
			});
		},
		'messages.CreateChat': (ctx, request: Api.messages.CreateChat) => {
			const caller = origin(world, ctx);
			const ids = request.users.map((u) => resolveUser(world, caller.userId, u));
			const { updates, missing } = createGroup(world, caller, request.title, ids);
			return new Api.messages.InvitedUsers({
				updates,
				missingInvitees: missing.map((id) => new Api.MissingInvitee({ userId: long(id) })),
			});
		},
		'messages.EditChatTitle': (ctx, request: Api.messages.EditChatTitle) =>
			editChatTitle(world, origin(world, ctx), toNumber(request.chatId), request.title),
		'messages.EditChatPhoto': (ctx, request: Api.messages.EditChatPhoto) => {
			const caller = origin(world, ctx);
			const chatId = chatOf(world, toNumber(request.chatId)).id;
			return editChatPhoto(world, caller, chatId, chatPhotoFromInput(world, caller.userId, request.photo));
		},
		'messages.AddChatUser': (ctx, request: Api.messages.AddChatUser) => {
			const caller = origin(world, ctx);
			const userId = resolveUser(world, caller.userId, request.userId);
			const updates = addChatUser(world, caller, toNumber(request.chatId), userId);
			return new Api.messages.InvitedUsers({ updates, missingInvitees: [] });
		},
		'messages.DeleteChatUser': (ctx, request: Api.messages.DeleteChatUser) => {
			const caller = origin(world, ctx);
			const userId = resolveUser(world, caller.userId, request.userId);
			return deleteChatUser(world, caller, toNumber(request.chatId), userId);
		},
		'messages.ExportChatInvite': (ctx, request: Api.messages.ExportChatInvite) => {
			const caller = origin(world, ctx);
			const peer = resolvePeer(world, caller.userId, request.peer);
			if ('userId' in peer) throw new RpcError(400, 'PEER_ID_INVALID');
			const targetId = 'chatId' in peer ? peer.chatId : peer.channelId;
			// Absent flag fields decode as null: keep them absent, or a null expiry reads as expired.
			const expireDate = request.expireDate ?? undefined;
			const usageLimit = request.usageLimit ?? undefined;
			checkInviteOptions(expireDate, usageLimit);
			const invite = exportInvite(world, caller, targetId, { expireDate, usageLimit, title: request.title ?? undefined });
			return inviteTl(invite);
		},
		'messages.CheckChatInvite': (ctx, request: Api.messages.CheckChatInvite) =>
			checkInvite(world, me(world, ctx), inviteHash(request.hash)),
		'messages.ImportChatInvite': (ctx, request: Api.messages.ImportChatInvite) =>
			importInvite(world, origin(world, ctx), inviteHash(request.hash)),
	};
}
