// Secret chats and their decrypted messages in tgl's shapes: a Peer of type 4 (secret_chat) and
// a Msg whose dest is that Peer. The Peer goes through the same mapper as Telegram's own
// EncryptedChat objects, so print names ("!First_Last") come from one place.
import bigInt from 'big-integer';
import { Api } from 'telegram';
import {
	ACTION_DELETE_MESSAGES,
	ACTION_FLUSH_HISTORY,
	ACTION_NONE,
	ACTION_READ_MESSAGES,
	ACTION_SCREENSHOT_MESSAGES,
	ACTION_SET_MESSAGE_TTL,
	MSG_FLAGS,
} from '../tgl/constants';
import type { TglAction } from '../tgl/action';
import type { PeerContext } from '../tgl/context';
import { isoDate } from '../tgl/convert';
import { blankMsg } from '../tgl/msg';
import { toPeer } from '../tgl/peer';
import type { TglMedia, TglMsg, TglPeer } from '../tgl/types';
import type { DecryptedAction, DecryptedMedia } from './schema';
import { secretEntityItems } from './entities';
import type { SecretChatRecord, StoredMessage } from './records';

const big = (v: number | bigint) => bigInt(v.toString());

/** The EncryptedChat Telegram would show for this record (without key material). */
function asEncryptedChat(record: SecretChatRecord, selfId: number): Api.TypeEncryptedChat {
	const adminId = big(record.creator ? selfId : record.userId);
	const participantId = big(record.creator ? record.userId : selfId);
	const common = { id: record.id, accessHash: big(record.accessHash), date: record.date, adminId, participantId };
	if (record.state === 'waiting') return new Api.EncryptedChatWaiting(common);
	if (record.state === 'requested') return new Api.EncryptedChatRequested({ ...common, gA: Buffer.alloc(0) });
	if (record.state === 'working') return new Api.EncryptedChat({ ...common, gAOrB: Buffer.alloc(0), keyFingerprint: big(0) });
	return new Api.EncryptedChatDiscarded({ id: record.id });
}

/** tgl.Peer of a secret chat (type 4); a discarded one keeps its user. */
export function secretChatPeer(record: SecretChatRecord, ctx: PeerContext): TglPeer {
	const peer = toPeer(asEncryptedChat(record, ctx.selfId), ctx);
	return { ...peer, user_id: record.userId, access_hash: record.accessHash.toString() };
}

function mediaOf(media: DecryptedMedia | undefined, caption: string | null): TglMedia | null {
	if (!media || media._ === 'empty') return null;
	if (media._ === 'geoPoint') return { type: 'geo', latitude: media.lat, longitude: media.long };
	if (media._ === 'contact') {
		return { type: 'contact', phone: media.phoneNumber, first_name: media.firstName, last_name: media.lastName, user_id: media.userId };
	}
	if (media._ === 'venue') {
		return { type: 'venue', latitude: media.lat, longitude: media.long, title: media.title, address: media.address, provider: media.provider, venue_id: media.venueId };
	}
	if (media._ === 'webPage') return { type: 'webpage', url: media.url };
	if (media._ === 'photo') return { type: 'photo', width: media.w, height: media.h, size: media.size, ...thumbOf(media), ...(caption ? { caption } : {}) };
	const name = media.attributes.find((a) => a._ === 'filename');
	const video = media.attributes.find((a) => a._ === 'video');
	const audio = media.attributes.find((a) => a._ === 'audio');
	return {
		type: video ? 'video' : audio ? 'audio' : 'document',
		mime_type: media.mimeType,
		size: media.size,
		...(name && name._ === 'filename' ? { file_name: name.fileName } : {}),
		...(video && video._ === 'video' ? { duration: video.duration, width: video.w, height: video.h, ...(video.roundMessage ? { round: true } : {}) } : {}),
		...(audio && audio._ === 'audio'
			? { duration: audio.duration, voice: !!audio.voice, ...(audio.title ? { title: audio.title } : {}), ...(audio.performer ? { performer: audio.performer } : {}) }
			: {}),
		has_thumb: media.thumb.length > 0,
		...thumbOf(media),
		...(caption ? { caption } : {}),
	};
}

/** The size of the preview inside the message, when it has one (Msg → Load … Thumb gives its bytes). */
function thumbOf(media: { thumb: Buffer; thumbW: number; thumbH: number }): { thumb_width?: number; thumb_height?: number } {
	return media.thumb.length ? { thumb_width: media.thumbW, thumb_height: media.thumbH } : {};
}

const ACTION_CODES: Partial<Record<DecryptedAction['_'], number>> = {
	setMessageTTL: ACTION_SET_MESSAGE_TTL,
	readMessages: ACTION_READ_MESSAGES,
	deleteMessages: ACTION_DELETE_MESSAGES,
	screenshotMessages: ACTION_SCREENSHOT_MESSAGES,
	flushHistory: ACTION_FLUSH_HISTORY,
};

/**
 * A secret service action as tgl's action, with details like the cloud ones: the timer in
 * seconds, or the local ids of the messages concerned (those still in the saved history when it came).
 */
export function secretAction(action: DecryptedAction, refs: number[] = []): TglAction {
	const action_type = `decryptedMessageAction${action._[0].toUpperCase()}${action._.slice(1)}`;
	const code = ACTION_CODES[action._] ?? ACTION_NONE;
	if (action._ === 'setMessageTTL') return { action: code, action_type, action_details: { ttl: action.ttlSeconds } };
	if ('randomIds' in action) return { action: code, action_type, action_details: { message_ids: refs } };
	return { action: code, action_type, action_details: {} };
}

/** Formatting, on a text that has some (as cloud messages show it). */
function entitiesOf(m: StoredMessage['message']): { entities?: TglMsg['entities'] } {
	const entities = m._ === 'message' ? secretEntityItems(m.entities) : undefined;
	return entities ? { entities } : {};
}

/** tgl.Msg of a decrypted message: src is the sender, dest the secret chat; id is local to the chat. */
export function secretMsg(record: SecretChatRecord, stored: StoredMessage, ctx: PeerContext): TglMsg {
	const chat = secretChatPeer(record, ctx);
	const m = stored.message;
	const text = m._ === 'message' ? m.message : null;
	const media = m._ === 'message' ? mediaOf(m.media, text || null) : null;
	const senderId = stored.out ? ctx.selfId : record.userId;
	const sender = ctx.peer?.(new Api.PeerUser({ userId: big(senderId) }));
	let flags = MSG_FLAGS.CREATED | MSG_FLAGS.ENCRYPTED;
	if (stored.out) flags |= MSG_FLAGS.OUT;
	if (m._ === 'service') flags |= MSG_FLAGS.SERVICE;
	return {
		...blankMsg(stored.id, flags),
		out: stored.out,
		src: sender ? toPeer(sender, ctx) : null,
		dest: chat,
		// As tg: null for media sent without a caption.
		text: text === '' && media ? null : text,
		media,
		date: isoDate(stored.date),
		grouped_id: m._ === 'message' && m.groupedId !== undefined ? m.groupedId.toString() : null,
		...(m._ === 'service' ? { service: true, text: null, ...secretAction(m.action, stored.refs) } : {}),
		// The self-destruct timer in seconds, on messages that have one.
		...(m._ === 'message' && m.ttl > 0 ? { ttl: m.ttl } : {}),
		...entitiesOf(m),
	};
}
