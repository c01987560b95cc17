// A received message handed to a trigger (emitted / delivered marks) or read by the user: the mark
// is journalled, its self-destruct countdown starts, and the peer gets a read receipt for the
// timed ones, after the save.
import { randomId } from './gramjs-values';
import type { SecretServiceState, StoredMessage } from './records';
import { startCountdown } from './self-destruct-timer';
import { sendNow } from './secret-sender';
import { note, save, type SecretCore } from './service-core';

/** Marked at once (a trigger starting next must see it), saved (journalled) in turn. */
export function mark(core: SecretCore, flag: 'delivered' | 'emitted', chatId: number, ids: number[]): Promise<void> {
	const set = new Set(ids);
	const marked = (core.state.chats[chatId]?.history ?? []).filter((m) => set.has(m.id));
	for (const m of marked) m[flag] = true;
	if (marked.length) note(core, { t: flag, chat: chatId, ids: marked.map((m) => m.id) });
	// Handed to a trigger: the recipient has it, so its self-destruct countdown starts.
	return armSelfDestruct(core, chatId, ids);
}

/**
 * Starts the self-destruct countdown of these received messages (those with a ttl, not yet
 * counting): their deadline is saved with them, so it holds across a restart.
 */
export function armSelfDestruct(core: SecretCore, chatId: number, ids: number[]): Promise<void> {
	const set = new Set(ids);
	const armed = startCountdown(core, chatId, (core.state.chats[chatId]?.history ?? []).filter((m) => set.has(m.id) && !m.out));
	const saved = core.serial(() => save(core));
	// The apps tell the sender when a timed message is opened, so its copy counts down from
	// then too: a read receipt for these (never for messages without a timer). It goes after
	// the save, which is all the caller waits for (a trigger's emit is not held by the network).
	if (armed.length) {
		void core.serial(() => sendReceipt(core, chatId, armed)).catch((error: unknown) => {
			// The countdown here holds anyway; the sender's copy then goes by its fallback deadline.
			core.options.log?.(`secret chat ${chatId}: the read receipt was not sent (${error instanceof Error ? error.message : 'unknown error'})`);
		});
	}
	return saved;
}

async function sendReceipt(core: SecretCore, chatId: number, read: StoredMessage[]): Promise<void> {
	const record = core.state.chats[chatId];
	if (record?.state !== 'working' || core.stopped) return;
	await sendNow(core, record, { _: 'service', randomId: randomId(), action: { _: 'readMessages', randomIds: read.map((m) => m.randomId) } });
}

/**
 * After a reload (recover): what memory had and the saved state lacks, yet happened all the same
 * (our message Telegram took, a message handed to a trigger, a countdown started), is noted again
 * for the next save; else a delivered message is emitted again after a restart, or our copy lost.
 * Marks go to the message of the same id and random id only.
 */
export function keepMarks(core: SecretCore, before: SecretServiceState): void {
	for (const old of Object.values(before.chats)) {
		const record = core.state.chats[old.id];
		if (!record) continue;
		// Our messages Telegram took whose save failed: the peer has them, so ours stay too (under
		// their ids; the peer's messages not saved come again through the catch-up, with new ones).
		const lastSaved = record.lastId ?? 0;
		for (const m of old.history.filter((h) => h.out && h.id > lastSaved)) {
			record.history.push(m);
			record.lastId = Math.max(record.lastId ?? 0, m.id);
			note(core, { t: 'add', chat: old.id, m });
		}
		const saved = new Map(record.history.map((m) => [m.id, m]));
		const same = (m: StoredMessage) => {
			const now = saved.get(m.id);
			return now && String(now.randomId) === String(m.randomId) ? now : undefined;
		};
		for (const flag of ['emitted', 'delivered'] as const) {
			const lost = old.history.filter((m) => m[flag] && same(m) && !same(m)![flag]);
			for (const m of lost) same(m)![flag] = true;
			if (lost.length) note(core, { t: flag, chat: old.id, ids: lost.map((m) => m.id) });
		}
		for (const m of old.history) {
			const now = same(m);
			if (!now || m.expiresAt === undefined || now.expiresAt === m.expiresAt) continue;
			now.expiresAt = m.expiresAt;
			note(core, { t: 'expires', chat: old.id, ids: [m.id], at: m.expiresAt });
		}
	}
}
