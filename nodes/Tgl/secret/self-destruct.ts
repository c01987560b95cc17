// Self-destruct timers (a secret message's ttl) and which service actions are kept as messages:
// pure rules the service applies. A received message counts down from when it is handed to a
// trigger or marked read (the apps: from when the recipient opens it); our own copy from its send.
import type { DecryptedMessage } from './schema';
import type { SecretChatRecord, StoredMessage } from './service';

/** Service actions the user sees (tgl's ACTION_* 10–14): emitted as service Msgs; the others are the layer's business. */
const VISIBLE = new Set(['setMessageTTL', 'readMessages', 'deleteMessages', 'screenshotMessages', 'flushHistory']);
/**
 * Of those, the ones the apps show in the chat ("… set the self-destruct timer", "… took a
 * screenshot"), either side's: kept in the saved history. A read receipt, a deletion or a flush
 * leaves no message there (a kept deletion notice would only point at messages that are gone).
 */
const SHOWN_IN_CHAT = new Set(['setMessageTTL', 'screenshotMessages']);

/** Whether a received service action is emitted as a service Msg. */
export function emittedAsMessage(message: DecryptedMessage): boolean {
	return message._ === 'message' || VISIBLE.has(message.action._);
}

/** Whether a message goes into the saved history: every ordinary message, and the actions shown in the chat. */
export function keptInHistory(message: DecryptedMessage): boolean {
	return message._ === 'message' || SHOWN_IN_CHAT.has(message.action._);
}

/** The deadline a message gets when its countdown starts at `now` (none without a ttl). */
export function expiryOf(m: StoredMessage, now: number): number | undefined {
	return m.message._ === 'message' && m.message.ttl > 0 ? now + m.message.ttl * 1000 : undefined;
}

/** Local ids of the messages whose deadline has passed. */
export function dueForDeletion(history: StoredMessage[], now: number): number[] {
	return history.filter((m) => m.expiresAt !== undefined && m.expiresAt <= now).map((m) => m.id);
}

/** The nearest deadline over every chat, if any message is counting down. */
export function nextDeadline(chats: SecretChatRecord[]): number | undefined {
	let next: number | undefined;
	for (const chat of chats) for (const m of chat.history) if (m.expiresAt !== undefined && (next === undefined || m.expiresAt < next)) next = m.expiresAt;
	return next;
}

/** Telegram takes any timer in a secret chat (TDLib: only cloud chats are held to fixed values); not negative, an int32. */
export function validTimer(seconds: number): boolean {
	return Number.isInteger(seconds) && seconds >= 0 && seconds <= 2 ** 31 - 1;
}
