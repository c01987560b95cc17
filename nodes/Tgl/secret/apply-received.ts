// One decrypted message of the peer's, in sequence, applied to the chat: an ordinary message goes
// into the history; a user-visible service action does what it says (delete, flush, set the
// timer, start our countdown) and becomes a service message with its own local id.
import type { ReceivedLayer } from './chat';
import type { SecretChatRecord, StoredMessage } from './records';
import { emittedAsMessage, keptInHistory } from './self-destruct';
import { countFromReading } from './self-destruct-timer';
import { keep, note, type SecretCore } from './service-core';

/** Applies one decrypted message; the local ids the other side deleted go into `deleted`. */
export async function applyReceived(core: SecretCore, record: SecretChatRecord, layer: ReceivedLayer, deleted: number[]): Promise<StoredMessage | undefined> {
	const m = layer.message;
	if (m._ === 'message') {
		// Each message keeps the date and file it came with, also when released past a hole.
		const stored: StoredMessage = { id: 0, randomId: m.randomId, out: false, date: layer.envelope?.date ?? Math.floor(Date.now() / 1000), message: m };
		if (layer.envelope?.file && m.media) stored.file = layer.envelope.file;
		keep(core, record, stored);
		return stored;
	}
	const action = m.action;
	// (Resend requests are answered by answerResend before they get here; the key exchange,
	// layer and noop actions are the layer's business and never become messages.)
	if (action._ === 'typing') core.events.typing?.(record, action.action);
	if (!emittedAsMessage(m)) return undefined;
	// The user-visible actions become service messages (emitted; those the apps show, also kept).
	const concerned = 'randomIds' in action ? new Set(action.randomIds.map(String)) : new Set<string>();
	const refs = record.history.filter((h) => concerned.has(String(h.randomId))).map((h) => h.id);
	if (action._ === 'deleteMessages') {
		deleted.push(...refs);
		record.history = record.history.filter((h) => !concerned.has(String(h.randomId)));
		if (refs.length) note(core, { t: 'delete', chat: record.id, ids: refs });
	} else if (action._ === 'flushHistory') {
		record.history = [];
		note(core, { t: 'clear', chat: record.id });
	} else if (action._ === 'setMessageTTL') {
		record.ttl = action.ttlSeconds;
	} else if (action._ === 'readMessages') {
		// The peer opened our timed messages: their countdown here starts now.
		countFromReading(core, record.id, record.history.filter((h) => h.out && concerned.has(String(h.randomId))));
	}
	const stored: StoredMessage = { id: 0, randomId: m.randomId, out: false, date: layer.envelope?.date ?? Math.floor(Date.now() / 1000), message: m };
	if ('randomIds' in action) stored.refs = refs;
	if (keptInHistory(m)) keep(core, record, stored);
	else stored.id = record.lastId = (record.lastId ?? 0) + 1; // a Msg id of its own, not in the history
	return stored;
}
