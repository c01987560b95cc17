// Serializes and parses the secret TL schema (schema.ts). The wrapper's `layer` picks the forms
// written: decryptedMessage46 below layer 73, the int-sized document below 143, the plain video
// attribute below 66, and only the entities the layer knows (the others leave plain text).
// Parsing accepts every form a conforming peer may still send.
import { SecretChatError } from './errors';
import {
	ENTITY_IDS,
	ID,
	LAYER_BIG_FILES,
	LAYER_MTPROTO2,
	LAYER_ROUND_VIDEO,
	TYPING_IDS,
	type DecryptedAction,
	type DecryptedMedia,
	type DecryptedMessage,
	type DecryptedMessageLayer,
	type DocumentAttribute,
	type EntityKind,
	type SecretEntity,
	type TypingKind,
} from './schema';
import { TlReader, TlWriter } from './tl-bytes';

const hex = (id: number) => `#${(id >>> 0).toString(16).padStart(8, '0')}`;
const unknown = (what: string, id: number) => new SecretChatError('TL_PARSE', `unknown ${what} constructor ${hex(id)}`);

// ── writing ─────────────────────────────────────────────────────────────────

function writeEntities(w: TlWriter, entities: SecretEntity[]): void {
	w.vector(entities, (e) => {
		w.id(ENTITY_IDS[e.type][0]).int(e.offset).int(e.length);
		if (e.type === 'pre') w.string(e.language ?? '');
		if (e.type === 'textUrl') w.string(e.url ?? '');
		if (e.type === 'mentionName') w.int(e.userId ?? 0);
		if (e.type === 'customEmoji') w.long(e.documentId ?? 0n);
	});
}

function writeAttribute(w: TlWriter, a: DocumentAttribute, layer: number): void {
	switch (a._) {
		case 'imageSize':
			w.id(ID.attrImageSize).int(a.w).int(a.h);
			return;
		case 'animated':
			w.id(ID.attrAnimated);
			return;
		case 'sticker':
			w.id(ID.attrSticker).string(a.alt);
			if (a.stickerSetShortName) w.id(ID.stickerSetShortName).string(a.stickerSetShortName);
			else w.id(ID.stickerSetEmpty);
			return;
		case 'video':
			// Round videos came with layer 66; an older peer takes the plain form.
			if (layer < LAYER_ROUND_VIDEO) w.id(ID.attrVideo23).int(a.duration).int(a.w).int(a.h);
			else w.id(ID.attrVideo).int(a.roundMessage ? 1 : 0).int(a.duration).int(a.w).int(a.h);
			return;
		case 'audio': {
			const flags = (a.voice ? 1 << 10 : 0) | (a.title !== undefined ? 1 : 0) | (a.performer !== undefined ? 2 : 0) | (a.waveform ? 4 : 0);
			w.id(ID.attrAudio).int(flags).int(a.duration);
			if (a.title !== undefined) w.string(a.title);
			if (a.performer !== undefined) w.string(a.performer);
			if (a.waveform) w.bytes(a.waveform);
			return;
		}
		case 'filename':
			w.id(ID.attrFilename).string(a.fileName);
	}
}

function writeMedia(w: TlWriter, m: DecryptedMedia, layer: number): void {
	switch (m._) {
		case 'empty':
			w.id(ID.mediaEmpty);
			return;
		case 'geoPoint':
			w.id(ID.mediaGeoPoint).double(m.lat).double(m.long);
			return;
		case 'contact':
			w.id(ID.mediaContact).string(m.phoneNumber).string(m.firstName).string(m.lastName).int(m.userId);
			return;
		case 'venue':
			w.id(ID.mediaVenue).double(m.lat).double(m.long).string(m.title).string(m.address).string(m.provider).string(m.venueId);
			return;
		case 'webPage':
			w.id(ID.mediaWebPage).string(m.url);
			return;
		case 'photo':
			w.id(ID.mediaPhoto).bytes(m.thumb).int(m.thumbW).int(m.thumbH).int(m.w).int(m.h).int(m.size).bytes(m.key).bytes(m.iv).string(m.caption);
			return;
		case 'document': {
			const big = layer >= LAYER_BIG_FILES;
			if (!big && m.size > 0x7fffffff) throw new RangeError('files over 2 GiB need secret layer 143');
			w.id(big ? ID.mediaDocument : ID.mediaDocument45).bytes(m.thumb).int(m.thumbW).int(m.thumbH).string(m.mimeType);
			if (big) w.long(BigInt(m.size));
			else w.int(m.size);
			w.bytes(m.key).bytes(m.iv);
			w.vector(m.attributes, (a) => writeAttribute(w, a, layer));
			w.string(m.caption);
		}
	}
}

