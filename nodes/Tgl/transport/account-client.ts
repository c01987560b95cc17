// One connected Telegram account: the GramJS client, what it has seen, and the single path
// (`call`) by which the nodes talk to Telegram.
import { Api, TelegramClient } from 'telegram';
import { FloodWaitError } from 'telegram/errors';
import { Logger, LogLevel } from 'telegram/extensions/Logger';
import { StringSession } from 'telegram/sessions';
import { UpdateConnectionState } from 'telegram/network';
import { EntityStore } from './entity-store';
import { PrintNames } from '../tgl/printName';
import type { MapContext } from '../tgl/context';
import { connectionTo } from './server-connection';
import { expandSentMessage } from '../updates/short-updates';
import type { TglCredentials } from './credentials';

export type RawUpdatesListener = (updates: Api.TypeUpdates) => void;
export type ConnectionStateListener = (state: 'connected' | 'disconnected' | 'broken') => void;

export interface CallOptions {
	/** FLOOD_WAIT up to this many seconds is waited out and the call retried; longer fails. */
	floodWaitMaxSeconds?: number;
}

const UPDATES_SUBCLASS = 0x8af52aac;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class AccountClient {
	readonly entities = new EntityStore();
	/** tg print names stay unique and stable for the life of the connection. */
	readonly names = new PrintNames();
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

	private constructor(readonly client: TelegramClient) {}

	static async open(credentials: TglCredentials): Promise<AccountClient> {
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
		});
		const account = new AccountClient(client);
		try {
			await client.connect();
		} catch (error) {
			await client.destroy().catch(() => undefined);
			throw error;
		}
		account.hookUpdates();
		return account;
	}

	/** The logged-in user, asked once per connection. */
	async me(): Promise<Api.User> {
		if (this.self) return this.self;
		this.selfPromise ??= this.call(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] })).then((users) => {
			const me = users[0];
			if (!(me instanceof Api.User)) throw new Error('the session is not logged in');
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

	/** What the tgl mappers need: self, print names, and every peer seen so far. */
	async mapContext(): Promise<MapContext> {
		const me = await this.me();
		return { selfId: me.id.toJSNumber(), names: this.names, peer: (p) => this.entities.ofPeer(p) };
	}

	get selfId(): number | undefined {
		return this.self ? this.self.id.toJSNumber() : undefined;
	}

	/** Invokes a request: counts it in flight, learns entities, feeds returned updates to listeners. */
	async call<R extends Api.AnyRequest>(request: R, options: CallOptions = {}): Promise<R['__response']> {
		this.inFlight++;
		try {
			for (;;) {
				try {
					let result: unknown = await this.client.invoke(request);
					if (result instanceof Api.UpdateShortSentMessage && this.self) {
						result = expandSentMessage(request, result, this.self.id.toJSNumber()) ?? result;
					}
					this.entities.absorb(result);
					if ((result as { SUBCLASS_OF_ID?: number })?.SUBCLASS_OF_ID === UPDATES_SUBCLASS) {
						// GramJS does not dispatch updates that come back as results; the update engine needs them.
						this.emitUpdates(result as Api.TypeUpdates);
					}
					return result as R['__response'];
				} catch (error) {
					if (error instanceof FloodWaitError && error.seconds <= (options.floodWaitMaxSeconds ?? 0)) {
						await sleep(error.seconds * 1000);
						continue;
					}
					throw error;
				}
			}
		} finally {
			this.inFlight--;
		}
	}

	onUpdates(listener: RawUpdatesListener): () => void {
		this.updateListeners.add(listener);
		return () => this.updateListeners.delete(listener);
	}

	onConnectionState(listener: ConnectionStateListener): () => void {
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
		// destroy(), not disconnect(): disconnect() leaves GramJS's ping loop running.
		await this.client.destroy();
		releaseExportedSenderTimers(this.client);
	}

	private emitUpdates(updates: Api.TypeUpdates): void {
		this.entities.absorb(updates);
		for (const listener of this.updateListeners) listener(updates);
	}

	/** Takes GramJS's update callback, so the engine sees whole containers (with pts/seq), not split updates. */
	private hookUpdates(): void {
		const sender = (this.client as unknown as { _sender: { _updateCallback?: (c: unknown, u: unknown) => void } })._sender;
		const original = sender._updateCallback;
		sender._updateCallback = (client, update) => {
			if (update instanceof UpdateConnectionState) {
				const state =
					update.state === UpdateConnectionState.connected
						? 'connected'
						: update.state === UpdateConnectionState.broken
							? 'broken'
							: 'disconnected';
				for (const listener of this.stateListeners) listener(state);
			} else if ((update as { SUBCLASS_OF_ID?: number })?.SUBCLASS_OF_ID === UPDATES_SUBCLASS) {
				this.emitUpdates(update as Api.TypeUpdates);
			}
			original?.(client, update);
		};
	}
}

async function sessionHost(session: StringSession): Promise<string> {
	await session.load();
	return session.serverAddress ?? '127.0.0.1';
}

/** After a file transfer GramJS keeps an exported sender and a 30 s release timer alive. */
function releaseExportedSenderTimers(client: TelegramClient): void {
	const timers = (client as unknown as { _exportedSenderReleaseTimeouts?: Map<number, NodeJS.Timeout> })
		._exportedSenderReleaseTimeouts;
	if (timers instanceof Map) {
		for (const t of timers.values()) clearTimeout(t);
		timers.clear();
	}
}
