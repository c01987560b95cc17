// Fault injection for tests: answer a method with an rpc_error, delay answers, refuse connections,
// drop the connection after a call was executed but before its answer went out.
import type { Socket } from 'net';
import { RpcError } from '../types';
import { clientProcessOf } from './client-process';

/** Ways to tell hosts apart for `Faults.hostOf`. */
export const HOSTS = {
	/** Each client process is a host (Linux /proc): n8n's main and workers, not one client's extra file connections. */
	byProcess: (socket: Socket) => String(clientProcessOf(socket) ?? 'unknown'),
	/** Each TCP connection is a host: two clients in this one process. */
	byConnection: (_socket: Socket, connection: string) => connection,
};

interface Failure {
	error: RpcError;
	times: number;
	/** Calls to let through before the first failure. */
	skip: number;
}

function codeOf(errorMessage: string): number {
	if (errorMessage.startsWith('FLOOD_WAIT_')) return 420;
	if (/^(AUTH_KEY_|SESSION_|USER_DEACTIVATED)/.test(errorMessage)) return 401;
	return 400;
}

export class Faults {
	private readonly failures = new Map<string, Failure[]>();
	private readonly delays = new Map<string, number>();
	/** Delayed calls still waiting: clear() lets them go, so no timer outlives a test. */
	private readonly waiting = new Set<() => void>();
	private readonly drops = new Map<string, number>();
	private refuseUntil = 0;
	private readonly droppedPushes = new Map<number, number>();
	/**
	 * Names the host a connection comes from (on 127.0.0.1 they all share one address): when set,
	 * an auth key in use at once from two hosts is invalidated with AUTH_KEY_DUPLICATED, as
	 * Telegram does for a session used from two IPs at once. See `HOSTS` for the usual choices.
	 */
	hostOf: ((socket: Socket, connection: string) => string | undefined) | undefined;

	/** The next `times` calls of `method` (a GramJS class name, e.g. 'messages.SendMessage') answer this error. */
	failNext(method: string, errorMessage: string, times = 1, code = codeOf(errorMessage)): void {
		const list = this.failures.get(method) ?? [];
		list.push({ error: new RpcError(code, errorMessage), times, skip: 0 });
		this.failures.set(method, list);
	}

	/** Like failNext, but `skip` calls of `method` succeed first (e.g. FLOOD_WAIT on the third upload part). */
	failAfter(method: string, skip: number, errorMessage: string, times = 1): void {
		const list = this.failures.get(method) ?? [];
		list.push({ error: new RpcError(codeOf(errorMessage), errorMessage), times, skip });
		this.failures.set(method, list);
	}

	/** Delays every answer to `method` ('*' for all) by `ms` until cleared. */
	delay(method: string, ms: number): void {
		this.delays.set(method, ms);
	}

	/**
	 * The next `times` calls of `method` are executed (the world changes) but the connection that
	 * sent them is closed before the answer goes out: the client never learns the result.
	 */
	dropAfter(method: string, times = 1): void {
		this.drops.set(method, (this.drops.get(method) ?? 0) + times);
	}

	/** True when this executed call's connection is to be dropped instead of answered. */
	takeDropAfter(method: string): boolean {
		const left = this.drops.get(method) ?? 0;
		if (left <= 0) return false;
		this.drops.set(method, left - 1);
		return true;
	}

	/** Waits out the delay set for `method` (or until clear()). */
	async wait(ms: number): Promise<void> {
		if (ms <= 0) return;
		await new Promise<void>((resolve) => {
			const release = () => {
				clearTimeout(timer);
				this.waiting.delete(release);
				resolve();
			};
			const timer = setTimeout(release, ms);
			this.waiting.add(release);
		});
	}

	/** New TCP connections are closed at once for `ms`. */
	refuseConnectionsFor(ms: number): void {
		this.refuseUntil = Date.now() + ms;
	}

	/** The next `count` pushes to the account are lost on the way (a gap the client must notice). */
	dropPushes(userId: number, count: number): void {
		this.droppedPushes.set(userId, (this.droppedPushes.get(userId) ?? 0) + count);
	}

	/** True when this push is to be lost. */
	takePushDrop(userId: number): boolean {
		const left = this.droppedPushes.get(userId) ?? 0;
		if (left <= 0) return false;
		this.droppedPushes.set(userId, left - 1);
		return true;
	}

	get refusing(): boolean {
		return Date.now() < this.refuseUntil;
	}

	clear(): void {
		this.failures.clear();
		this.delays.clear();
		this.drops.clear();
		this.droppedPushes.clear();
		for (const release of [...this.waiting]) release();
		this.refuseUntil = 0;
		this.hostOf = undefined;
	}

	/** What to do with one call: an optional delay, then an optional error. */
	take(method: string): { delayMs: number; error?: RpcError } {
		const delayMs = this.delays.get(method) ?? this.delays.get('*') ?? 0;
		const list = this.failures.get(method);
		if (!list?.length) return { delayMs };
		const first = list[0];
		if (first.skip > 0) {
			first.skip--;
			return { delayMs };
		}
		if (--first.times <= 0) list.shift();
		return { delayMs, error: first.error };
	}
}