function writeAction(w: TlWriter, a: DecryptedAction): void {
	switch (a._) {
		case 'setMessageTTL':
			w.id(ID.setMessageTTL).int(a.ttlSeconds);
			return;
		case 'readMessages':
		case 'deleteMessages':
		case 'screenshotMessages':
			w.id(ID[a._]).vector(a.randomIds, (id) => w.long(id));
			return;
		case 'flushHistory':
		case 'noop':
			w.id(ID[a._]);
			return;
		case 'resend':
			w.id(ID.resend).int(a.startSeqNo).int(a.endSeqNo);
			return;
		case 'notifyLayer':
			w.id(ID.notifyLayer).int(a.layer);
			return;
		case 'typing':
			w.id(ID.typing).id(TYPING_IDS[a.action]);
			return;
		case 'requestKey':
			w.id(ID.requestKey).long(a.exchangeId).bytes(a.gA);
			return;
		case 'acceptKey':
			w.id(ID.acceptKey).long(a.exchangeId).bytes(a.gB).long(a.keyFingerprint);
			return;
		case 'abortKey':
			w.id(ID.abortKey).long(a.exchangeId);
			return;
		case 'commitKey':
			w.id(ID.commitKey).long(a.exchangeId).long(a.keyFingerprint);
	}
}

function writeMessage(w: TlWriter, m: DecryptedMessage, layer: number): void {
	if (m._ === 'service') {
		w.id(ID.service).long(m.randomId);
		writeAction(w, m.action);
		return;
	}
	const modern = layer >= LAYER_MTPROTO2;
	const entities = m.entities?.filter((e) => ENTITY_IDS[e.type][1] <= layer);
	let flags = 0;
	if (modern && m.noWebpage) flags |= 1 << 1;
	if (modern && m.silent) flags |= 1 << 5;
	if (m.replyToRandomId !== undefined) flags |= 1 << 3;
	if (entities?.length) flags |= 1 << 7;
	if (m.media) flags |= 1 << 9;
	if (m.viaBotName !== undefined) flags |= 1 << 11;
	if (modern && m.groupedId !== undefined) flags |= 1 << 17;
	w.id(modern ? ID.message : ID.message46).int(flags).long(m.randomId).int(m.ttl).string(m.message);
	if (m.media) writeMedia(w, m.media, layer);
	if (entities?.length) writeEntities(w, entities);
	if (m.viaBotName !== undefined) w.string(m.viaBotName);
	if (m.replyToRandomId !== undefined) w.long(m.replyToRandomId);
	if (modern && m.groupedId !== undefined) w.long(m.groupedId);
}

/** The TL bytes of a decryptedMessageLayer, ready for encryptSecretMessage. */
export function serializeLayer(l: DecryptedMessageLayer): Buffer {
	const w = new TlWriter().id(ID.layer).bytes(l.randomBytes).int(l.layer).int(l.inSeqNo).int(l.outSeqNo);
	writeMessage(w, l.message, l.layer);
	return w.getValue();
}

// ── reading ─────────────────────────────────────────────────────────────────

const entityById = new Map<number, EntityKind>(Object.entries(ENTITY_IDS).map(([k, [id]]) => [id >>> 0, k as EntityKind]));
const typingById = new Map<number, TypingKind>(Object.entries(TYPING_IDS).map(([k, id]) => [id >>> 0, k as TypingKind]));

function readEntity(r: TlReader): SecretEntity {
	const id = r.readInt(false);
	const type = entityById.get(id);
	if (!type) throw unknown('MessageEntity', id);
	const e: SecretEntity = { type, offset: r.readInt(), length: r.readInt() };
	if (type === 'pre') e.language = r.tgReadString();
	if (type === 'textUrl') e.url = r.tgReadString();
	if (type === 'mentionName') e.userId = r.readInt();
	if (type === 'customEmoji') e.documentId = r.readLongBig();
	return e;
}

