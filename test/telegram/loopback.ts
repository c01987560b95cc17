// The loopback Telegram: the MTProto server with the in-memory world behind it. Tests start one
// per suite, create accounts in `world`, and log GramJS (or the nodes) in with `sessionFor`.
import { StringSession } from 'telegram/sessions';
import { AuthKey } from 'telegram/crypto/AuthKey';
import { MtprotoServer } from './mtproto/server';
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
	) {}

	static async start(): Promise<LoopbackTelegram> {
		const server = new MtprotoServer();
		const world = new World(server);
		server.use(createHandlers(world));
		const port = await server.listen();
		return new LoopbackTelegram(server, world, port);
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
		await this.server.close();
	}
}
