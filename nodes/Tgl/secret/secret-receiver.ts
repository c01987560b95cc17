// Receiving: an encrypted message is decrypted and sequenced by its chat; a resend request is
// answered at once, a hole is asked for and watched, and the messages released in order are
// applied, saved, and only then emitted. An event is acknowledged (receivedQueue) after its save.
import { Api } from 'telegram';
import { applyReceived } from './apply-received';
import { attempt } from './attempt';
import { abortChat } from './chat-abort';
import type { SecretChatError } from './errors';
import { storedFile } from './gramjs-values';
import { askForHole, checkHole } from './hole-watch';
import type { SecretChatRecord, StoredMessage } from './records';
import { answerResend, isResend } from './resend-answer';
import { afterActivity } from './secret-sender';
import { countFromReading } from './self-destruct-timer';
import { chatOf, save, type SecretCore } from './service-core';

const FATAL = new Set(['SEQ_PARITY', 'SEQ_IN_DECREASED', 'SEQ_IN_TOO_HIGH', 'SEQ_SECOND_GAP', 'LAYER_DECREASED', 'RESEND_NEVER_SENT', 'RESEND_UNAVAILABLE']);

/** updateNewEncryptedMessage: handled, saved with its qts, then acknowledged. */
export async function onEncrypted(core: SecretCore, message: Api.TypeEncryptedMessage, qts: number): Promise<void> {
	const record = core.state.chats[message.chatId];
	if (qts <= (core.state.qts ?? 0)) return; // seen already (the catch-up and the live stream overlap)
	if (record?.state === 'working') await receive(core, record, message);
	core.state.qts = qts;
	await save(core);
	// Acknowledge only once the decrypted result is saved.
	await core.client.invoke(new Api.messages.ReceivedQueue({ maxQts: qts }));
}

/** The peer read the chat up to max_date (readEncryptedHistory): our timed messages up to it count down from now. */
export async function onHistoryRead(core: SecretCore, update: Api.UpdateEncryptedMessagesRead): Promise<void> {
	const record = core.state.chats[update.chatId];
	if (!record) return;
	countFromReading(core, record.id, record.history.filter((m) => m.out && m.date <= update.maxDate));
	await save(core);
}

/** One encrypted message of a working chat (the caller saves and acknowledges). */
export async function receive(core: SecretCore, record: SecretChatRecord, message: Api.TypeEncryptedMessage): Promise<void> {
	const chat = chatOf(core, record);
	const arrivedFile = message instanceof Api.EncryptedMessage && message.file instanceof Api.EncryptedFile ? storedFile(message.file) : undefined;
	const received = attempt(() => chat.receive(message.bytes, { date: message.date, file: arrivedFile }));
	if ('refusal' in received) {
		if (FATAL.has(received.refusal.reason)) await abortChat(core, record, chat, received.refusal);
		// Unauthentic messages (wrong key, msg_key mismatch, bad padding) are dropped unseen.
		return;
	}
	const arrival = received.value;
	// A resend request beyond a hole is answered now (the spec), not once the hole fills.
	const unanswerable = arrival.answerNow && (await answerResend(core, record, chat, arrival.answerNow));
	if (unanswerable) return abortChat(core, record, chat, unanswerable);
	if (arrival.kind === 'gap') {
		if (arrival.resend) {
			await askForHole(core, record, chat, arrival.resend);
		} else {
			// One more message queued behind the hole: ask again if it is time.
			await checkHole(core, record);
		}
		if (chat.outbox.length) await afterActivity(core, record, chat);
		return;
	}
	if (arrival.kind !== 'ready') return;
	const released: StoredMessage[] = [];
	const deleted: number[] = [];
	let refusal: SecretChatError | undefined;
	for (const layer of arrival.items) {
		// After a refusal the chat ends, but the messages released with it are still kept.
		if (isResend(layer)) refusal ??= await answerResend(core, record, chat, layer);
		const stored = await applyReceived(core, record, layer, deleted);
		if (stored) released.push(stored);
	}
	if (!refusal) {
		if (record.hole) await checkHole(core, record);
		await afterActivity(core, record, chat);
	}
	for (const stored of released) core.events.message?.(record, stored);
	if (deleted.length) core.events.deleted?.(record, deleted);
	if (refusal) await abortChat(core, record, chat, refusal);
}
