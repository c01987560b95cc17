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
	updates: Api.TypeUpdate[];
	/** Waits for the first recorded update that matches, and returns it. */
	next<T extends Api.TypeUpdate>(match: (u: Api.TypeUpdate) => u is T, what: string): Promise<T>;
}

/** Connects a new client with a new auth key of the user (each call is another device). */
export async function rawClient(tg: LoopbackTelegram, userId: number): Promise<RawClient> {
	const client = new TelegramClient(new StringSession(await tg.sessionFor(userId)), LOOPBACK_API_ID, LOOPBACK_API_HASH, {
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
		updates,
		async next(match, what) {
			await eventually(() => updates.some(match), what);
			return updates.find(match) as never;
		},
	};
}
