// The one update engine of an account: every pushed or call-returned Updates object goes
// through one ordered queue and one live UpdateStream, and each event goes to every listener.
import { Api } from 'telegram';
import { RPCError } from 'telegram/errors';
import type { AccountClient } from '../transport/account-client';
import { cursorOfState, type UpdateCursor } from './cursor';
import type { EngineEvent, EngineListener } from './events';
import { UpdateStream } from './update-stream';

const FATAL = new Set(['AUTH_KEY_UNREGISTERED', 'SESSION_REVOKED', 'AUTH_KEY_DUPLICATED', 'USER_DEACTIVATED', 'SESSION_EXPIRED', 'AUTH_KEY_INVALID']);

export interface EngineOptions {
	/** While idle, compare with updates.getState this often (pushes alone are not promised). */
	pollMs: number;
}

export const DEFAULT_ENGINE_OPTIONS: EngineOptions = {
	pollMs: Number(process.env.TGL_UPDATES_POLL_SECONDS ?? 30) * 1000,
};

export function isFatal(error: unknown): boolean {
	return error instanceof RPCError && FATAL.has(error.errorMessage);
}

export class UpdateEngine {
	private stream: UpdateStream | undefined;
	private starting: Promise<void> | undefined;
	private queue: Promise<void> = Promise.resolve();
	private readonly listeners = new Set<EngineListener>();
	private pollTimer: NodeJS.Timeout | undefined;
	private lastActivity = Date.now();
	private fatal: Error | undefined;
	private readonly unhook: (() => void)[] = [];

	constructor(
		private readonly account: AccountClient,
		private readonly options: EngineOptions = DEFAULT_ENGINE_OPTIONS,
	) {
		// Hooked before the first getState, so nothing pushed in between is missed.
		this.unhook.push(account.onUpdates((u) => this.enqueue(() => this.stream?.apply(u))));
		this.unhook.push(
			account.onConnectionStateChange((state) => {
				if (state === 'connected') this.enqueue(() => this.stream?.difference());
			}),
		);
	}

	/** The live position (after start). */
	get cursor(): UpdateCursor | undefined {
		return this.stream?.cursor;
	}

	/** Takes the server's state once; later calls wait for the same. */
	start(): Promise<void> {
		this.starting ??= new Promise<void>((resolve, reject) => {
			this.enqueue(async () => {
				try {
					const state = await this.account.call(new Api.updates.GetState());
					this.stream = new UpdateStream(
						this.account,
						cursorOfState(state),
						(e) => this.broadcast(e),
						(after) => this.broadcastPosition(after),
					);
					resolve();
				} catch (error) {
					this.starting = undefined;
					reject(error);
				}
			});
		});
		return this.starting;
	}

	subscribe(listener: EngineListener): () => void {
		this.listeners.add(listener);
		if (this.fatal) listener.onFatal?.(this.fatal);
		this.schedulePoll();
		return () => {
			this.listeners.delete(listener);
			if (!this.listeners.size) clearTimeout(this.pollTimer);
		};
	}

	/** Resolves once everything queued so far has been applied and handed out. */
	idle(): Promise<void> {
		return this.queue;
	}

	/** Compares with the server now and fetches what is missing (also what the poll timer does). */
	check(): Promise<void> {
		return new Promise((resolve) =>
			this.enqueue(async () => {
				try {
					if (!this.stream) return;
					const state = await this.account.call(new Api.updates.GetState());
					const c = this.stream.cursor;
					if (state.pts > c.pts || state.qts > c.qts || state.seq > c.seq) await this.stream.difference();
				} finally {
					resolve();
				}
			}),
		);
	}

	close(): void {
		clearTimeout(this.pollTimer);
		for (const u of this.unhook.splice(0)) u();
		this.listeners.clear();
	}

	private enqueue(task: () => Promise<void> | undefined): void {
		this.lastActivity = Date.now();
		this.queue = this.queue.then(task).catch((error) => this.onError(error));
	}

	private async broadcast(event: EngineEvent): Promise<void> {
		for (const listener of [...this.listeners]) {
			try {
				await listener.onEvent(event);
			} catch {
				// One listener's failure must not starve the others; the trigger reports its own errors.
			}
		}
	}

	/** A difference ended (or our own send moved pts) with no event to carry the position. */
	private broadcastPosition(after: Partial<UpdateCursor>): void {
		for (const listener of [...this.listeners]) listener.onPosition?.(after);
	}

	private onError(error: unknown): void {
		if (isFatal(error)) {
			this.fatal = error as Error;
			clearTimeout(this.pollTimer);
			for (const l of [...this.listeners]) l.onFatal?.(error as Error);
		}
		// Anything else (a dropped connection mid-difference) is retried by the next poll or reconnect.
	}

	private schedulePoll(): void {
		clearTimeout(this.pollTimer);
		if (this.fatal || !this.listeners.size) return;
		this.pollTimer = setTimeout(async () => {
			if (Date.now() - this.lastActivity >= this.options.pollMs / 2) await this.check();
			this.schedulePoll();
		}, this.options.pollMs);
		this.pollTimer.unref();
	}
}
