// Names an event so that a later process recognises it when the catch-up fetches it again.
import type { EngineEvent } from '../updates/events';

/** Undefined for an update Telegram does not hand out again (no pts or qts). */
export function eventKey(event: EngineEvent): string | undefined {
	if (event.type === 'message') {
		const { box, message } = event;
		if (!event.edited) return `m:${box}:${message.id}`;
		const editDate = 'editDate' in message ? (message.editDate ?? 0) : 0;
		return `e:${box}:${message.id}:${editDate}`;
	}
	const u = event.update as unknown as { pts?: unknown; qts?: unknown; channelId?: { toString(): string } };
	if (typeof u.qts === 'number') return `u:qts:${u.qts}`;
	if (typeof u.pts !== 'number') return undefined;
	return `u:${u.channelId === undefined ? 'common' : `channel:${u.channelId.toString()}`}:${u.pts}`;
}
