// A request we reported as failed must not be sent later: GramJS keeps every unanswered request
// and sends it again after a reconnect, so a send that "failed" would still arrive.
import type { TelegramClient } from 'telegram';

interface QueuedState {
	request: unknown;
	msgId?: { toString(): string };
	reject?: (error: Error) => void;
}

interface SenderInternals {
	_sendQueue?: { _queue?: (QueuedState | undefined)[]; _pendingStates?: QueuedState[] };
	_pendingState?: { _pending?: Map<string, QueuedState> };
}

/** Takes `request` out of the main sender's queues and settles GramJS's own promise for it. */
export function withdrawRequest(client: TelegramClient, request: unknown, error: Error): void {
	const sender = (client as unknown as { _sender?: SenderInternals })._sender;
	if (!sender) return;
	const found = new Set<QueuedState>();
	const queue = sender._sendQueue;
	if (queue?._queue) {
		for (const s of queue._queue) if (s && s.request === request) found.add(s);
		queue._queue = queue._queue.filter((s) => !s || s.request !== request);
	}
	for (const s of queue?._pendingStates ?? []) if (s.request === request) found.add(s);
	const pending = sender._pendingState?._pending;
	if (pending) {
		for (const [id, s] of [...pending]) {
			if (s.request !== request) continue;
			found.add(s);
			pending.delete(id);
		}
	}
	for (const s of found) s.reject?.(error);
}
