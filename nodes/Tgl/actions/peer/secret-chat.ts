// The Peer operations that work in a secret chat, over the account's SecretChatService: sends are
// encrypted end to end, history and search read the saved history (Telegram keeps none).
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { Api } from 'telegram';
import { jsonItems, success } from '../../helpers/items';
import type { SecretTarget } from '../../helpers/secret-peer';
import { secretChatPeer, secretMsg } from '../../secret/tgl-items';
import { inputChat } from '../../secret/gramjs-values';
import type { StoredMessage } from '../../secret/service';
import type { DecryptedText } from '../../secret/schema';
import type { AccountClient } from '../../transport/account-client';
import { createHash } from 'crypto';
import { readInputFile } from '../../helpers/file-input';
import { validTimer } from '../../secret/self-destruct';
import { bufferSource, uploadFile } from '../../helpers/upload';
import { LIMITS, withinLimit } from '../../helpers/telegram-limits';
import { encryptFile, fileKeyFingerprint, newFileSecret } from '../../secret/file-crypto';
import type { DecryptedMedia, DocumentAttribute } from '../../secret/schema';
import { mediaMimeType } from '../../helpers/send-media';
import { displaySize } from '../../secret/image-size';
import { makeThumbnailOffThread } from '../../secret/thumbnail-off-thread';
import { readThumbnail } from '../../helpers/thumbnail-input';
import { isFilled, selfDestructOption } from '../../helpers/send-options';
import { formatItemText } from '../../helpers/parse-mode';
import { toSecretEntities } from '../../secret/entities';
import { FloodWaitError } from 'telegram/errors';
import { currentCallOptions } from '../../transport/call-options';

const FLOOD_ATTEMPTS = 3;

/**
 * A secret message Telegram refused with FLOOD_WAIT (its sequence number now carries a noop) is
 * sealed and sent anew after the wait, when the item's Request Settings allow that wait: the wait
 * happens here, not inside the chat's queue, so incoming secret messages go on meanwhile.
 */
async function floodRetried<T>(send: () => Promise<T>): Promise<T> {
	for (let attempt = 1; ; attempt++) {
		const outcome = await send().then(
			(value) => ({ value }),
			(error: unknown) => ({ error }),
		);
		if ('value' in outcome) return outcome.value;
		const { floodWaitMaxSeconds = 0 } = currentCallOptions();
		const { error } = outcome;
		if (!(error instanceof FloodWaitError) || error.seconds > floodWaitMaxSeconds || attempt >= FLOOD_ATTEMPTS) return Promise.reject(error);
		await new Promise((resolve) => setTimeout(resolve, error.seconds * 1000));
	}
}

type Fn = IExecuteFunctions;

/** Messages go only into a working chat; anything else is the item's error, with the state. */
function mustWork(fn: Fn, i: number, t: SecretTarget): void {
	if (t.record.state === 'working') return;
	const why = { waiting: 'still waiting for the other user to accept it', requested: 'a request not accepted on this device', deleted: 'discarded' }[t.record.state];
	throw new NodeOperationError(fn.getNode(), `The secret chat "${t.name}" is ${why}: nothing can be sent into it`, { itemIndex: i, description: `Item ${i}` });
}

/**
 * Schedule At and Silent have nothing to map to in a secret chat (no scheduled messages there, no
 * silent flag in sendEncrypted): refused before anything is sent rather than quietly ignored.
 */
function refuseSendOptions(fn: Fn, i: number, t: SecretTarget): void {
	const options = fn.getNodeParameter('options', i, {}) as { scheduleAt?: unknown; silent?: boolean };
	const why =
		isFilled(options.scheduleAt)
			? 'Schedule At: Telegram has no scheduled messages in secret chats; leave it empty to send now'
			: options.silent
				? 'Silent: a secret chat message has no silent flag; turn the option off'
				: undefined;
	if (why) throw new NodeOperationError(fn.getNode(), `The secret chat "${t.name}" cannot take the option ${why}`, { itemIndex: i, description: `Item ${i}` });
}

