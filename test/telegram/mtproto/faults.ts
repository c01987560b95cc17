// Fault injection for tests: answer a method with an rpc_error, delay answers, refuse connections.
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
}

function codeOf(errorMessage: string): number {
	if (errorMessage.startsWith('FLOOD_WAIT_')) return 420;
	if (/^(AUTH_KEY_|SESSION_|USER_DEACTIVATED)/.test(errorMessage)) return 401;
	return 400;
}

export class Faults {
	private readonly failures = new Map<string, Failure[]>();
	private readonly delays = new Map<string, number>();
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
		list.push({ error: new RpcError(code, errorMessage), times });
		this.failures.set(method, list);
	}

	/** Delays every answer to `method` ('*' for all) by `ms` until cleared. */
	delay(method: string, ms: number): void {
		this.delays.set(method, ms);
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
		this.droppedPushes.clear();
		this.refuseUntil = 0;
		this.hostOf = undefined;
	}

	/** What to do with one call: an optional delay, then an optional error. */
	take(method: string): { delayMs: number; error?: RpcError } {
		const delayMs = this.delays.get(method) ?? this.delays.get('*') ?? 0;
		const list = this.failures.get(method);
		if (!list?.length) return { delayMs };
		const first = list[0];
		if (--first.times <= 0) list.shift();
		return { delayMs, error: first.error };
	}
}
