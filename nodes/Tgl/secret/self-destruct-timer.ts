// The service's self-destruct clock (the rules are self-destruct.ts): starts a message's countdown
// and journals its deadline, keeps one unref'd timer for the nearest deadline of any chat, and
// removes the messages whose deadline passed.
import type { StoredMessage, SecretChatRecord } from './records';
import { dueForDeletion, expiryOf, fallbackExpiry, nextDeadline, readDeadline } from './self-destruct';
import { chatsOf, note, save, type SecretCore } from './service-core';

/** Starts the countdown of those not counting yet (at `now`); returns them. */
export function startCountdown(core: SecretCore, chatId: number, messages: StoredMessage[]): StoredMessage[] {
	const now = Date.now();
	const armed = messages.filter((m) => m.expiresAt === undefined && expiryOf(m, now) !== undefined);
	for (const m of armed) m.expiresAt = expiryOf(m, now);
	// One record per deadline (messages armed together share one).
	for (const m of armed) note(core, { t: 'expires', chat: chatId, ids: [m.id], at: m.expiresAt! });
	if (armed.length) scheduleExpiry(core);
	return armed;
}

/**
 * The peer read these messages of ours (its readMessages, or readEncryptedHistory up to their
 * date): those with a timer count down from now, replacing the fallback deadline set at the send.
 */
export function countFromReading(core: SecretCore, chatId: number, messages: StoredMessage[]): void {
	const now = Date.now();
	const read = messages.filter((m) => m.out && readDeadline(m, now) !== undefined);
	for (const m of read) m.expiresAt = readDeadline(m, now);
	for (const m of read) note(core, { t: 'expires', chat: chatId, ids: [m.id], at: m.expiresAt! });
	if (read.length) scheduleExpiry(core);
}

/** Our own timed message: its fallback deadline, for a peer that never says it read it. */
export function fallbackCountdown(core: SecretCore, chatId: number, m: StoredMessage): void {
	const at = fallbackExpiry(m);
	if (at === undefined) return;
	m.expiresAt = at;
	note(core, { t: 'expires', chat: chatId, ids: [m.id], at });
	scheduleExpiry(core);
}

/** Re-arms the timer for the nearest deadline of any chat. */
function scheduleExpiry(core: SecretCore): void {
	clearExpiryTimer(core);
	const next = nextDeadline(chatsOf(core));
	if (core.stopped || next === undefined) return;
	// setTimeout takes at most 2^31-1 ms; a later deadline is looked at again then.
	core.expiryTimer = setTimeout(() => {
		core.expiryTimer = undefined;
		if (core.stopped) return;
		void core.serial(() => expireDue(core)).catch((error: unknown) => {
			core.options.log?.(`secret chats: self-destructing messages failed (${error instanceof Error ? error.message : 'unknown error'})`);
		});
	}, Math.min(2 ** 31 - 1, Math.max(0, next - Date.now())));
	core.expiryTimer.unref();
}

export function clearExpiryTimer(core: SecretCore): void {
	clearTimeout(core.expiryTimer);
	core.expiryTimer = undefined;
}

/** Removes the messages whose deadline passed from the saved history, then tells the listeners. */
export async function expireDue(core: SecretCore): Promise<void> {
	const now = Date.now();
	const gone: Array<[SecretChatRecord, number[]]> = [];
	for (const record of chatsOf(core)) {
		const ids = dueForDeletion(record.history, now);
		if (!ids.length) continue;
		const set = new Set(ids);
		record.history = record.history.filter((m) => !set.has(m.id));
		note(core, { t: 'delete', chat: record.id, ids });
		gone.push([record, ids]);
	}
	if (gone.length) await save(core);
	for (const [record, ids] of gone) core.events.deleted?.(record, ids);
	scheduleExpiry(core);
}