async function sent(account: AccountClient, t: SecretTarget, stored: StoredMessage) {
	return secretMsg(t.record, stored, await account.mapContext());
}

export async function secretInfo(account: AccountClient, t: SecretTarget): Promise<INodeExecutionData[]> {
	return jsonItems(secretChatPeer(t.record, await account.mapContext()));
}

/** Sends texts in order, one message each. */
export async function secretSendTexts(fn: Fn, i: number, account: AccountClient, t: SecretTarget, texts: string[], options: Partial<DecryptedText> = {}) {
	refuseSendOptions(fn, i, t);
	mustWork(fn, i, t);
	const out: INodeExecutionData[] = [];
	const ttl = selfDestructOption(fn, i);
	for (const text of texts) out.push(...jsonItems(await sent(account, t, await floodRetried(() => t.hub.service.send(t.record.id, { ...options, message: text, ttl })))));
	return out;
}

export async function secretSendLocation(fn: Fn, i: number, account: AccountClient, t: SecretTarget, lat: number, long: number) {
	refuseSendOptions(fn, i, t);
	mustWork(fn, i, t);
	const ttl = selfDestructOption(fn, i);
	return jsonItems(await sent(account, t, await floodRetried(() => t.hub.service.send(t.record.id, { message: '', media: { _: 'geoPoint', lat, long }, ttl }))));
}

export async function secretSendTyping(fn: Fn, i: number, account: AccountClient, t: SecretTarget) {
	mustWork(fn, i, t);
	await account.call(new Api.messages.SetEncryptedTyping({ peer: inputChat(t.record), typing: true }));
	return success();
}

/**
 * Stops "typing…" on the other side: setEncryptedTyping has no cancel, so it goes end to end as
 * decryptedMessageActionTyping with sendMessageCancelAction (not kept in the history).
 */
export async function secretSendTypingAbort(fn: Fn, i: number, t: SecretTarget) {
	mustWork(fn, i, t);
	await t.hub.service.sendAction(t.record.id, { _: 'typing', action: 'cancel' });
	return success();
}

/**
 * Sets the chat's self-destruct timer (decryptedMessageActionSetMessageTTL, tgl_do_set_encr_chat_ttl):
 * messages sent from now on by either side take it. Out: the chat's Peer.
 */
export async function secretSetTimer(fn: Fn, i: number, account: AccountClient, t: SecretTarget, seconds: number) {
	if (!validTimer(seconds)) {
		throw new NodeOperationError(fn.getNode(), `Self-Destruct Timer ${seconds} is not a whole number of seconds from 0 (off) up`, { itemIndex: i, description: `Item ${i}` });
	}
	mustWork(fn, i, t);
	await t.hub.service.sendAction(t.record.id, { _: 'setMessageTTL', ttlSeconds: seconds });
	return jsonItems(secretChatPeer(t.record, await account.mapContext()));
}

/** Tells the other side everything received so far was read (readEncryptedHistory up to the newest). */
export async function secretMarkRead(fn: Fn, i: number, account: AccountClient, t: SecretTarget) {
	if (t.record.state === 'deleted') mustWork(fn, i, t);
	const received = t.record.history.filter((m) => !m.out);
	const newest = received.reduce((d, m) => Math.max(d, m.date), 0);
	if (newest) await account.call(new Api.messages.ReadEncryptedHistory({ peer: inputChat(t.record), maxDate: newest }));
	// Read: the self-destruct countdown of what had a timer starts (if a trigger did not start it already).
	await t.hub.service.armSelfDestruct(t.record.id, received.map((m) => m.id));
	return success();
}

/** Newest first, like a cloud chat's history. */
function newestFirst(t: SecretTarget): StoredMessage[] {
	return [...t.record.history].reverse();
}

export async function secretHistory(account: AccountClient, t: SecretTarget, offset: number, limit: number) {
	const ctx = await account.mapContext();
	return jsonItems(newestFirst(t).slice(offset, offset + limit).map((m) => secretMsg(t.record, m, ctx)));
}

