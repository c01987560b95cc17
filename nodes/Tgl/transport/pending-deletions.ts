// Deletions that wait out an undo window. Telegram has had no way to restore a deleted message
// since 2015, so "undo" means not sending the delete request yet, as the official apps do.
// The window lives in this process, with the account's connection: the connection stays open
// while a deletion waits, and closing it carries out every waiting deletion first; so does a
// SIGTERM or SIGINT (see client-pool). Only a process killed outright loses them.
import type { AccountClient } from './account-client';
import { processIsStopping } from './process-stop';
import { currentCallOptions, withCallOptions } from './call-options';

interface Waiting {
	undoUntil: Date;
	timer: NodeJS.Timeout;
	run: () => Promise<unknown>;
	/** Ends the account's "work in flight" that keeps the pool from closing the connection. */
	settle: () => void;
}

/** What became of a deletion that is no longer waiting. */
export interface FinishedDeletion {
	at: Date;
	error?: string;
}

export type CancelResult = { cancelled: true } | { cancelled: false; finished?: FinishedDeletion };

/** Remembered so that Restore Message can say why it is too late; bounded. */
const FINISHED_KEPT = 1000;

export class PendingDeletions {
	private readonly waiting = new Map<string, Waiting>();
	/** Deletions whose window ended and whose request is under way. */
	private readonly running = new Map<string, Promise<void>>();
	private readonly finished = new Map<string, FinishedDeletion>();

	constructor(private readonly account: AccountClient) {
		account.beforeClose(() => this.flush());
	}

	/** Runs `run` after `seconds` unless cancelled; a deletion already waiting under `key` is replaced. */
	schedule(key: string, seconds: number, run: () => Promise<unknown>): Date {
		this.drop(key);
		// Once the process is stopping, nothing would be left to carry it out later: it goes now.
		const delayMs = processIsStopping() ? 0 : seconds * 1000;
		const undoUntil = new Date(Date.now() + delayMs);
		let settle!: () => void;
		const held = new Promise<void>((resolve) => (settle = resolve));
		// Counted as work in flight: the pool does not close an idle connection under it.
		void this.account.track(() => held);
		// unref: a waiting deletion alone does not keep the process alive; closing the pool runs it.
		const timer = setTimeout(() => void this.execute(key), delayMs);
		timer.unref();
		// It keeps the Request Settings of the item that asked, also when it runs at close.
		const options = currentCallOptions();
		this.waiting.set(key, { undoUntil, timer, run: () => withCallOptions(options, run), settle });
		this.finished.delete(key);
		return undoUntil;
	}

	/** Cancels a waiting deletion; otherwise tells what became of it, if this process knows. */
	async cancel(key: string): Promise<CancelResult> {
		if (this.drop(key)) return { cancelled: true };
		// Too late, but the outcome is only moments away: report it rather than "unknown".
		await this.running.get(key);
		return { cancelled: false, finished: this.finished.get(key) };
	}

	has(key: string): boolean {
		return this.waiting.has(key);
	}

	/** Keys of waiting deletions that satisfy `match`. */
	keys(match: (key: string) => boolean): string[] {
		return [...this.waiting.keys()].filter(match);
	}

	/** Carries out every waiting deletion now and waits for those under way (the connection is closing). */
	async flush(): Promise<void> {
		const keys = [...this.waiting.keys()];
		await Promise.all([...keys.map((key) => this.execute(key)), ...this.running.values()]);
	}

	private drop(key: string): boolean {
		const entry = this.waiting.get(key);
		if (!entry) return false;
		clearTimeout(entry.timer);
		this.waiting.delete(key);
		entry.settle();
		return true;
	}

	private async execute(key: string): Promise<void> {
		const entry = this.waiting.get(key);
		if (!entry) return;
		clearTimeout(entry.timer);
		this.waiting.delete(key);
		const work = (async () => {
			try {
				await entry.run();
				this.remember(key, { at: new Date() });
			} catch (error) {
				// Nobody waits for this result any more; Restore Message reports it.
				this.remember(key, { at: new Date(), error: error instanceof Error ? error.message : String(error) });
			} finally {
				entry.settle();
			}
		})();
		this.running.set(key, work);
		await work;
		if (this.running.get(key) === work) this.running.delete(key);
	}

	private remember(key: string, outcome: FinishedDeletion): void {
		this.finished.delete(key);
		this.finished.set(key, outcome);
		if (this.finished.size > FINISHED_KEPT) this.finished.delete(this.finished.keys().next().value as string);
	}
}

const byAccount = new WeakMap<AccountClient, PendingDeletions>();

/** Carries out the account's waiting deletions now, if it has any (the process is stopping). */
export async function carryOutPendingDeletions(account: AccountClient): Promise<void> {
	await byAccount.get(account)?.flush();
}

/** The account's pending deletions (one list per connection). */
export function pendingDeletionsOf(account: AccountClient): PendingDeletions {
	let pending = byAccount.get(account);
	if (!pending) {
		pending = new PendingDeletions(account);
		byAccount.set(account, pending);
	}
	return pending;
}
