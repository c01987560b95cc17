// Promises that settle when a condition over recorded events holds, with a timeout that is
// always cleared (so Jest has no open handles left).
export const DEFAULT_WAIT_MS = 10_000;

export class Waiters {
	private readonly checks = new Set<() => void>();

	/** Re-evaluates every pending wait; call after each recorded event. */
	notify(): void {
		for (const check of [...this.checks]) check();
	}

	/** Resolves with the first non-undefined value of `probe`; rejects if `probe` throws. */
	waitFor<T>(probe: () => T | undefined, timeoutMs: number, describeTimeout: () => string): Promise<T> {
		return new Promise<T>((resolve, reject) => {
			const finish = () => {
				clearTimeout(timer);
				this.checks.delete(check);
			};
			const check = () => {
				try {
					const value = probe();
					if (value === undefined) return;
					finish();
					resolve(value);
				} catch (error) {
					finish();
					reject(error);
				}
			};
			const timer = setTimeout(() => {
				finish();
				reject(new Error(`Timed out after ${timeoutMs} ms: ${describeTimeout()}`));
			}, timeoutMs);
			this.checks.add(check);
			check();
		});
	}
}
