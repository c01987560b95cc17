// An append-only log of pts events for one box, trimmed to the retention setting.
export interface PtsEvent {
	/** The box pts after this event. */
	pts: number;
	ptsCount: number;
}

/** Counts every event logged in any box: orders channel events against what an account was told. */
let clock = 0;
export const worldTick = (): number => clock;

export class PtsLog<E extends PtsEvent> {
	private entries: E[] = [];
	/** worldTick of each entry. */
	private ticks: number[] = [];
	private head = 0;
	/** pts of the newest dropped event: clients older than this missed something. */
	private base = 0;

	constructor(private readonly retain: () => number) {}

	get size(): number {
		return this.entries.length - this.head;
	}

	append(event: E): void {
		this.entries.push(event);
		this.ticks.push(++clock);
		const over = this.size - Math.max(1, this.retain());
		if (over > 0) {
			this.base = this.entries[this.head + over - 1].pts;
			this.head += over;
			// Compact rarely so that trimming stays O(1) amortized.
			if (this.head > 1024 && this.head * 2 > this.entries.length) {
				this.entries = this.entries.slice(this.head);
				this.ticks = this.ticks.slice(this.head);
				this.head = 0;
			}
		}
	}

	/** Whether a client at `pts` can be served from this log. */
	covers(pts: number): boolean {
		return pts >= this.base;
	}

	/** Events with pts > `pts`, at most `limit`, and whether more remain. */
	after(pts: number, limit: number): { events: E[]; more: boolean } {
		let lo = this.head;
		let hi = this.entries.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (this.entries[mid].pts > pts) hi = mid;
			else lo = mid + 1;
		}
		const end = Math.min(this.entries.length, lo + Math.max(1, limit));
		return { events: this.entries.slice(lo, end), more: end < this.entries.length };
	}

	/** The events logged after `tick` (see worldTick), oldest first. */
	since(tick: number): E[] {
		let k = this.entries.length;
		while (k > this.head && this.ticks[k - 1] > tick) k--;
		return this.entries.slice(k);
	}
}
