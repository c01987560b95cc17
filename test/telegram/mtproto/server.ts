// The loopback Telegram's MTProto server: accepts TCP on 127.0.0.1, runs one ServerConnection
// per socket, dispatches calls to the handlers, and pushes updates to connected sessions.
import { createServer, Server, Socket } from 'net';
import type { Api } from 'telegram';
import { AuthKeyStore } from './auth-keys';
import { ConnectionHost, ServerConnection } from './connection';
import { Faults } from './faults';
import type { RateLimiter } from './rate-limits';
import { testRsaKey } from './rsa';
import { ServerMsgIds } from './tl-wire';
import { RpcError, type CallContext, type RpcHandler, type SessionRef, type UpdateSink } from '../types';

export interface CallRecord {
	method: string;
	userId: number | undefined;
	/** The auth key it came with (hex id): which session, and so which process, made it. */
	authKeyId?: string;
	/** Set when the call was answered FLOOD_WAIT_X by a rate limit. */
	flood?: string;
}

export interface ServerOptions {
	/** Per-method rate limits (shared by every DC of a world). */
	limiter?: RateLimiter;
}

export class MtprotoServer implements UpdateSink, ConnectionHost {
	readonly keys = new AuthKeyStore();
	readonly rsa = testRsaKey();
	readonly msgIds = new ServerMsgIds();
	readonly faults = new Faults();
	readonly connections = new Set<ServerConnection>();
	/** Every TCP connection accepted since start (or the last resetStats). */
	connectionsOpened = 0;
	/** Every RPC dispatched since start (or the last resetStats), in order. */
	calls: CallRecord[] = [];
	/** Per auth key: sessions established on it, and the most connections it had open at once. */
	readonly keyStats = new Map<string, { opened: number; peak: number }>();
	/** Methods that had no handler: a test can assert this stays empty. */
	readonly unhandled = new Set<string>();
	private readonly tcp: Server;
	private bound: { host: string; port: number } | undefined;
	private nextConnection = 0;
	/** The host each connection came from, named when it bound a session (see Faults.hostOf). */
	private readonly hosts = new WeakMap<ServerConnection, string | undefined>();

	private readonly handlers: Record<string, RpcHandler> = {};

	private readonly limiter: RateLimiter | undefined;

	constructor(handlers: Record<string, RpcHandler> = {}, options: ServerOptions = {}) {
		this.limiter = options.limiter;
		this.use(handlers);
		this.tcp = createServer((socket) => this.accept(socket));
	}

	/** The handler of a method (to wrap it in a test). */
	handlerOf(method: string): RpcHandler | undefined {
		return this.handlers[method];
	}

	/** Adds (or replaces) method handlers, keyed by GramJS class name. */
	use(handlers: Record<string, RpcHandler>): void {
		Object.assign(this.handlers, handlers);
	}

	async listen(host = '127.0.0.1', port = 0): Promise<number> {
		await new Promise<void>((resolve, reject) => {
			this.tcp.once('error', reject);
			this.tcp.listen(port, host, () => resolve());
		});
		this.bound = { host, port: (this.tcp.address() as { port: number }).port };
		return this.bound.port;
	}

	/**
	 * Telegram going away (a restart, a network cut): every connection closes and the port stops
	 * listening, so new connections are refused. Keys, salts and the world stay as they are.
	 */
	async suspend(): Promise<void> {
		if (!this.tcp.listening) return;
		const closed = new Promise<void>((resolve) => this.tcp.close(() => resolve()));
		for (const c of [...this.connections]) c.close();
		await closed;
	}

	/** Listens again on the same host and port, after suspend(). */
	async resume(): Promise<void> {
		if (this.tcp.listening || !this.bound) return;
		await this.listen(this.bound.host, this.bound.port);
	}

	async close(): Promise<void> {
		for (const c of [...this.connections]) c.close();
		if (this.tcp.listening) await new Promise<void>((resolve) => this.tcp.close(() => resolve()));
	}

	resetStats(): void {
		this.connectionsOpened = 0;
		this.calls = [];
		this.keyStats.clear();
	}

