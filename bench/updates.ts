// Update figures: live throughput against raw GramJS, catch-up time, memory over many events.
import { Api, TelegramClient } from 'telegram';
import { Raw } from 'telegram/events';
import { Logger, LogLevel } from 'telegram/extensions/Logger';
import { StringSession } from 'telegram/sessions';
import { connectionTo } from '../nodes/Tgl/transport/server-connection';
import { destroyClient } from '../nodes/Tgl/transport/destroy-client';
import { clientPool } from '../nodes/Tgl/transport/client-pool';
import { toTglCredentials } from '../nodes/Tgl/transport/credentials';
import { engineFor } from '../nodes/Tgl/updates/registry';
import { UpdateStream } from '../nodes/Tgl/updates/update-stream';
import { withEntities } from '../nodes/Tgl/tgl/context';
import { toMsg } from '../nodes/Tgl/tgl/msg';
import type { TestEnv } from '../test/support/env';

const wait = async (check: () => boolean, what: string, ms = 600_000) => {
	const until = Date.now() + ms;
	while (!check()) {
		if (Date.now() > until) throw new Error(`bench timed out: ${what}`);
		await new Promise((r) => setImmediate(r));
	}
};

function sendMany(env: TestEnv, from: number, to: number, n: number, tag: string): void {
	for (let k = 0; k < n; k++) env.world.sendMessage(from, { userId: to }, `${tag} ${k}`);
}

/** Raw GramJS: pushes counted in a Raw event handler. */
async function rawThroughput(env: TestEnv, n: number): Promise<number> {
	const me = env.world.addUser({ firstName: 'Raw' });
	const friend = env.world.addUser({ firstName: 'Friend' });
	env.world.sendMessage(friend.id, { userId: me.id }, 'hello');
	const creds = await env.tg.credentialsFor(me.id);
	const client = new TelegramClient(new StringSession(creds.session), creds.apiId, creds.apiHash, {
		connection: connectionTo(creds.serverHost, creds.serverPort),
		baseLogger: new Logger(LogLevel.NONE),
	});
	await client.connect();
	await client.getMe();
	let got = 0;
	client.addEventHandler(() => void got++, new Raw({ types: [Api.UpdateShortMessage, Api.UpdateNewMessage] }));
	sendMany(env, friend.id, me.id, 1, 'warm'); // as for the engine below
	await wait(() => got >= 1, 'warm-up');
	got = 0;
	const start = process.hrtime.bigint();
	sendMany(env, friend.id, me.id, n, 'raw');
	await wait(() => got >= n, 'raw events');
	const ms = Number(process.hrtime.bigint() - start) / 1e6;
	await destroyClient(client);
	return (n / ms) * 1000;
}

/** Ours: the account's update engine, each event mapped to a tgl Msg as the trigger does. */
async function engineThroughput(env: TestEnv, n: number): Promise<number> {
	const me = env.world.addUser({ firstName: 'Engine' });
	const friend = env.world.addUser({ firstName: 'Friend' });
	env.world.sendMessage(friend.id, { userId: me.id }, 'hello');
	const account = await clientPool.acquire(toTglCredentials((await env.credentials(me.id)).tglApi as never));
	const engine = engineFor(account);
	await engine.start();
	const ctx = await account.mapContext();
	let got = 0;
	const unsubscribe = engine.subscribe({
		onEvent: (e) => {
			if (e.type === 'message') {
				toMsg(e.message, withEntities(ctx, e.users, e.chats));
				got++;
			}
		},
	});
	// One message first: its short update names a sender the client has not met, which costs one
	// getDifference (that would otherwise swallow the whole burst and measure catch-up, not pushes).
	sendMany(env, friend.id, me.id, 1, 'warm');
	await wait(() => got >= 1, 'warm-up');
	got = 0;
	const start = process.hrtime.bigint();
	sendMany(env, friend.id, me.id, n, 'engine');
	await wait(() => got >= n, 'engine events');
	const ms = Number(process.hrtime.bigint() - start) / 1e6;
	unsubscribe();
	clientPool.release(account);
	return (n / ms) * 1000;
}

