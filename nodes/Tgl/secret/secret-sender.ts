// Sending: seals a message with the chat, keeps the sealed bytes (saved before they go, so a
// resend request can be answered with the same bytes), transmits them, then puts what the user
// sees in the history and sends what the chat queued (key exchange answers, a due re-key).
import { Api } from 'telegram';
import { RPCError } from 'telegram/errors';
import type { SecretChat, SealedMessage } from './chat';
import { big, inputChat, native, storedFile } from './gramjs-values';
import type { SecretChatRecord, StoredMessage } from './records';
import type { DecryptedMessage } from './schema';
import { keptInHistory } from './self-destruct';
import { fallbackCountdown } from './self-destruct-timer';
import { chatOf, keep, save, type SecretCore } from './service-core';

/** Seals and sends one message now (inside a serial step); it is in the history once Telegram has taken it. */
export async function sendNow(core: SecretCore, record: SecretChatRecord, message: DecryptedMessage, file?: Api.TypeInputEncryptedFile): Promise<StoredMessage> {
	const chat = chatOf(core, record);
	const sealed = chat.seal(message);
	const sent = await transmit(core, record, sealed, file).catch(async (error: unknown) => {
		// Telegram refused it (an RPC error, not a lost answer): the item fails, so the peer must
		// never get it, yet its out_seq_no is spent: a resend request for that number gets a noop.
		if (message._ === 'message' && refused(error)) {
			const noop = chat.sealNoopAs(sealed);
			record.sent[sealed.outSeqNo] = { data: noop.data, randomId: noop.randomId, service: true };
			await save(core).catch(() => undefined);
		}
		return Promise.reject(error);
	});
	const stored: StoredMessage = { id: 0, randomId: message.randomId, out: true, date: sent.date, message };
	if (sent.file) stored.file = storedFile(sent.file);
	const kept = keptInHistory(message);
	if (kept) keep(core, record, stored);
	// Our copy of a self-destructing message counts down from the peer's reading (its read
	// receipt); until one comes, a fallback deadline counted from the send holds.
	if (kept) fallbackCountdown(core, record.id, stored);
	await afterActivity(core, record, chat).catch((error: unknown) => {
		// The message itself was taken, so its item must not fail: a key-exchange answer or re-key
		// Telegram refused now waits for the peer's resend request (its bytes are kept and saved).
		if (error instanceof RPCError) {
			core.options.log?.(`secret chat ${record.id}: a key-exchange message was refused (${error.errorMessage}); the peer's resend request will bring it`);
			return save(core);
		}
		// A save that failed (a full disk) or a call that broke off: the peer has the message all the
		// same; what is noted goes with the next save, a recover() keeps our copy (marks.ts keepMarks).
		core.options.log?.(`secret chat ${record.id}: saving after a sent message failed (${error instanceof Error ? error.message : 'unknown error'}); it is saved with the next step`);
		return undefined;
	});
	if (kept) core.events.sent?.(record, stored);
	return stored;
}

/** An answer of Telegram's that says it did not take the message (RANDOM_ID_DUPLICATE says it did, earlier). */
const refused = (error: unknown) => error instanceof RPCError && error.errorMessage !== 'RANDOM_ID_DUPLICATE';

async function transmit(core: SecretCore, record: SecretChatRecord, sealed: SealedMessage, file?: Api.TypeInputEncryptedFile): Promise<{ date: number; file?: Api.EncryptedFile }> {
	const kept: SecretChatRecord['sent'][number] = { data: sealed.data, randomId: sealed.randomId, service: sealed.service };
	record.sent[sealed.outSeqNo] = kept;
	await save(core);
	const body = { peer: inputChat(record), randomId: big(sealed.randomId), data: sealed.data };
	if (file) {
		const answer = await core.client.invoke(new Api.messages.SendEncryptedFile({ ...body, file }));
		const stored = answer instanceof Api.messages.SentEncryptedFile && answer.file instanceof Api.EncryptedFile ? answer.file : undefined;
		// A resend of this message points at the file Telegram now holds.
		if (stored) kept.file = { id: native(stored.id), accessHash: native(stored.accessHash) };
		return { date: answer.date, file: stored };
	}
	const answer = await core.client.invoke(sealed.service ? new Api.messages.SendEncryptedService(body) : new Api.messages.SendEncrypted(body));
	return { date: answer.date };
}

/** Sends what the chat queued (key exchange answers), then starts a re-key when one is due. */
export async function afterActivity(core: SecretCore, record: SecretChatRecord, chat: SecretChat): Promise<void> {
	for (const sealed of chat.takeOutbox()) await transmit(core, record, sealed);
	if (chat.needsRekey()) await transmit(core, record, chat.startRekey());
	await save(core);
}