	callCount(method?: string): number {
		return method ? this.calls.filter((c) => c.method === method).length : this.calls.length;
	}

	/** The FLOOD_WAIT_X answers a rate limit gave to `method` (all methods when omitted). */
	floodsOf(method?: string): string[] {
		return this.calls.filter((c) => c.flood && (!method || c.method === method)).map((c) => c.flood!);
	}

	async dispatch(ctx: CallContext, request: any): Promise<unknown> {
		const method: string = request?.className ?? 'unknown';
		const call: CallRecord = { method, userId: ctx.userId, authKeyId: ctx.authKeyId };
		this.calls.push(call);
		const fault = this.faults.take(method);
		await this.faults.wait(fault.delayMs);
		if (fault.error) throw fault.error;
		const flood = this.limiter?.admit(method, ctx.userId);
		if (flood) {
			call.flood = flood.errorMessage;
			throw flood;
		}
		const handler = this.handlers[method];
		if (!handler) {
			this.unhandled.add(method);
			throw new RpcError(400, `METHOD_NOT_SUPPORTED_BY_LOOPBACK_${method}`);
		}
		const result = await handler(ctx, request);
		if (this.faults.takeDropAfter(method)) {
			// Executed, but the answer is lost with the connection (it is never written to a closed one).
			// The session is the connection the request came on: closed directly, no scan of the others.
			if (ctx.session instanceof ServerConnection) ctx.session.close();
		}
		return result;
	}

	pushToUser(userId: number, updates: Api.TypeUpdates, except?: SessionRef): void {
		if (this.faults.takePushDrop(userId)) return;
		for (const c of this.connections) {
			if (c.userId === userId && c !== except && c.established) c.pushUpdates(updates);
		}
	}

	pushToKeys(userId: number, updates: Api.TypeUpdates, accept: (authKeyId: string) => boolean): void {
		for (const c of this.connections) {
			if (c.userId === userId && c.established && c.authKeyId !== undefined && accept(c.authKeyId)) c.pushUpdates(updates);
		}
	}

	/** Connected, established sessions of an account. */
	sessionsOf(userId: number): ServerConnection[] {
		return [...this.connections].filter((c) => c.userId === userId && c.established);
	}

	/** Closes the TCP connections of one account (or all): what a network drop looks like. */
	dropConnections(userId?: number): number {
		let n = 0;
		for (const c of [...this.connections]) {
			if (userId === undefined || c.userId === userId) {
				c.close();
				n++;
			}
		}
		return n;
	}

	/** Every auth key of the account answers 401 `error` from now on, and its connections drop. */
	revoke(userId: number, error = 'SESSION_REVOKED'): void {
		for (const k of this.keys.ofUser(userId)) k.revoked = error;
	}

	/** Connected, established sessions on one auth key. */
	connectionsOfKey(authKeyId: string): ServerConnection[] {
		return [...this.connections].filter((c) => c.authKeyId === authKeyId && c.established);
	}

	onSessionBound(conn: ServerConnection): void {
		const id = conn.authKeyId;
		if (!id) return;
		const live = this.connectionsOfKey(id).length;
		const stats = this.keyStats.get(id) ?? { opened: 0, peak: 0 };
		stats.opened++;
		stats.peak = Math.max(stats.peak, live);
		this.keyStats.set(id, stats);
		// Telegram invalidates a key used from two IPs at once.
		const hostOf = this.faults.hostOf;
		const record = this.keys.get(id);
		if (!hostOf || !record) return;
		const host = hostOf(conn.socket, conn.key);
		this.hosts.set(conn, host);
		if (this.connectionsOfKey(id).some((c) => c !== conn && this.hosts.get(c) !== host)) record.revoked = 'AUTH_KEY_DUPLICATED';
	}

	onClose(conn: ServerConnection): void {
		this.connections.delete(conn);
	}

	private accept(socket: Socket): void {
		this.connectionsOpened++;
		if (this.faults.refusing) {
			socket.destroy();
			return;
		}
		const conn = new ServerConnection(socket, this, `c${++this.nextConnection}`);
		this.connections.add(conn);
	}
}
