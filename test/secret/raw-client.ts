// A bare GramJS client on the loopback Telegram that records every update it receives: the
// secret-chat tests drive the protocol through it with raw invoke, as a node's client would.
import { Api, TelegramClient } from 'telegram';
import { Raw } from 'telegram/events';
import { StringSession } from 'telegram/sessions';
import { Logger, LogLevel } from 'telegram/extensions/Logger';
import { connectionTo } from '../../nodes/Tgl/transport/server-connection';
import { LOOPBACK_API_HASH, LOOPBACK_API_ID, type LoopbackTelegram } from '../telegram/loopback';
import { eventually } from '../support/eventually';

export interface RawClient {
	client: TelegramClient;
	/** The session string (its auth key): pass it again to reconnect as the same device. */
	session: string;
	updates: Api.TypeUpdate[];
	/** Waits for the first recorded update that matches, and returns it. */
	next<T extends Api.TypeUpdate>(match: (u: Api.TypeUpdate) => u is T, what: string): Promise<T>;
}

/** Connects a client: a new auth key of the user (another device), or `session` again (the same device). */
export async function rawClient(tg: LoopbackTelegram, userId: number, session?: string): Promise<RawClient> {
	const saved = session ?? (await tg.sessionFor(userId));
	const client = new TelegramClient(new StringSession(saved), LOOPBACK_API_ID, LOOPBACK_API_HASH, {
		connection: connectionTo(tg.host, tg.port),
		connectionRetries: 1,
		autoReconnect: false,
		baseLogger: new Logger(LogLevel.NONE),
	});
	const updates: Api.TypeUpdate[] = [];
	client.addEventHandler((update: Api.TypeUpdate) => void updates.push(update), new Raw({}));
	await client.connect();
	return {
		client,
		session: saved,
		updates,
		async next(match, what) {
			await eventually(() => updates.some(match), what);
			return updates.find(match) as never;
		},
	};
}