/** What a restarted trigger does first: getDifference from its saved cursor, each message mapped. */
async function catchUp(env: TestEnv, n: number): Promise<number> {
	const me = env.world.addUser({ firstName: 'Sleeper' });
	const friend = env.world.addUser({ firstName: 'Friend' });
	const account = await clientPool.acquire(toTglCredentials((await env.credentials(me.id)).tglApi as never));
	const state = await account.call(new Api.updates.GetState());
	const ctx = await account.mapContext();
	sendMany(env, friend.id, me.id, n, 'missed');
	let got = 0;
	const start = process.hrtime.bigint();
	const stream = new UpdateStream(account, { pts: state.pts, qts: state.qts, seq: state.seq, date: state.date, channels: {} }, async (e) => {
		if (e.type === 'message') {
			toMsg(e.message, withEntities(ctx, e.users, e.chats));
			got++;
		}
	});
	await stream.difference();
	const ms = Number(process.hrtime.bigint() - start) / 1e6;
	if (got !== n) throw new Error(`catch-up got ${got} of ${n}`);
	clientPool.release(account);
	return ms;
}

const heap = () => {
	(globalThis as { gc?: () => void }).gc?.();
	return process.memoryUsage().heapUsed / 2 ** 20;
};

/** What the loopback server itself keeps for n messages (it runs in this process too). */
function worldGrowth(env: TestEnv, n: number): number {
	const a = env.world.addUser({ firstName: 'Quiet' });
	const b = env.world.addUser({ firstName: 'Friend' });
	const before = heap();
	sendMany(env, b.id, a.id, n, 'mem');
	return heap() - before;
}

async function memory(env: TestEnv, n: number): Promise<{ before: number; after: number }> {
	const me = env.world.addUser({ firstName: 'Busy' });
	const friend = env.world.addUser({ firstName: 'Friend' });
	env.world.sendMessage(friend.id, { userId: me.id }, 'hello');
	const account = await clientPool.acquire(toTglCredentials((await env.credentials(me.id)).tglApi as never));
	const engine = engineFor(account);
	await engine.start();
	const ctx = await account.mapContext();
	let got = 0;
	const unsubscribe = engine.subscribe({
		onEvent: (e) => {
			if (e.type === 'message') {
				toMsg(e.message, withEntities(ctx, e.users, e.chats));
				got++;
			}
		},
	});
	// Warm up so that JIT and first-use caches are not counted as growth.
	sendMany(env, friend.id, me.id, 1000, 'warm');
	await wait(() => got >= 1000, 'warm-up');
	const before = heap();
	for (let sent = 0; sent < n; sent += 1000) {
		sendMany(env, friend.id, me.id, 1000, 'mem');
		await wait(() => got >= 1000 + sent + 1000, 'memory events');
	}
	// The world (the server side, same process) keeps every message; subtract what it holds by measuring it apart.
	const after = heap();
	unsubscribe();
	clientPool.release(account);
	return { before, after };
}

export async function updateFigures(env: TestEnv): Promise<string[]> {
	const n = 10_000;
	const raw = await rawThroughput(env, n);
	const ours = await engineThroughput(env, n);
	const catchUpMs = await catchUp(env, n);
	const world = worldGrowth(env, 100_000);
	const mem = await memory(env, 100_000);
	return [
		`(c) live updates, ${n} pushed messages: engine ${ours.toFixed(0)} events/s, raw GramJS ${raw.toFixed(0)} events/s, ratio ${(ours / raw).toFixed(2)}`,
		`(d) catch-up of ${n} messages missed while stopped (getDifference from the saved cursor): ${(catchUpMs / 1000).toFixed(2)} s`,
		`(e) 100,000 events through the engine: heap ${mem.before.toFixed(0)} MB → ${mem.after.toFixed(0)} MB; ` +
			`the loopback server alone grows ${world.toFixed(0)} MB for as many messages, so the client side kept ${(mem.after - mem.before - world).toFixed(0)} MB`,
	];
}
