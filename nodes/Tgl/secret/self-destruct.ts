// Self-destruct timers (a secret message's ttl) and which service actions are kept as messages:
// pure rules the service applies. A received message counts down from when it is handed to a
// trigger or marked read (the apps: from when the recipient opens it), which sends the peer a read
// receipt; our own copy from the peer's receipt, or by a fallback deadline if none ever comes.
import type { DecryptedMessage } from './schema';
import type { SecretChatRecord, StoredMessage } from './records';

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

/**
 * How long after its own time our copy of a timed message waits for the peer's read receipt: a
 * peer that never sends one (an app that does not, or one that never opens the chat) must not keep
 * it here for ever, and one that reads late still finds ours gone at most this much later.
 */
export const RECEIPT_GRACE_MS = 24 * 3600 * 1000;

/** Our timed message's deadline at its send, if no read receipt ever comes: sent + ttl + the grace. */
export function fallbackExpiry(m: StoredMessage): number | undefined {
	return m.message._ === 'message' && m.message.ttl > 0 ? m.date * 1000 + m.message.ttl * 1000 + RECEIPT_GRACE_MS : undefined;
}

/**
 * Our timed message's deadline once the peer read it at `now`: now + ttl, unless an earlier one
 * holds already (a second receipt, or one that came after the fallback). Undefined: nothing changes.
 */
export function readDeadline(m: StoredMessage, now: number): number | undefined {
	const at = expiryOf(m, now);
	return at !== undefined && (m.expiresAt === undefined || at < m.expiresAt) ? at : undefined;
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
