// One connected Telegram account: the GramJS client, what it has seen, and the single path
// (`call`) by which the nodes talk to Telegram.
import { createHash } from 'crypto';
import { Api, TelegramClient } from 'telegram';
import { FileMigrateError, FloodWaitError, RPCError } from 'telegram/errors';
import { returnBigInt } from 'telegram/Helpers';
import { Logger, LogLevel } from 'telegram/extensions/Logger';
import { StringSession } from 'telegram/sessions';
import { UpdateConnectionState } from 'telegram/network';
import { EntityStore } from './entity-store';
import { connectionTo, routeToDc } from './server-connection';
import { destroyClient } from './destroy-client';
import { readWholeContainers } from './container-answers';
import type { MapContext } from '../tgl/context';
import { expandSentMessage } from '../updates/short-updates';
import { checkCredentials, secretsOf, type ProxySettings, type TglCredentials } from './credentials';
import { connectFailure, connectionLost, ConnectionLostError, type ConnectTarget } from './connect-errors';
import { withdrawRequest } from './withdraw-request';
import { currentCallOptions } from './call-options';
import type { ProxyInterface } from 'telegram/network/connection/TCPMTProxy';

export type RawUpdatesListener = (updates: Api.TypeUpdates) => void;
export type ConnectionStateListener = (state: 'connected' | 'disconnected' | 'broken') => void;

export interface CallTarget {
	/** Another DC to send the call to (over an exported authorization), e.g. where a file is stored. */
	dcId?: number;
}

