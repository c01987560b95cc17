// The connection of one login: a GramJS client on a fresh session (no auth key yet), or on the
// not-yet-logged-in auth key of an earlier step (a login token carries it), its logger silenced, FLOOD_WAIT never slept on, and, with --server, every DC reached at that one
// address. When Telegram says the account lives on another DC (PHONE_MIGRATE_X, or a QR
// login's loginTokenMigrateTo), the login moves to a new client on DC X and the old one is
// destroyed: GramJS's own _switchDC leaves the old sender polling for an auth key forever,
// which would keep the process from exiting.
import { TelegramClient, type Api } from 'telegram';
import { Logger, LogLevel } from 'telegram/extensions/Logger';
import type { ProxyInterface } from 'telegram/network/connection/TCPMTProxy';
import { StringSession } from 'telegram/sessions';
import { connectionTo } from '../transport/server-connection';
import { destroyClient } from '../transport/destroy-client';
import { LoginFailure, withTimeout } from './errors';

/** Where every DC is reached instead of Telegram's addresses (a self-hosted or test server). */
export interface ServerAddress {
	host: string;
	port: number;
}

/** The DC a login to a --server starts on (the server answers *_MIGRATE_X when the account lives elsewhere). */
export const FIRST_DC = 2;
const VERSION = '0.1.0';
/** A request is sent to at most this many DCs in a row. */
const MAX_MOVES = 2;

export interface LoginLinkOptions {
	apiId: number;
	apiHash: string;
	server?: ServerAddress;
	connectMs: number;
	/** A SOCKS5 proxy or MTProxy in front of Telegram, as GramJS takes it. */
	proxy?: ProxyInterface;
	/** The session (DC, address, auth key) of an earlier step of the same login, to continue on. */
	resume?: string;
	/** Told after the login moved to another DC. */
	onMove?(dcId: number): void;
}

interface DcAddress {
	dcId: number;
	ipAddress: string;
	port: number;
}

/** Thrown from inside GramJS's invoke instead of its own DC switch. */
class DcMigration extends Error {
	constructor(readonly dcId: number) {
		super(`the account lives on DC ${dcId}`);
	}
}

/** GramJS calls _switchDC on PHONE_MIGRATE / NETWORK_MIGRATE / USER_MIGRATE: hand the move to LoginLink. */
class LoginClient extends TelegramClient {
	override async _switchDC(newDc: number): Promise<boolean> {
		throw new DcMigration(newDc);
	}
}

/** A login client whose every DC is the --server address. */
function pinnedClientClass(server: ServerAddress): typeof LoginClient {
	return class PinnedLoginClient extends LoginClient {
		override async getDC(dcId: number): Promise<{ id: number; ipAddress: string; port: number }> {
			return { id: dcId, ipAddress: server.host, port: sessionPort(server.port) };
		}
	};
}

/** StringSession keeps the port as a signed 16-bit number; a larger one is left to the credential's Server Port. */
function sessionPort(port: number): number {
	return port <= 0x7fff ? port : 443;
}

export class LoginLink {
	private constructor(
		private current: TelegramClient,
		private readonly options: LoginLinkOptions,
	) {}

	static async open(options: LoginLinkOptions): Promise<LoginLink> {
		if (options.resume !== undefined) return new LoginLink(await connectClient(options, undefined, options.resume), options);
		const first = options.server ? { dcId: FIRST_DC, ipAddress: options.server.host, port: sessionPort(options.server.port) } : undefined;
		return new LoginLink(await connectClient(options, first), options);
	}

	get client(): TelegramClient {
		return this.current;
	}

	get dcId(): number {
		return this.current.session.dcId;
	}

	/** Sends a request, following the account to its DC when Telegram says it lives elsewhere. */
	async invoke<R extends Api.AnyRequest>(request: R): Promise<R['__response']> {
		for (let moves = 0; ; moves++) {
			try {
				return await this.current.invoke(request);
			} catch (error) {
				if (!(error instanceof DcMigration) || moves >= MAX_MOVES) throw error;
				await this.moveTo(error.dcId);
			}
		}
	}

	/** Continues the login on DC `dcId` with a new auth key there. */
	async moveTo(dcId: number): Promise<void> {
		const dc = await this.current.getDC(dcId);
		const next = await connectClient(this.options, { dcId, ipAddress: dc.ipAddress, port: dc.port });
		const previous = this.current;
		this.current = next;
		await destroyClient(previous).catch(() => undefined);
		this.options.onMove?.(dcId);
	}

	/** The session string: DC, address and the auth key now bound to the account. */
	session(): string {
		return (this.current.session as StringSession).save();
	}

	async close(): Promise<void> {
		await destroyClient(this.current).catch(() => undefined);
	}
}

async function connectClient(options: LoginLinkOptions, dc: DcAddress | undefined, resume = ''): Promise<TelegramClient> {
	const session = new StringSession(resume);
	if (dc) session.setDC(dc.dcId, dc.ipAddress, dc.port);
	const { server } = options;
	const Client = server ? pinnedClientClass(server) : LoginClient;
	const client = new Client(session, options.apiId, options.apiHash, {
		baseLogger: new Logger(LogLevel.NONE),
		floodSleepThreshold: 0,
		connectionRetries: 2,
		retryDelay: 500,
		deviceModel: 'n8n-nodes-tgl',
		appVersion: VERSION,
		...(server ? { connection: connectionTo(server.host, server.port) } : {}),
		...(options.proxy ? { proxy: options.proxy } : {}),
	});
	const where = server ? `${server.host}:${server.port}` : 'Telegram';
	// GramJS only answers `false` when every attempt failed: keep the last reason to tell it.
	let reason = '';
	client.onError = async (error: Error) => {
		reason = error?.message ?? String(error);
	};
	try {
		const seconds = Math.round(options.connectMs / 1000);
		const connected = await withTimeout(client.connect(), options.connectMs, `could not reach ${where} within ${seconds} s`);
		if (!connected) throw new LoginFailure(`could not reach ${where}${reason ? `: ${reason}` : ''}`);
	} catch (error) {
		await destroyClient(client).catch(() => undefined);
		if (error instanceof LoginFailure) throw error;
		throw new LoginFailure(`could not reach ${where}: ${(error as Error)?.message ?? error}`);
	}
	return client;
}
