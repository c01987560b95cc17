// Albums (messages.sendMultiMedia), scheduled sends (schedule_date on every send) and the
// scheduled list. Sends without schedule_date go to the ordinary handlers unchanged.
import { Api } from 'telegram';
import type { BigInteger } from 'big-integer';
import { RpcError } from '../types';
import type { World } from '../world';
import type { PeerRef } from '../world/records';
import { resolvePeer } from '../world/inputs';
import { oncePerRandomId, post, senderUpdates, type PostInput } from '../world/messaging';
import { checkScheduleDate, schedule, scheduledHistory } from '../world/scheduled';
import { randomLong } from '../world/util';
import { checkEntityBounds } from '../world/entity-bounds';

const nonEmpty = (entities: Api.TypeMessageEntity[] | undefined) => (entities?.length ? entities : undefined);
import { origin, me, type Handlers } from './common';
import { mediaFromInput } from './media';
import { captionLengthMax, forwardHeader, messageLengthMax, replyToId, sourceMessage } from './messagesSend';

/** core.telegram.org/api/files#albums-grouped-media: up to 10 photos/videos (or documents, or audio) per album. */
const ALBUM_MAX = 10;
/** What sendMultiMedia takes: media already on the server (messages.uploadMedia), not fresh uploads. */
const ALBUM_MEDIA = new Set(['InputMediaPhoto', 'InputMediaDocument', 'InputMediaPhotoExternal', 'InputMediaDocumentExternal']);

type Send = Api.messages.SendMessage | Api.messages.SendMedia | Api.messages.ForwardMessages | Api.messages.SendMultiMedia;

export function messagesScheduledHandlers(world: World, base: Handlers): Handlers {
	/** A send with a schedule_date in the future is scheduled; else it is sent now by `now`. */
	const scheduledOr = <T extends Send>(name: string, toInputs: (request: T, peer: PeerRef, userId: number) => PostInput[], randomIds: (request: T) => Array<BigInteger | undefined>) =>
		(ctx: Parameters<Handlers[string]>[0], request: T) => {
			if (!request.scheduleDate || !checkScheduleDate(request.scheduleDate)) return base[name](ctx, request);
			const caller = origin(world, ctx);
			const peer = resolvePeer(world, caller.userId, 'toPeer' in request ? request.toPeer : request.peer);
			const inputs = toInputs(request, peer, caller.userId);
			return oncePerRandomId(world, caller.userId, randomIds(request), () => schedule(world, caller, peer, inputs, request.scheduleDate!, randomIds(request)));
		};

	return {
		'messages.SendMessage': scheduledOr<Api.messages.SendMessage>(
			'messages.SendMessage',
			(request) => {
				if (!request.message.trim()) throw new RpcError(400, 'MESSAGE_EMPTY');
				if (request.message.length > messageLengthMax) throw new RpcError(400, 'MESSAGE_TOO_LONG');
				checkEntityBounds(request.message, request.entities);
				return [{ text: request.message, noWebpage: request.noWebpage || undefined, silent: request.silent || undefined, entities: nonEmpty(request.entities) }];
			},
			(request) => [request.randomId],
		),
		'messages.SendMedia': scheduledOr<Api.messages.SendMedia>(
			'messages.SendMedia',
			(request, _peer, userId) => {
				if (request.message.length > captionLengthMax) throw new RpcError(400, 'MEDIA_CAPTION_TOO_LONG');
				checkEntityBounds(request.message, request.entities);
				return [{ text: request.message, media: mediaFromInput(world, userId, request.media), silent: request.silent || undefined, entities: nonEmpty(request.entities) }];
			},
			(request) => [request.randomId],
		),
		'messages.ForwardMessages': scheduledOr<Api.messages.ForwardMessages>(
			'messages.ForwardMessages',
			(request, _peer, userId) => {
				const from = resolvePeer(world, userId, request.fromPeer);
				if (!request.id.length || request.id.length !== request.randomId.length) throw new RpcError(400, 'RANDOM_ID_INVALID');
				return request.id.map((id) => {
					const source = sourceMessage(world, userId, from, id);
					return {
						text: request.dropMediaCaptions && source.media ? '' : source.text,
						media: source.media,
						fwd: request.dropAuthor ? undefined : forwardHeader(world, source),
						silent: request.silent || undefined,
					};
				});
			},
			(request) => request.randomId,
		),
		'messages.SendMultiMedia': (ctx, request: Api.messages.SendMultiMedia) => {
			const caller = origin(world, ctx);
			const peer = resolvePeer(world, caller.userId, request.peer);
			const parts = request.multiMedia as Api.InputSingleMedia[];
			if (!parts.length) throw new RpcError(400, 'MEDIA_EMPTY');
			if (parts.length > ALBUM_MAX) throw new RpcError(400, 'MULTI_MEDIA_TOO_LONG');
			if (parts.some((p) => p.randomId === undefined)) throw new RpcError(400, 'RANDOM_ID_EMPTY');
			if (parts.some((p) => !ALBUM_MEDIA.has(p.media.className))) throw new RpcError(400, 'MEDIA_INVALID');
			if (parts.some((p) => p.message.length > captionLengthMax)) throw new RpcError(400, 'MEDIA_CAPTION_TOO_LONG');
			parts.forEach((p) => checkEntityBounds(p.message, p.entities));
			const randomIds = parts.map((p) => p.randomId);
			const groupedId = randomLong().abs().toString();
			const inputs: PostInput[] = parts.map((p) => ({
				text: p.message,
				media: mediaFromInput(world, caller.userId, p.media),
				silent: request.silent || undefined,
				entities: nonEmpty(p.entities),
				groupedId,
			}));
			if (request.scheduleDate && checkScheduleDate(request.scheduleDate)) {
				return oncePerRandomId(world, caller.userId, randomIds, () => schedule(world, caller, peer, inputs, request.scheduleDate!, randomIds));
			}
			return oncePerRandomId(world, caller.userId, randomIds, () => {
				const reply = replyToId(request.replyTo);
				const posted = inputs.map((input, i) => post(world, caller, peer, { ...input, replyToId: i === 0 ? reply : undefined }));
				return senderUpdates(world, caller, posted, randomIds);
			});
		},
		'messages.GetScheduledHistory': (ctx, request: Api.messages.GetScheduledHistory) => {
			const userId = me(world, ctx);
			return scheduledHistory(world, userId, resolvePeer(world, userId, request.peer));
		},
	};
}
