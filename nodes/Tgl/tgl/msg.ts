// GramJS messages → tgl.Msg.
import { Api } from 'telegram';
import { toAction } from './action';
import { MSG_FLAGS } from './constants';
import { selfPeer, type MapContext } from './context';
import { isoDate, nonEmpty, toDecimal } from './convert';
import { toEntities } from './entities';
import { toMedia } from './media';
import { peerOfRef } from './peer';
import type { TglMsg } from './types';

type FullMessage = Api.Message | Api.MessageService;

/**
 * Who sent it: the explicit sender; else a channel post's channel, your own outgoing
 * message, or in a private chat the other user (the only cases Telegram omits it).
 */
function senderRef(m: FullMessage, ctx: MapContext): Api.TypePeer {
	if (m.fromId) return m.fromId;
	if (m.out && !m.post) return selfPeer(ctx);
	return m.peerId;
}

/** Where it went: a group or channel; in private chats the recipient (you, when incoming). */
function destRef(m: FullMessage, ctx: MapContext): Api.TypePeer {
	if (m.peerId instanceof Api.PeerUser && !m.out) return selfPeer(ctx);
	return m.peerId;
}

function isUnread(m: FullMessage, ctx: MapContext): boolean {
	const state = ctx.readState?.(m.peerId);
	if (!state) return false;
	return m.id > (m.out ? state.outbox_max_id : state.inbox_max_id);
}

/**
 * A Msg with every field at its "nothing known" value, in tgl's field order: the one place for
 * those defaults, for mappers that know only a few fields (spread it, then set what is known).
 */
export function blankMsg(id: number, flags: number): TglMsg {
	return {
		id,
		flags,
		mention: false,
		out: false,
		unread: false,
		service: false,
		src: null,
		dest: null,
		text: null,
		media: null,
		date: null,
		fwd_src: null,
		fwd_date: null,
		reply: null,
		reply_id: null,
		action: null,
		action_type: null,
		action_details: null,
		edit_date: null,
		fwd_name: null,
		grouped_id: null,
	};
}

function emptyMsg(m: Api.MessageEmpty, ctx: MapContext): TglMsg {
	return { ...blankMsg(m.id, MSG_FLAGS.EMPTY), dest: m.peerId ? peerOfRef(m.peerId, ctx) : null };
}

function mapMessage(m: Api.TypeMessage, ctx: MapContext, withReply: boolean): TglMsg {
	if (!(m instanceof Api.Message) && !(m instanceof Api.MessageService)) return emptyMsg(m, ctx);
	const service = m instanceof Api.MessageService;
	const out = !!m.out;
	const mention = !!m.mentioned;
	const unread = isUnread(m, ctx);
	const raw = service ? '' : (m.message ?? '');
	const media = service ? null : toMedia(m.media, raw);
	// tg: text is None for service messages and for media sent without a caption.
	const text = service || (raw === '' && media) ? null : raw;
	const action = service && m.action ? toAction(m.action) : null;

	const replyHeader = m.replyTo instanceof Api.MessageReplyHeader ? m.replyTo : undefined;
	const reply_id = replyHeader?.replyToMsgId ?? null;
	let reply: TglMsg | null = null;
	if (withReply && reply_id !== null) {
		const original = ctx.message?.(replyHeader?.replyToPeerId ?? m.peerId, reply_id);
		// One level only: a reply's own reply stays an id, so chains cannot recurse.
		if (original) reply = mapMessage(original, ctx, false);
	}

	const fwd = m.fwdFrom instanceof Api.MessageFwdHeader ? m.fwdFrom : undefined;
	const previewOff = !!ctx.disablePreview && !(m.media instanceof Api.MessageMediaWebPage) && !service;

	let flags = MSG_FLAGS.CREATED; // tgl marks every message it holds the contents of
	if (unread) flags |= MSG_FLAGS.UNREAD;
	if (out) flags |= MSG_FLAGS.OUT;
	if (previewOff) flags |= MSG_FLAGS.DISABLE_PREVIEW;
	if (mention) flags |= MSG_FLAGS.MENTION;
	if (service) flags |= MSG_FLAGS.SERVICE;

	return {
		id: m.id,
		flags,
		mention,
		out,
		unread,
		service,
		src: peerOfRef(senderRef(m, ctx), ctx),
		dest: peerOfRef(destRef(m, ctx), ctx),
		text,
		media,
		date: isoDate(m.date),
		fwd_src: fwd?.fromId ? peerOfRef(fwd.fromId, ctx) : null,
		fwd_date: fwd ? isoDate(fwd.date) : null,
		reply,
		reply_id,
		action: action?.action ?? null,
		action_type: action?.action_type ?? null,
		action_details: action?.action_details ?? null,
		edit_date: isoDate(m.editDate),
		fwd_name: nonEmpty(fwd?.fromName),
		grouped_id: service ? null : (toDecimal(m.groupedId) ?? null),
		...entitiesOf(m),
	};
}

/** `entities` only on a message whose text has some (most have none: the key stays out). */
function entitiesOf(m: FullMessage): { entities?: TglMsg['entities'] } {
	const entities = m instanceof Api.Message ? toEntities(m.entities) : undefined;
	return entities ? { entities } : {};
}

/** tgl.Msg for a message; never fetches (see MapContext). */
export function toMsg(message: Api.TypeMessage, ctx: MapContext): TglMsg {
	return mapMessage(message, ctx, true);
}
