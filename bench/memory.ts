// Peak memory while one piece of work runs, above what the process held when it started.
const MB = 2 ** 20;

export interface Measured<T> {
	ms: number;
	/** Peak of V8 heap + array buffers (where file bytes live) above the start, in MB. */
	peakMb: number;
	/** Peak resident set size above the start, in MB (the OS's view; it seldom shrinks). */
	peakRssMb: number;
	value: T;
}

/** Runs `work` while sampling memory every few ms; returns its time and peaks above the start. */
export async function measured<T>(work: () => Promise<T>): Promise<Measured<T>> {
	(globalThis as { gc?: () => void }).gc?.();
	const used = () => {
		const m = process.memoryUsage();
		return { held: m.heapUsed + m.arrayBuffers, rss: m.rss };
	};
	const base = used();
	let peak = base.held;
	let peakRss = base.rss;
	const sample = () => {
		const now = used();
		peak = Math.max(peak, now.held);
		peakRss = Math.max(peakRss, now.rss);
	};
	const timer = setInterval(sample, 5);
	const start = process.hrtime.bigint();
	try {
		const value = await work();
		sample();
		return { ms: Number(process.hrtime.bigint() - start) / 1e6, peakMb: (peak - base.held) / MB, peakRssMb: (peakRss - base.rss) / MB, value };
	} finally {
		clearInterval(timer);
	}
}
