// The loopback Telegram: the MTProto server with the in-memory world behind it. Tests start one
// per suite, create accounts in `world`, and log GramJS (or the nodes) in with `sessionFor`.
import { StringSession } from 'telegram/sessions';
import { AuthKey } from 'telegram/crypto/AuthKey';
import { MtprotoServer } from './mtproto/server';
import { RateLimiter } from './mtproto/rate-limits';
import { World } from './world';
import { createHandlers } from './handlers';

export const LOOPBACK_API_ID = 611335;
export const LOOPBACK_API_HASH = 'd524b414d21f4d37f08684c1df41ac9c';

export interface LoopbackCredentials {
	apiId: number;
	apiHash: string;
	session: string;
	serverHost: string;
	serverPort: number;
}

export class LoopbackTelegram {
	readonly host = '127.0.0.1';

	private constructor(
		readonly server: MtprotoServer,
		readonly world: World,
		readonly port: number,
		/** Every DC's server by DC id: the main one (`server`) and the file DCs. */
		readonly dcs: ReadonlyMap<number, MtprotoServer>,
		readonly limiter: RateLimiter,
	) {}

	/**
	 * The main DC (2) and a second DC (4) sharing one world, each on its own port. DC 4 stores the
	 * files of the users in `world.settings.fileDcs` and is reached, as on Telegram, through the
	 * address help.getConfig gives and an exported authorization.
	 */
	static async start(): Promise<LoopbackTelegram> {
		let world: World | undefined;
		const limiter = new RateLimiter(() => world?.settings.rateLimits ?? {});
		const server = new MtprotoServer({}, { limiter });
		world = new World(server);
		server.use(createHandlers(world));
		const port = await server.listen();
		const dcs = new Map<number, MtprotoServer>([[world.settings.dcId, server]]);
		for (const dcId of [4]) {
			const other = new MtprotoServer(createHandlers(world, dcId), { limiter });
			world.settings.otherDcs.push({ id: dcId, address: '127.0.0.1', port: await other.listen() });
			dcs.set(dcId, other);
		}
		return new LoopbackTelegram(server, world, port, dcs, limiter);
	}

	get faults() {
		return this.server.faults;
	}

	/**
	 * A StringSession for the account with a fresh pre-shared auth key. The session names
	 * 127.0.0.1:443, not the real port: StringSession stores the port as a signed 16-bit
	 * number, so clients reach the server through the serverHost/serverPort override.
	 */
	async sessionFor(userId: number): Promise<string> {
		const record = this.server.keys.create(userId);
		const session = new StringSession('');
		session.setDC(2, this.host, 443);
		const authKey = new AuthKey();
		await authKey.setKey(record.key);
		session.setAuthKey(authKey);
		return session.save();
	}

	async credentialsFor(userId: number): Promise<LoopbackCredentials> {
		return {
			apiId: LOOPBACK_API_ID,
			apiHash: LOOPBACK_API_HASH,
			session: await this.sessionFor(userId),
			serverHost: this.host,
			serverPort: this.port,
		};
	}

	/** Telegram goes away: connections drop and the port refuses new ones; the world stays. */
	async suspend(): Promise<void> {
		await this.server.suspend();
	}

	/** Telegram is back on the same port, with the same world and auth keys. */
	async resume(): Promise<void> {
		await this.server.resume();
	}

	async stop(): Promise<void> {
		await Promise.all([...this.dcs.values()].map((s) => s.close()));
	}
}
