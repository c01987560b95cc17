// An append-only log of pts events for one box, trimmed to the retention setting.
export interface PtsEvent {
	/** The box pts after this event. */
	pts: number;
	ptsCount: number;
}

export class PtsLog<E extends PtsEvent> {
	private entries: E[] = [];
	private head = 0;
	/** pts of the newest dropped event: clients older than this missed something. */
	private base = 0;

	constructor(private readonly retain: () => number) {}

	get size(): number {
		return this.entries.length - this.head;
	}

	append(event: E): void {
		this.entries.push(event);
		const over = this.size - Math.max(1, this.retain());
		if (over > 0) {
			this.base = this.entries[this.head + over - 1].pts;
			this.head += over;
			// Compact rarely so that trimming stays O(1) amortized.
			if (this.head > 1024 && this.head * 2 > this.entries.length) {
				this.entries = this.entries.slice(this.head);
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

	/** The newest events, oldest first, for as long as `keep` holds walking back from the end. */
	newest(keep: (event: E) => boolean): E[] {
		let k = this.entries.length;
		while (k > this.head && keep(this.entries[k - 1])) k--;
		return this.entries.slice(k);
	}
}
