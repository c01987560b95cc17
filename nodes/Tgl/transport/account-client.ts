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
import type { MapContext } from '../tgl/context';
import { expandSentMessage } from '../updates/short-updates';
import type { ProxySettings, TglCredentials } from './credentials';
import type { ProxyInterface } from 'telegram/network/connection/TCPMTProxy';

export type RawUpdatesListener = (updates: Api.TypeUpdates) => void;
export type ConnectionStateListener = (state: 'connected' | 'disconnected' | 'broken') => void;

export interface CallOptions {
	/** FLOOD_WAIT up to this many seconds is waited out and the call retried; longer fails. */
	floodWaitMaxSeconds?: number;
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
	private readonly waiting = new Set<(error: Error) => void>();
	private broken: Error | undefined;
	private sessionDigest = '';

	private constructor(
		readonly client: TelegramClient,
		private readonly timeouts: Timeouts,
	) {}

	static async open(credentials: TglCredentials, timeouts: Timeouts = DEFAULT_TIMEOUTS): Promise<AccountClient> {
		const digest = sessionDigest(credentials.session);
		if (duplicatedSessions.has(digest)) throw new RPCError('AUTH_KEY_DUPLICATED', undefined as never, 406);
		const session = new StringSession(credentials.session);
		const override = credentials.serverHost || credentials.serverPort;
		const client = new TelegramClient(session, credentials.apiId, credentials.apiHash, {
			// Never let GramJS sleep on its own: the nodes decide how long a FLOOD_WAIT may be waited out.
			floodSleepThreshold: 0,
			connectionRetries: 3,
			retryDelay: 500,
			autoReconnect: true,
			baseLogger: new Logger(LogLevel.NONE),
			deviceModel: 'n8n-nodes-tgl',
			appVersion: '0.1.0',
			...(override
				? { connection: connectionTo(credentials.serverHost || (await sessionHost(session)), credentials.serverPort || 443) }
				: {}),
			...(credentials.proxy ? { proxy: gramJsProxy(credentials.proxy) } : {}),
		});
		const account = new AccountClient(client, timeouts);
		account.sessionDigest = digest;
		account.hookUpdates();
		try {
			await account.guard(client.connect(), timeouts.connectMs, 'connecting to Telegram');
		} catch (error) {
			if (isDuplicated(error)) duplicatedSessions.add(digest);
			await client.destroy().catch(() => undefined);
			throw error;
		}
		return account;
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

	/** Invokes a request: counts it in flight, learns entities, feeds returned updates to listeners. */
	async call<R extends Api.AnyRequest>(request: R, options: CallOptions = {}): Promise<R['__response']> {
		return this.track(async () => {
			for (;;) {
				try {
					let result: unknown = await this.guard(this.client.invoke(request, options.dcId), this.timeouts.requestMs, request.className);
					if (result instanceof Api.UpdateShortSentMessage && this.self) {
						result = expandSentMessage(request, result, this.self.id.toJSNumber()) ?? result;
					}
					// Our own deletes and reads move the common pts; say so, or the engine would see a gap.
					if ((result instanceof Api.messages.AffectedMessages || result instanceof Api.messages.AffectedHistory) && request.className.startsWith('messages.')) {
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
					if (error instanceof FloodWaitError && error.seconds <= (options.floodWaitMaxSeconds ?? 0)) {
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
		for (const hook of this.closeHooks.splice(0)) await hook().catch(() => undefined);
		this.updateListeners.clear();
		this.stateListeners.clear();
		await destroyClient(this.client);
	}

	/**
	 * Downloads a file part by part (upload.getFile through `call`: each part has the request
	 * timeout, and rate limits are waited out up to `floodWaitMaxSeconds`) from the DC that stores
	 * it: `dcId`, or the one a FILE_MIGRATE_X answer names, reached with an exported authorization.
	 * `sink` may apply backpressure; a failure stops the download. Resolves with the byte count.
	 */
	async download(
		location: Api.TypeInputFileLocation,
		options: { dcId?: number; fileSize?: number; floodWaitMaxSeconds?: number },
		sink: (chunk: Buffer) => void | Promise<void>,
	): Promise<number> {
		return this.track(async () => {
			const home = this.client.session.dcId;
			const callOn = async <R extends Api.AnyRequest>(dcId: number, request: R): Promise<R['__response']> => {
				if (dcId === home) return this.call(request, { floodWaitMaxSeconds: options.floodWaitMaxSeconds });
				await routeToDc(this.client, dcId, () => this.call(new Api.help.GetConfig()));
				return this.call(request, { floodWaitMaxSeconds: options.floodWaitMaxSeconds, dcId });
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
	 * Races a GramJS promise against a timeout and a broken auth key. With `idle`, the timeout
	 * counts from the last `idle.kick()` (progress), not from the start.
	 */
	private guard<T>(work: Promise<T>, ms: number, what: string, idle?: { kick: () => void }): Promise<T> {
		if (this.broken) {
			work.catch(() => undefined); // e.g. GramJS refusing to send on the closed connection
			return Promise.reject(this.broken);
		}
		return new Promise<T>((resolve, reject) => {
			let settled = false;
			const fail = (error: Error) => {
				settled = true;
				clearTimeout(timer);
				this.waiting.delete(fail);
				reject(error);
			};
			const expire = () => fail(new Error(`Telegram did not answer within ${Math.round(ms / 1000)} s (${what})`));
			let timer = setTimeout(expire, ms);
			if (idle) {
				idle.kick = () => {
					if (settled) return;
					clearTimeout(timer);
					timer = setTimeout(expire, ms);
				};
			}
			this.waiting.add(fail);
			work.then(
				(value) => {
					settled = true;
					clearTimeout(timer);
					this.waiting.delete(fail);
					resolve(value);
				},
				(error) => fail(error),
			);
		});
	}

	/**
	 * Telegram invalidated the session (used from two places at once): every waiting and later call
	 * fails with this error, the connection closes, and this process never reconnects with it.
	 */
	private stopDuplicated(error: RPCError): void {
		if (this.broken) return;
		duplicatedSessions.add(this.sessionDigest);
		this.broken = error;
		for (const fail of [...this.waiting]) fail(error);
		for (const listener of this.stateListeners) listener('broken');
		void destroyClient(this.client).catch(() => undefined);
	}

	private onConnectionState(update: UpdateConnectionState): void {
		const state =
			update.state === UpdateConnectionState.connected ? 'connected' : update.state === UpdateConnectionState.broken ? 'broken' : 'disconnected';
		if (state === 'broken') {
			// GramJS leaves every request pending when the server forgets the auth key (-404).
			this.broken = new RPCError('AUTH_KEY_UNREGISTERED', undefined as never, 401);
			for (const fail of [...this.waiting]) fail(this.broken);
		}
		for (const listener of this.stateListeners) listener(state);
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

function gramJsProxy(p: ProxySettings): ProxyInterface {
	if (p.type === 'mtproxy') return { ip: p.host, port: p.port, secret: p.secret ?? '', MTProxy: true };
	return { ip: p.host, port: p.port, socksType: 5, username: p.username, password: p.password };
}

async function sessionHost(session: StringSession): Promise<string> {
	await session.load();
	return session.serverAddress ?? '127.0.0.1';
}