function readAttribute(r: TlReader): DocumentAttribute {
	const id = r.readInt(false);
	switch (id) {
		case ID.attrImageSize:
			return { _: 'imageSize', w: r.readInt(), h: r.readInt() };
		case ID.attrAnimated:
			return { _: 'animated' };
		case ID.attrSticker: {
			const alt = r.tgReadString();
			const set = r.readInt(false);
			if (set === ID.stickerSetShortName) return { _: 'sticker', alt, stickerSetShortName: r.tgReadString() };
			if (set === ID.stickerSetEmpty) return { _: 'sticker', alt };
			throw unknown('InputStickerSet', set);
		}
		case ID.attrVideo: {
			const flags = r.readInt();
			return { _: 'video', roundMessage: (flags & 1) !== 0 || undefined, duration: r.readInt(), w: r.readInt(), h: r.readInt() };
		}
		case ID.attrVideo23:
			return { _: 'video', duration: r.readInt(), w: r.readInt(), h: r.readInt() };
		case ID.attrAudio: {
			const flags = r.readInt();
			const a: DocumentAttribute = { _: 'audio', duration: 0 };
			if (flags & (1 << 10)) a.voice = true;
			a.duration = r.readInt();
			if (flags & 1) a.title = r.tgReadString();
			if (flags & 2) a.performer = r.tgReadString();
			if (flags & 4) a.waveform = r.tgReadBytes();
			return a;
		}
		case ID.attrFilename:
			return { _: 'filename', fileName: r.tgReadString() };
		default:
			throw unknown('DocumentAttribute', id);
	}
}

function readMedia(r: TlReader): DecryptedMedia {
	const id = r.readInt(false);
	switch (id) {
		case ID.mediaEmpty:
			return { _: 'empty' };
		case ID.mediaGeoPoint:
			return { _: 'geoPoint', lat: r.readDouble(), long: r.readDouble() };
		case ID.mediaContact:
			return { _: 'contact', phoneNumber: r.tgReadString(), firstName: r.tgReadString(), lastName: r.tgReadString(), userId: r.readInt() };
		case ID.mediaVenue:
			return { _: 'venue', lat: r.readDouble(), long: r.readDouble(), title: r.tgReadString(), address: r.tgReadString(), provider: r.tgReadString(), venueId: r.tgReadString() };
		case ID.mediaWebPage:
			return { _: 'webPage', url: r.tgReadString() };
		case ID.mediaPhoto: {
			const thumb = r.tgReadBytes();
			const thumbW = r.readInt();
			const thumbH = r.readInt();
			const w = r.readInt();
			const h = r.readInt();
			const size = r.readInt();
			return { _: 'photo', thumb, thumbW, thumbH, w, h, size, key: r.tgReadBytes(), iv: r.tgReadBytes(), caption: r.tgReadString() };
		}
		case ID.mediaDocument:
		case ID.mediaDocument45: {
			const thumb = r.tgReadBytes();
			const thumbW = r.readInt();
			const thumbH = r.readInt();
			const mimeType = r.tgReadString();
			const size = id === ID.mediaDocument ? Number(r.readLongBig()) : r.readInt();
			const key = r.tgReadBytes();
			const iv = r.tgReadBytes();
			const attributes = r.readVector(() => readAttribute(r));
			return { _: 'document', thumb, thumbW, thumbH, mimeType, size, key, iv, attributes, caption: r.tgReadString() };
		}
		default:
			throw unknown('DecryptedMessageMedia', id);
	}
}

