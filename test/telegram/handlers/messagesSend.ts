// messages.* that create messages: send, media, forward, upload, typing.
import { Api } from 'telegram';
import { RpcError } from '../types';
import type { World } from '../world';
import type { ForwardRecord, MessageRecord, PeerRef } from '../world/records';
import { resolvePeer } from '../world/inputs';
import { editMessage } from '../world/edits';
import { checkEntityBounds } from '../world/entity-bounds';
import { oncePerRandomId, post, senderUpdates, shortSent, type Posted } from '../world/messaging';
import { peerTl, samePeer } from '../world/peers';
import { mediaTl } from '../world/tl';
import { long } from '../world/util';
import { me, origin, type Handlers } from './common';
import { mediaFromInput } from './media';

export const messageLengthMax = 4096;
export const captionLengthMax = 1024;

export function replyToId(raw: unknown): number | undefined {
	const replyTo = raw as Api.TypeInputReplyTo | undefined;
	return replyTo?.className === 'InputReplyToMessage' ? replyTo.replyToMsgId : undefined;
}

/** A message in the viewer's box or the channel, as forwardMessages reads it. */
export function sourceMessage(world: World, viewerId: number, peer: PeerRef, id: number): MessageRecord {
	const record =
		'channelId' in peer
			? world.db.channels.get(peer.channelId)?.byId.get(id)
			: world.db.accounts.get(viewerId)?.messages.get(id);
	if (!record || record.deleted || !samePeer(record.peer, peer)) {
		throw new RpcError(400, 'MESSAGE_ID_INVALID');
	}
	if (record.action) throw new RpcError(400, 'MESSAGE_ID_INVALID');
	return record;
}

export function forwardHeader(world: World, source: MessageRecord): ForwardRecord {
	if (source.fwd) return source.fwd;
	if (source.inChannel && !world.db.channels.get(source.ownerId)?.megagroup) {
		return { from: { channelId: source.ownerId }, date: source.date, channelPost: source.id };
	}
	return { from: source.fromId !== undefined ? { userId: source.fromId } : undefined, date: source.date };
}

function checkChannelReadable(world: World, viewerId: number, peer: PeerRef): void {
	if ('channelId' in peer && !world.db.channels.get(peer.channelId)?.members.has(viewerId)) {
		throw new RpcError(400, 'CHANNEL_PRIVATE');
	}
}

export function messagesSendHandlers(world: World): Handlers {
	return {
		'messages.SendMessage': (ctx, request: Api.messages.SendMessage) => {
			const caller = origin(world, ctx);
			const peer = resolvePeer(world, caller.userId, request.peer);
			const text = request.message;
			if (!text.trim()) throw new RpcError(400, 'MESSAGE_EMPTY');
			if (text.length > messageLengthMax) throw new RpcError(400, 'MESSAGE_TOO_LONG');
			checkEntityBounds(text, request.entities);
			return oncePerRandomId(world, caller.userId, [request.randomId], () => {
				const posted = post(world, caller, peer, {
					text,
					replyToId: replyToId(request.replyTo),
					noWebpage: request.noWebpage || undefined,
					silent: request.silent || undefined,
					entities: request.entities?.length ? request.entities : undefined,
				});
				// Private chats answer the short form; groups and channels a full container.
				if ('userId' in peer) return shortSent(world, caller, posted);
				return senderUpdates(world, caller, [posted], [request.randomId]);
			});
		},
		'messages.SendMedia': (ctx, request: Api.messages.SendMedia) => {
			const caller = origin(world, ctx);
			const peer = resolvePeer(world, caller.userId, request.peer);
			if (request.message.length > captionLengthMax) throw new RpcError(400, 'MEDIA_CAPTION_TOO_LONG');
			checkEntityBounds(request.message, request.entities);
			return oncePerRandomId(world, caller.userId, [request.randomId], () => {
				const media = mediaFromInput(world, caller.userId, request.media);
				const posted = post(world, caller, peer, {
					text: request.message,
					media,
					replyToId: replyToId(request.replyTo),
					silent: request.silent || undefined,
					entities: request.entities?.length ? request.entities : undefined,
				});
				return senderUpdates(world, caller, [posted], [request.randomId]);
			});
		},
		'messages.UploadMedia': (ctx, request: Api.messages.UploadMedia) => {
			const userId = me(world, ctx);
			resolvePeer(world, userId, request.peer);
			return mediaTl(world, mediaFromInput(world, userId, request.media));
		},
		'messages.ForwardMessages': (ctx, request: Api.messages.ForwardMessages) => {
			const caller = origin(world, ctx);
			const from = resolvePeer(world, caller.userId, request.fromPeer);
			const to = resolvePeer(world, caller.userId, request.toPeer);
			checkChannelReadable(world, caller.userId, from);
			if (!request.id.length || request.id.length !== request.randomId.length) throw new RpcError(400, 'RANDOM_ID_INVALID');
			const sources = request.id.map((id) => sourceMessage(world, caller.userId, from, id));
			return oncePerRandomId(world, caller.userId, request.randomId, () => {
				const posted: Posted[] = sources.map((source) =>
					post(world, caller, to, {
						text: request.dropMediaCaptions && source.media ? '' : source.text,
						media: source.media,
						fwd: request.dropAuthor ? undefined : forwardHeader(world, source),
						silent: request.silent || undefined,
					}),
				);
				return senderUpdates(world, caller, posted, request.randomId);
			});
		},
		'messages.EditMessage': (ctx, request: Api.messages.EditMessage) => {
			const caller = origin(world, ctx);
			const peer = resolvePeer(world, caller.userId, request.peer);
			if (request.message === undefined) throw new RpcError(400, 'MESSAGE_NOT_MODIFIED');
			checkEntityBounds(request.message, request.entities);
			return editMessage(world, caller, peer, request.id, request.message, { entities: request.entities, noWebpage: request.noWebpage });
		},
		'messages.SetTyping': (ctx, request: Api.messages.SetTyping) => {
			const userId = me(world, ctx);
			const peer = resolvePeer(world, userId, request.peer);
			const action = request.action;
			if ('userId' in peer) {
				if (peer.userId !== userId) {
					world.delivery.short(peer.userId, new Api.UpdateUserTyping({ userId: long(userId), action }));
				}
			} else if ('chatId' in peer) {
				const chat = world.db.chats.get(peer.chatId);
				if (!chat?.participants.has(userId)) throw new RpcError(400, 'USER_NOT_PARTICIPANT');
				for (const memberId of chat.participants.keys()) {
					if (memberId === userId) continue;
					const update = new Api.UpdateChatUserTyping({ chatId: long(chat.id), fromId: peerTl({ userId }), action });
					world.delivery.short(memberId, update);
				}
			} else {
				const channel = world.db.channels.get(peer.channelId);
				if (!channel?.members.has(userId)) throw new RpcError(400, 'USER_NOT_PARTICIPANT');
				for (const memberId of channel.members.keys()) {
					if (memberId === userId) continue;
					const update = new Api.UpdateChannelUserTyping({ channelId: long(channel.id), fromId: peerTl({ userId }), action });
					world.delivery.short(memberId, update);
				}
			}
			return true;
		},
	};
}
