// Ending a chat the protocol says to abort (a violation of the peer's, a hole that never filled,
// a resend we cannot satisfy).
import { Api } from 'telegram';
import { applyReceived } from './apply-received';
import type { SecretChat } from './chat';
import { closeChat } from './chat-lifecycle';
import type { SecretChatError } from './errors';
import type { SecretChatRecord, StoredMessage } from './records';
import { save, type SecretCore } from './service-core';

/** Aborts that are nobody's protocol violation: the messages waiting behind a hole are still delivered. */
const KEEPS_QUEUE = new Set(['HOLE_UNFILLED', 'RESEND_UNAVAILABLE']);

/**
 * Ends a chat the protocol says to abort: discards it on Telegram and tells the listeners,
 * with the reason in the log. When the peer did nothing wrong (the network lost a message for
 * good, or we lost the bytes it asked for) the messages queued behind our hole are kept: they
 * are genuine, only the missing ones are lost. After a protocol violation they are dropped.
 */
export async function abortChat(core: SecretCore, record: SecretChatRecord, chat: SecretChat, refusal: SecretChatError): Promise<void> {
	core.options.log?.(`secret chat ${record.id} discarded (${refusal.reason}): ${refusal.message}`);
	await core.client.invoke(new Api.messages.DiscardEncryption({ chatId: record.id }));
	const kept: StoredMessage[] = [];
	const queued = chat.seq.abandonQueue();
	for (const layer of KEEPS_QUEUE.has(refusal.reason) ? queued : []) {
		const stored = layer.message._ === 'message' ? await applyReceived(core, record, layer, []) : undefined;
		if (stored) kept.push(stored);
	}
	closeChat(core, record, false);
	await save(core);
	for (const stored of kept) core.events.message?.(record, stored);
	core.events.chatUpdate?.(record, ['deleted']);
}