/** Case-insensitive search of the texts and captions, newest first. */
export async function secretSearch(account: AccountClient, t: SecretTarget, text: string, wanted: number) {
	const ctx = await account.mapContext();
	const needle = text.toLocaleLowerCase();
	const found = newestFirst(t).filter((m) => m.message._ === 'message' && m.message.message.toLocaleLowerCase().includes(needle));
	return jsonItems(found.slice(0, wanted).map((m) => secretMsg(t.record, m, ctx)));
}

/**
 * Sends the item's file encrypted (its own random key and IV; Telegram stores only ciphertext):
 * a photo, a video, an audio file, or a document (any file, sent as a file to download).
 */
export async function secretSendFile(fn: Fn, i: number, account: AccountClient, t: SecretTarget, kind: 'photo' | 'document' | 'video' | 'audio') {
	const options = fn.getNodeParameter('options', i, {}) as {
		caption?: string;
		duration?: number;
		width?: number;
		height?: number;
		title?: string;
		performer?: string;
	};
	const caption = formatItemText(fn, i, options.caption ?? '');
	withinLimit(fn.getNode(), i, LIMITS.caption, caption.text);
	refuseSendOptions(fn, i, t);
	const ttl = selfDestructOption(fn, i);
	mustWork(fn, i, t);
	const file = await readInputFile(fn, i);
	if (!file.buffer.length) throw new NodeOperationError(fn.getNode(), `The file "${file.fileName}" is empty`, { itemIndex: i, description: `Item ${i}` });
	// A photo's preview is made from the photo, as the apps do; other files take the option's image.
	const thumbnail = kind === 'photo' ? await makeThumbnailOffThread(file.buffer) : await readThumbnail(fn, i);
	const secret = newFileSecret();
	const cipher = encryptFile(file.buffer, secret);
	const uploaded = await uploadFile(account, bufferSource(cipher, file.fileName));
	const keyFingerprint = fileKeyFingerprint(secret);
	const { id, parts } = uploaded as Api.InputFile | Api.InputFileBig;
	const input =
		uploaded instanceof Api.InputFileBig
			? new Api.InputEncryptedFileBigUploaded({ id, parts, keyFingerprint })
			: new Api.InputEncryptedFileUploaded({ id, parts, md5Checksum: createHash('md5').update(cipher).digest('hex'), keyFingerprint });
	// The caption travels as the message text (layer 45 on); the thumbnail inside the message (none: empty, 0×0).
	const thumb = { thumb: thumbnail?.bytes ?? Buffer.alloc(0), thumbW: thumbnail?.w ?? 0, thumbH: thumbnail?.h ?? 0 };
	const common = { key: secret.key, iv: secret.iv, size: file.buffer.length, ...thumb, caption: '' };
	const duration = Math.round(options.duration ?? 0);
	const named: DocumentAttribute = { _: 'filename', fileName: file.fileName };
	let media: DecryptedMedia;
	// The other app lays the photo out from its size as seen, upright (0×0 when the header cannot be read).
	if (kind === 'photo') media = { _: 'photo', ...(displaySize(file.buffer) ?? { w: 0, h: 0 }), ...common };
	else if (kind === 'video') {
		const video: DocumentAttribute = { _: 'video', duration, w: Math.round(options.width ?? 0), h: Math.round(options.height ?? 0) };
		media = { _: 'document', mimeType: mediaMimeType(file, 'video'), attributes: [video, named], ...common };
	} else if (kind === 'audio') {
		const audio: DocumentAttribute = { _: 'audio', duration, title: options.title || undefined, performer: options.performer || undefined };
		media = { _: 'document', mimeType: mediaMimeType(file, 'audio'), attributes: [audio, named], ...common };
	} else media = { _: 'document', mimeType: file.mimeType || 'application/octet-stream', attributes: [named], ...common };
	return jsonItems(await sent(account, t, await floodRetried(() => t.hub.service.sendFile(t.record.id, { message: caption.text, entities: toSecretEntities(caption.entities), media, ttl }, input))));
}