export interface Timeouts {
	connectMs: number;
	/** GramJS has no per-request timeout: a call with no answer would hang an execution forever. */
	requestMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = {
	connectMs: Number(process.env.TGL_CONNECT_TIMEOUT_SECONDS ?? 30) * 1000,
	requestMs: Number(process.env.TGL_REQUEST_TIMEOUT_SECONDS ?? 120) * 1000,
};

/** A request (or the connect) got no answer in time. */
class NoAnswerError extends Error {}

/** A guarded call: how to fail it, and its timer while the connection is down. */
interface Waiting {
	fail: (error: Error) => void;
	downTimer: NodeJS.Timeout | undefined;
}

const UPDATES_SUBCLASS = 0x8af52aac;
/**
 * Digests of sessions Telegram invalidated with AUTH_KEY_DUPLICATED in this process: the key is
 * dead, so they are never connected again (no reconnect loop); a new session string is a new digest.
 */
const duplicatedSessions = new Set<string>();
const isDuplicated = (error: unknown) => error instanceof RPCError && error.errorMessage === 'AUTH_KEY_DUPLICATED';
const sessionDigest = (session: string) => createHash('sha256').update(session).digest('hex');
/** Bytes per upload.getFile: Telegram's parts are multiples of 4 KB that divide 1 MB. */
const DOWNLOAD_PART = 512 * 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class AccountClient {
	readonly entities = new EntityStore();
	/** tg print names of every known peer, by id order (kept by the entity store). */
	readonly names = this.entities.names;
	/** Pool bookkeeping: users holding the account, and calls under way. */
	refs = 0;
	inFlight = 0;
	/** Set once every dialog was fetched (see helpers/dialogs). */
	dialogsLoaded: Promise<void> | undefined;
	private self: Api.User | undefined;
	private selfPromise: Promise<Api.User> | undefined;
	private readonly updateListeners = new Set<RawUpdatesListener>();
	private readonly stateListeners = new Set<ConnectionStateListener>();
	private readonly closeHooks: (() => Promise<void>)[] = [];
	/** Rejects every waiting call when the server no longer knows the auth key. */
	private readonly waiting = new Set<Waiting>();
	private broken: Error | undefined;
	/** The credential's secrets, to cut out of errors raised far from the credential (the trigger's). */
	private secretTexts: string[] = [];
	/** Connection state as GramJS reports it (see onConnectionState). */
	private up = false;
	/** The transport connected at least once (tells "no answer" from "timed out"). */
	private accepted = false;
	private downSince: number | undefined;
	private lastConnectError: unknown;
	private closed = false;
	private reconnectTimer: NodeJS.Timeout | undefined;
	private reconnectAttempts = 0;
	private sessionDigest = '';

	private constructor(
		readonly client: TelegramClient,
		private readonly timeouts: Timeouts,
		private readonly target: ConnectTarget,
	) {}

	static async open(credentials: TglCredentials, timeouts: Timeouts = DEFAULT_TIMEOUTS): Promise<AccountClient> {
		const digest = sessionDigest(credentials.session);
		if (duplicatedSessions.has(digest)) throw new RPCError('AUTH_KEY_DUPLICATED', undefined as never, 406);
		const session = await checkCredentials(credentials);
		const target = connectTargetOf(credentials, session);
		const override = credentials.serverHost || credentials.serverPort;
		const client = new TelegramClient(session, credentials.apiId, credentials.apiHash, {
			// Never let GramJS sleep on its own: the nodes decide how long a FLOOD_WAIT may be waited out.
			floodSleepThreshold: 0,
			// Per connect; when GramJS gives up, watchConnection() tries again with backoff.
			connectionRetries: 2,
			retryDelay: 500,
			autoReconnect: true,
			baseLogger: new Logger(LogLevel.NONE),
			deviceModel: 'n8n-nodes-tgl',
			appVersion: '0.1.0',
			...(override ? { connection: connectionTo(target.host, target.port) } : {}),
			...(credentials.proxy ? { proxy: gramJsProxy(credentials.proxy, timeouts.connectMs) } : {}),
		});
		const account = new AccountClient(client, timeouts, target);
		account.secretTexts = secretsOf(credentials);
		account.sessionDigest = digest;
		account.hookUpdates();
		// GramJS returns false after its attempts and hands each attempt's error only to onError.
		client.onError = async (error) => {
			if (!account.up) account.lastConnectError = error;
		};
		try {
			const connected = await account.guard(client.connect(), timeouts.connectMs, 'connecting to Telegram').catch((error) => {
				throw error instanceof NoAnswerError ? connectFailure('timeout', target, timeouts.connectMs, account.accepted) : error;
			});
			if (!connected) throw connectFailure(account.lastConnectError, target, timeouts.connectMs);
		} catch (error) {
			account.closed = true;
			if (isDuplicated(error)) duplicatedSessions.add(digest);
			await destroyClient(client).catch(() => undefined);
			throw error;
		}
		return account;
	}

	/** Texts that must never show in an error or log line (see credentials `secretsOf`). */
	secrets(): string[] {
		return [...this.secretTexts];
	}

	/**
	 * False once the connection has been down for the connect timeout: the pool then replaces
	 * this client on next use (it keeps reconnecting for whoever still holds it).
	 */
	get usable(): boolean {
		return !this.closed && (this.downSince === undefined || Date.now() - this.downSince < this.timeouts.connectMs);
	}

	/** The logged-in user, asked once per connection. */
	async me(): Promise<Api.User> {
		if (this.self) return this.self;
		this.selfPromise ??= this.call(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] })).then((users) => {
			const me = users[0];
			if (!(me instanceof Api.User)) throw new RPCError('AUTH_KEY_UNREGISTERED', undefined as never, 401);
			this.self = me;
			return me;
		});
		try {
			return await this.selfPromise;
		} catch (error) {
			this.selfPromise = undefined;
			throw error;
		}
	}

	get selfId(): number | undefined {
		return this.self ? this.self.id.toJSNumber() : undefined;
	}

	/** What the tgl mappers need: self, print names, and every peer seen so far. */
	async mapContext(): Promise<MapContext> {
		const me = await this.me();
		return { selfId: me.id.toJSNumber(), names: this.names, peer: (p) => this.entities.ofPeer(p) };
	}

	/** Counts work in flight so the pool never closes the connection under it. */
	async track<T>(work: () => Promise<T>): Promise<T> {
		this.inFlight++;
		try {
			return await work();
		} finally {
			this.inFlight--;
		}
	}

	/**
	 * Invokes a request: counts it in flight, learns entities, feeds returned updates to listeners.
	 * Rate limits are waited out up to the Request Settings of the work under way (call-options).
	 */
	async call<R extends Api.AnyRequest>(request: R, target: CallTarget = {}): Promise<R['__response']> {
		const { floodWaitMaxSeconds = 0 } = currentCallOptions();
		return this.track(async () => {
			for (;;) {
				try {
					let result: unknown = await this.guard(this.client.invoke(request, target.dcId), this.timeouts.requestMs, request.className);
					if (result instanceof Api.UpdateShortSentMessage && this.self) {
						result = expandSentMessage(request, result, this.self.id.toJSNumber()) ?? result;
					}
					// Our own deletes and reads move the common pts; say so, or the engine would see a gap.
					// (messages.unpinAllMessages in a channel answers the channel's pts, not the common one.)
					const inChannel = (request as { peer?: unknown }).peer instanceof Api.InputPeerChannel;
					if ((result instanceof Api.messages.AffectedMessages || result instanceof Api.messages.AffectedHistory) && request.className.startsWith('messages.') && !inChannel) {
						this.emitUpdates(ptsAdvance(result.pts, result.ptsCount));
					}
					// createChat, addChatUser and inviteToChannel wrap their Updates in messages.invitedUsers.
					const updates = result instanceof Api.messages.InvitedUsers ? result.updates : result;
					this.entities.absorb(updates);
					if ((updates as { SUBCLASS_OF_ID?: number })?.SUBCLASS_OF_ID === UPDATES_SUBCLASS) {
						// GramJS does not dispatch updates that come back as results; the update engine needs them.
						this.emitUpdates(updates as Api.TypeUpdates);
					}
					return result as R['__response'];
				} catch (error) {
					// Reported as failed, so it must never go out after a later reconnect.
					if (error instanceof ConnectionLostError || error instanceof NoAnswerError) withdrawRequest(this.client, request, error);
					if (error instanceof FloodWaitError && error.seconds <= floodWaitMaxSeconds) {
						await sleep(error.seconds * 1000);
						continue;
					}
					if (isDuplicated(error)) this.stopDuplicated(error as RPCError);
					throw error;
				}
			}
		});
	}

	onUpdates(listener: RawUpdatesListener): () => void {
		this.updateListeners.add(listener);
		return () => this.updateListeners.delete(listener);
	}

	onConnectionStateChange(listener: ConnectionStateListener): () => void {
		this.stateListeners.add(listener);
		return () => this.stateListeners.delete(listener);
	}

	/** Work that must run before the connection closes (e.g. deletions waiting in an undo window). */
	beforeClose(hook: () => Promise<void>): void {
		this.closeHooks.push(hook);
	}

	async close(): Promise<void> {
		this.closed = true;
		clearTimeout(this.reconnectTimer);
		for (const hook of this.closeHooks.splice(0)) await hook().catch(() => undefined);
		this.updateListeners.clear();
		this.stateListeners.clear();
		await destroyClient(this.client);
	}

	/**
	 * Downloads a file part by part (upload.getFile through `call`: each part has the request
	 * timeout, and rate limits are waited out as `call` does) from the DC that stores
	 * it: `dcId`, or the one a FILE_MIGRATE_X answer names, reached with an exported authorization.
	 * `sink` may apply backpressure; a failure stops the download. Resolves with the byte count.
	 */
	async download(
		location: Api.TypeInputFileLocation,
		options: { dcId?: number; fileSize?: number },
		sink: (chunk: Buffer) => void | Promise<void>,
	): Promise<number> {
		return this.track(async () => {
			const home = this.client.session.dcId;
			const callOn = async <R extends Api.AnyRequest>(dcId: number, request: R): Promise<R['__response']> => {
				if (dcId === home) return this.call(request);
				await routeToDc(this.client, dcId, () => this.call(new Api.help.GetConfig()));
				return this.call(request, { dcId });
			};
			let dcId = options.dcId || home;
			let migrated = false;
			let offset = 0;
			for (;;) {
				const request = new Api.upload.GetFile({ location, offset: returnBigInt(offset), limit: DOWNLOAD_PART });
				let part: Api.upload.TypeFile;
				try {
					part = await callOn(dcId, request);
				} catch (error) {
					// Telegram names the DC that stores the file; asked there, it must not send us on again.
					if (error instanceof FileMigrateError && !migrated && error.newDc !== dcId) {
						migrated = true;
						dcId = error.newDc;
						continue;
					}
					throw error;
				}
				if (!(part instanceof Api.upload.File)) throw new Error('Telegram sent this file through a CDN, which is not supported');
				if (part.bytes.length) await sink(part.bytes);
				offset += part.bytes.length;
				if (part.bytes.length < DOWNLOAD_PART || (options.fileSize && offset >= options.fileSize)) return offset;
			}
		});
	}

	/**
	 * Races a GramJS promise against a timeout, a broken auth key, and a connection that stays
	 * down: while it is down the work may wait for the reconnect only up to the connect timeout.
	 */
	private guard<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
		if (this.broken) {
			work.catch(() => undefined); // e.g. GramJS refusing to send on the closed connection
			return Promise.reject(this.broken);
		}
		return new Promise<T>((resolve, reject) => {
			const done = () => {
				clearTimeout(timer);
				clearTimeout(waiter.downTimer);
				this.waiting.delete(waiter);
			};
			const fail = (error: Error) => {
				done();
				reject(error);
			};
			const timer = setTimeout(() => fail(new NoAnswerError(`Telegram did not answer within ${Math.round(ms / 1000)} s (${what})`)), ms);
			const waiter: Waiting = { fail, downTimer: undefined };
			this.waiting.add(waiter);
			if (this.downSince !== undefined) this.waitForReconnect(waiter);
			work.then(
				(value) => {
					done();
					resolve(value);
				},
				fail,
			);
		});
	}

	/** A call waiting while the connection is down fails once it has waited the connect timeout. */
	private waitForReconnect(waiter: Waiting): void {
		if (waiter.downTimer) return;
		waiter.downTimer = setTimeout(() => {
			const last = this.lastConnectError === undefined ? undefined : connectFailure(this.lastConnectError, this.target, this.timeouts.connectMs);
			waiter.fail(connectionLost(this.target, this.timeouts.connectMs, last));
		}, this.timeouts.connectMs);
	}

	/**
	 * Telegram invalidated the session (used from two places at once): every waiting and later call
	 * fails with this error, the connection closes, and this process never reconnects with it.
	 */
	private stopDuplicated(error: RPCError): void {
		if (this.broken) return;
		this.closed = true; // no reconnect with a session Telegram ended
		duplicatedSessions.add(this.sessionDigest);
		this.broken = error;
		for (const w of [...this.waiting]) w.fail(error);
		for (const listener of this.stateListeners) listener('broken');
		void destroyClient(this.client).catch(() => undefined);
	}

	private onConnectionState(update: UpdateConnectionState): void {
		const state =
			update.state === UpdateConnectionState.connected ? 'connected' : update.state === UpdateConnectionState.broken ? 'broken' : 'disconnected';
		if (state === 'broken') {
			// GramJS leaves every request pending when the server forgets the auth key (-404).
			this.broken = new RPCError('AUTH_KEY_UNREGISTERED', undefined as never, 401);
			for (const w of [...this.waiting]) w.fail(this.broken);
		} else if (state === 'connected') {
			this.up = true;
			this.accepted = true;
			this.downSince = undefined;
			this.lastConnectError = undefined;
			this.reconnectAttempts = 0;
			clearTimeout(this.reconnectTimer);
			this.reconnectTimer = undefined;
			for (const w of this.waiting) {
				clearTimeout(w.downTimer);
				w.downTimer = undefined;
			}
		} else if (this.accepted && !this.closed) {
			// Before the first connect, open() has its own timeout and sentence.
			this.up = false;
			this.downSince ??= Date.now();
			for (const w of this.waiting) this.waitForReconnect(w);
			this.watchConnection();
		}
		for (const listener of this.stateListeners) listener(state);
	}

	/**
	 * GramJS reconnects on its own a few times and then gives up for good (its sender stays
	 * disconnected). While the account is open, connect again with a growing pause (1 s … 8 s).
	 */
	private watchConnection(): void {
		if (this.reconnectTimer || this.closed) return;
		const gaveUp = () => {
			const sender = this.client._sender as unknown as { isConnected(): boolean; isReconnecting?: boolean; isConnecting?: boolean } | undefined;
			return !!sender && !sender.isConnected() && !sender.isReconnecting && !sender.isConnecting;
		};
		const pause = gaveUp() ? Math.min(8000, 1000 * 2 ** this.reconnectAttempts++) : 1000;
		this.reconnectTimer = setTimeout(() => {
			this.reconnectTimer = undefined;
			if (this.closed || this.up) return;
			const attempt = gaveUp() ? this.client.connect().catch((error) => void (this.lastConnectError = error)) : Promise.resolve();
			void attempt.then(() => {
				if (!this.up) this.watchConnection();
			});
		}, pause);
		this.reconnectTimer.unref();
	}

	private emitUpdates(updates: Api.TypeUpdates): void {
		this.entities.absorb(updates);
		for (const listener of this.updateListeners) listener(updates);
	}

	/**
	 * Takes GramJS's update callback as soon as connect() creates the sender: the engine gets
	 * whole containers (with pts/seq), and connection states arrive even when the auth key is
	 * broken (GramJS's own dispatch first calls getMe, which then never answers).
	 */
	private hookUpdates(): void {
		type Sender = { _updateCallback?: (c: unknown, u: unknown) => void };
		let sender: Sender | undefined;
		Object.defineProperty(this.client, '_sender', {
			configurable: true,
			get: () => sender,
			set: (value: Sender | undefined) => {
				sender = value;
				if (!value) return;
				readWholeContainers(value);
				value._updateCallback = (_client, update) => {
					if (update instanceof UpdateConnectionState) this.onConnectionState(update);
					else if ((update as { SUBCLASS_OF_ID?: number })?.SUBCLASS_OF_ID === UPDATES_SUBCLASS) {
						this.emitUpdates(update as Api.TypeUpdates);
					}
				};
			},
		});
	}
}

/** A pts step taken by our own call, in the form the engine applies silently. */
function ptsAdvance(pts: number, ptsCount: number): Api.UpdateShortSentMessage {
	return new Api.UpdateShortSentMessage({ out: true, id: 0, pts, ptsCount, date: Math.floor(Date.now() / 1000) });
}

export function gramJsProxy(p: ProxySettings, connectMs: number): ProxyInterface {
	if (p.type === 'mtproxy') return { ip: p.host, port: p.port, secret: p.secret ?? '', MTProxy: true };
	// GramJS's SOCKS client waits 5 s unless told; the connect timeout is the user's setting.
	const timeout = Math.max(1, Math.round(connectMs / 1000));
	return { ip: p.host, port: p.port, socksType: 5, username: p.username, password: p.password, timeout };
}

/** Where GramJS will dial: the override, or the session's own address (GramJS uses port 80 there). */
function connectTargetOf(c: TglCredentials, session: StringSession): ConnectTarget {
	const override = c.serverHost || c.serverPort;
	const host = c.serverHost || session.serverAddress || '127.0.0.1';
	return { host, port: override ? c.serverPort || 443 : 80, proxy: c.proxy };
}
