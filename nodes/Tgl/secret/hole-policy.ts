// When to ask again for the messages of an open hole, and when to give up on it. The spec asks
// once per hole, but that request (or its answer) can be lost too, and then the hole stays open
// forever while every later message of the peer queues behind it. TDLib also asks once and
// never gives up; we re-ask with a growing interval and discard the chat after a long time
// without progress, so a chat never hangs silently. Pure: the service keeps the timers.

export interface HolePolicy {
	/** First re-ask this long after the last ask; each later one waits twice as long (capped). */
	reaskAfterMs: number;
	/** The longest wait between two asks. */
	maxReaskIntervalMs: number;
	/** The hole is given up (the chat discarded) when nothing arrived to fill it for this long. */
	giveUpAfterMs: number;
}

/**
 * The peer may simply be offline (its device gets our request when it comes back), so the
 * limit is generous: a week without the hole moving, as long as Telegram keeps an undelivered
 * encrypted message (after that the answer could not come anyway). Re-asks start after a minute and slow down
 * to one an hour, since each makes the peer send the missing messages again.
 */
export const DEFAULT_HOLE_POLICY: HolePolicy = {
	reaskAfterMs: 60_000,
	maxReaskIntervalMs: 3_600_000,
	giveUpAfterMs: 7 * 24 * 3_600_000,
};

/** What the service remembers of an open hole (kept with the chat, so a restart does not reset it). */
export interface HoleWatch {
	/** Peer messages processed when the hole was last seen to move: more means progress. */
	received: number;
	/** Since when (ms) the hole has not moved. */
	since: number;
	/** When (ms) we last asked, and how many times since it last moved. */
	lastAsk: number;
	asks: number;
}

export type HoleAction = 'wait' | 'reask' | 'abort';

/** A fresh watch for a hole we have just asked about. */
export function watchHole(received: number, now: number): HoleWatch {
	return { received, since: now, lastAsk: now, asks: 1 };
}

function reaskDelay(watch: HoleWatch, policy: HolePolicy): number {
	return Math.min(policy.reaskAfterMs * 2 ** Math.max(0, watch.asks - 1), policy.maxReaskIntervalMs);
}

/**
 * Decides about an open hole at `now`. Progress (more peer messages processed) restarts the
 * clock, counting the earlier request as still pending. Returns the updated watch (with the
 * ask counted when the answer is 'reask') and when to look again.
 */
export function holeStep(watch: HoleWatch | undefined, received: number, now: number, policy: HolePolicy): { watch: HoleWatch; action: HoleAction; nextCheck: number } {
	const current = watch && watch.received === received ? { ...watch } : watchHole(received, now);
	let action: HoleAction = 'wait';
	if (now - current.since >= policy.giveUpAfterMs) action = 'abort';
	else if (now - current.lastAsk >= reaskDelay(current, policy)) {
		action = 'reask';
		current.lastAsk = now;
		current.asks++;
	}
	const nextCheck = Math.min(current.lastAsk + reaskDelay(current, policy), current.since + policy.giveUpAfterMs);
	return { watch: current, action, nextCheck };
}
