// Catch-up after the service was not running: updates.getDifference from the saved qts, its
// chat changes and encrypted messages handled in order, saved, then acknowledged.
import { Api } from 'telegram';
import { onEncryption } from './chat-lifecycle';
import { receive } from './secret-receiver';
import { save, type SecretCore } from './service-core';

/**
 * Feeds one updates.getDifference answer (asked with the saved qts), inside a serial step. Its
 * encrypted messages are processed in order, then acknowledged up to the new qts.
 */
export async function applyDifference(core: SecretCore, difference: Api.updates.Difference | Api.updates.DifferenceSlice): Promise<void> {
	for (const update of difference.otherUpdates) if (update instanceof Api.UpdateEncryption) await onEncryption(core, update.chat);
	for (const message of difference.newEncryptedMessages) {
		const record = core.state.chats[message.chatId];
		if (record?.state === 'working') await receive(core, record, message);
	}
	const state = difference instanceof Api.updates.Difference ? difference.state : difference.intermediateState;
	core.state.qts = Math.max(core.state.qts ?? 0, state.qts);
	await save(core);
	if (difference.newEncryptedMessages.length) await core.client.invoke(new Api.messages.ReceivedQueue({ maxQts: state.qts }));
}

/**
 * updates.getDifference from the saved qts (with the caller's pts and date, which only the qts
 * part concerns) until the server has no more; each answer goes to `handle` (a serial step).
 */
export async function pullDifferences(core: SecretCore, from: { pts: number; date: number; qts: number }, handle: (difference: Api.updates.TypeDifference) => Promise<void>): Promise<void> {
	let { pts, date } = from;
	for (;;) {
		const d = await core.client.invoke(new Api.updates.GetDifference({ pts, date, qts: core.state.qts ?? from.qts }));
		await handle(d);
		if (!(d instanceof Api.updates.DifferenceSlice)) return;
		({ pts, date } = d.intermediateState);
	}
}
