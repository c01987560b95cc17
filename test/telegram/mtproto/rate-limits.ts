// Per-method, per-account rate limits, as Telegram enforces them: past `calls` calls of a method
// within `windowSeconds`, the account gets 420 FLOOD_WAIT_X, X being the seconds until the
// oldest call leaves the window. Calls answered with FLOOD_WAIT do not count (Telegram did no work).
import { RpcError } from '../types';

export interface RateLimit {
	calls: number;
	windowSeconds: number;
	/** Answer FLOOD_PREMIUM_WAIT_X instead (the speed limit of non-Premium uploads and downloads). */
	premium?: boolean;
}

/** Method (GramJS class name, e.g. 'messages.GetDialogs') → its limit. None by default. */
export type RateLimitTable = Record<string, RateLimit>;

export class RateLimiter {
	/** `${method} ${account}` → times (ms) of the calls still in the window. */
	private readonly recent = new Map<string, number[]>();

	constructor(private readonly table: () => RateLimitTable) {}

	/** Counts the call, or answers the FLOOD_WAIT error it deserves. */
	admit(method: string, account: number | string | undefined, now = Date.now()): RpcError | undefined {
		const limit = this.table()[method];
		if (!limit || account === undefined) return undefined;
		const key = `${method} ${account}`;
		const windowMs = limit.windowSeconds * 1000;
		const times = (this.recent.get(key) ?? []).filter((t) => t > now - windowMs);
		this.recent.set(key, times);
		if (times.length < limit.calls) {
			times.push(now);
			return undefined;
		}
		const seconds = Math.max(1, Math.ceil((times[0] + windowMs - now) / 1000));
		return new RpcError(420, `${limit.premium ? 'FLOOD_PREMIUM_WAIT' : 'FLOOD_WAIT'}_${seconds}`);
	}

	/** Forgets every call counted so far. */
	reset(): void {
		this.recent.clear();
	}
}