function readAction(r: TlReader): DecryptedAction {
	const id = r.readInt(false);
	switch (id) {
		case ID.setMessageTTL:
			return { _: 'setMessageTTL', ttlSeconds: r.readInt() };
		case ID.readMessages:
			return { _: 'readMessages', randomIds: r.readVector(() => r.readLongBig()) };
		case ID.deleteMessages:
			return { _: 'deleteMessages', randomIds: r.readVector(() => r.readLongBig()) };
		case ID.screenshotMessages:
			return { _: 'screenshotMessages', randomIds: r.readVector(() => r.readLongBig()) };
		case ID.flushHistory:
			return { _: 'flushHistory' };
		case ID.resend:
			return { _: 'resend', startSeqNo: r.readInt(), endSeqNo: r.readInt() };
		case ID.notifyLayer:
			return { _: 'notifyLayer', layer: r.readInt() };
		case ID.typing: {
			const kind = r.readInt(false);
			const action = typingById.get(kind);
			if (!action) throw unknown('SendMessageAction', kind);
			return { _: 'typing', action };
		}
		case ID.requestKey:
			return { _: 'requestKey', exchangeId: r.readLongBig(), gA: r.tgReadBytes() };
		case ID.acceptKey:
			return { _: 'acceptKey', exchangeId: r.readLongBig(), gB: r.tgReadBytes(), keyFingerprint: r.readLongBig() };
		case ID.abortKey:
			return { _: 'abortKey', exchangeId: r.readLongBig() };
		case ID.commitKey:
			return { _: 'commitKey', exchangeId: r.readLongBig(), keyFingerprint: r.readLongBig() };
		case ID.noop:
			return { _: 'noop' };
		default:
			throw unknown('DecryptedMessageAction', id);
	}
}

function readFlagged(r: TlReader, modern: boolean): DecryptedMessage {
	const flags = r.readInt();
	const m: DecryptedMessage = { _: 'message', randomId: r.readLongBig(), ttl: r.readInt(), message: r.tgReadString() };
	if (modern && flags & (1 << 1)) m.noWebpage = true;
	if (modern && flags & (1 << 5)) m.silent = true;
	if (flags & (1 << 9)) m.media = readMedia(r);
	if (flags & (1 << 7)) m.entities = r.readVector(() => readEntity(r));
	if (flags & (1 << 11)) m.viaBotName = r.tgReadString();
	if (flags & (1 << 3)) m.replyToRandomId = r.readLongBig();
	if (modern && flags & (1 << 17)) m.groupedId = r.readLongBig();
	return m;
}

function readMessage(r: TlReader): DecryptedMessage {
	const id = r.readInt(false);
	switch (id) {
		case ID.message:
			return readFlagged(r, true);
		case ID.message46:
			return readFlagged(r, false);
		case ID.message23:
			return { _: 'message', randomId: r.readLongBig(), ttl: r.readInt(), message: r.tgReadString(), media: readMedia(r) };
		case ID.message8: {
			const randomId = r.readLongBig();
			r.tgReadBytes();
			return { _: 'message', randomId, ttl: 0, message: r.tgReadString(), media: readMedia(r) };
		}
		case ID.service:
			return { _: 'service', randomId: r.readLongBig(), action: readAction(r) };
		case ID.service8: {
			const randomId = r.readLongBig();
			r.tgReadBytes();
			return { _: 'service', randomId, action: readAction(r) };
		}
		default:
			throw unknown('DecryptedMessage', id);
	}
}

function whole<T>(r: TlReader, value: T): T {
	if (r.remaining !== 0) throw new SecretChatError('TL_PARSE', `${r.remaining} bytes after the message`);
	return value;
}

/**
 * Parses a decrypted payload. A layer-8 peer may send a bare decryptedMessage8/Service8 (notably
 * notifyLayer); that comes back with layer 8 and seq numbers of -1, which no seq check accepts.
 */
export function parseLayer(payload: Buffer): DecryptedMessageLayer {
	const r = new TlReader(payload);
	const id = r.readInt(false);
	if (id === ID.message8 || id === ID.service8) {
		const bare = new TlReader(payload);
		return whole(bare, { randomBytes: Buffer.alloc(0), layer: 8, inSeqNo: -1, outSeqNo: -1, message: readMessage(bare) });
	}
	if (id !== ID.layer) throw unknown('DecryptedMessageLayer', id);
	const randomBytes = r.tgReadBytes();
	const layer = r.readInt();
	const inSeqNo = r.readInt();
	const outSeqNo = r.readInt();
	return whole(r, { randomBytes, layer, inSeqNo, outSeqNo, message: readMessage(r) });
}
