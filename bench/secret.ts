// Secret-chat figure: messages per second each way through the accounts' SecretChatServices
// (encrypt, send, relay, decrypt, save), against plain messages between the same accounts in the
// same run. Time runs from the first send until the other side's service has every message.
import { randomBytes } from 'crypto';
import { mkdtemp, rm, stat } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import bigInt from 'big-integer';
import { Api } from 'telegram';
import { generateRandomLong } from 'telegram/Helpers';
import { SecretChat } from '../nodes/Tgl/secret/chat';
import { TELEGRAM_DH_PRIME } from '../nodes/Tgl/secret/dh';
import { journalPath } from '../nodes/Tgl/secret/history-journal';
import type { SecretServiceState, StoredMessage } from '../nodes/Tgl/secret/service';
import { StateFile, stateKey } from '../nodes/Tgl/secret/state-file';
import { SecretStateStore } from '../nodes/Tgl/secret/state-store';
import { clientPool } from '../nodes/Tgl/transport/client-pool';
import { toTglCredentials } from '../nodes/Tgl/transport/credentials';
import { secretChatsOf } from '../nodes/Tgl/transport/secret-chats';
import { engineFor } from '../nodes/Tgl/updates/registry';
import type { TestEnv } from '../test/support/env';

const N = 100;

const wait = async (check: () => boolean, what: string, ms = 600_000) => {
	const until = Date.now() + ms;
	while (!check()) {
		if (Date.now() > until) throw new Error(`bench timed out: ${what}`);
		await new Promise((r) => setTimeout(r, 5));
	}
};

export async function secretFigure(env: TestEnv): Promise<string> {
	const alice = env.world.addUser({ firstName: 'SecretA' });
	const bob = env.world.addUser({ firstName: 'SecretB' });
	const a = await clientPool.acquire(toTglCredentials((await env.credentials(alice.id)).tglApi as never));
	const b = await clientPool.acquire(toTglCredentials((await env.credentials(bob.id)).tglApi as never));
	try {
		const [hubA, hubB] = [await secretChatsOf(a), await secretChatsOf(b)];
		const got = { a: 0, b: 0 };
		hubA.listen({ message: () => void got.a++ });
		hubB.listen({ acceptIncoming: true, message: () => void got.b++ });
		const chat = await hubA.service.create(new Api.InputUser({ userId: bigInt(bob.id), accessHash: env.world.user(bob.id)!.accessHash }), bob.id);
		await wait(() => hubB.service.chatById(chat.id)?.state === 'working' && hubA.service.chatById(chat.id)?.state === 'working', 'the chat working');

		const secretRate = async (from: typeof hubA, counter: 'a' | 'b') => {
			const start = process.hrtime.bigint();
			for (let n = 0; n < N; n++) await from.service.sendText(chat.id, `secret ${n}`);
			await wait(() => got[counter] >= N, 'secret messages');
			return (N / (Number(process.hrtime.bigint() - start) / 1e6)) * 1000;
		};
		const aToB = await secretRate(hubA, 'b');
		const bToA = await secretRate(hubB, 'a');

		// Plain messages between the same two accounts, counted on Bob's update engine.
		let plain = 0;
		const engine = engineFor(b);
		await engine.start();
		const stop = engine.subscribe({ onEvent: (e) => void (e.type === 'message' && !e.message.out && plain++) });
		const peer = new Api.InputPeerUser({ userId: bigInt(bob.id), accessHash: env.world.user(bob.id)!.accessHash });
		const start = process.hrtime.bigint();
		for (let n = 0; n < N; n++) await a.call(new Api.messages.SendMessage({ peer, message: `plain ${n}`, randomId: generateRandomLong() }));
		await wait(() => plain >= N, 'plain messages');
		const plainRate = (N / (Number(process.hrtime.bigint() - start) / 1e6)) * 1000;
		stop();
		return (
			`(secret) ${N} messages each way: secret ${aToB.toFixed(0)} msg/s creator→acceptor, ${bToA.toFixed(0)} msg/s acceptor→creator; ` +
			`plain ${plainRate.toFixed(0)} msg/s (each secret message: encrypt, send, decrypt, and the state saved with fsync on both sides)`
		);
	} finally {
		clientPool.release(a);
		clientPool.release(b);
	}
}

const HISTORY = 20_000;
const MORE = 200;

/**
 * What saving one more message costs when a chat already has 20 000 in its history: the disk
 * work of the service's save() per received message, with the history in the append-only journal
 * (now), against the whole state with the history inside rewritten and fsynced (as before).
 */
export async function secretHistoryFigure(): Promise<string> {
	const dir = await mkdtemp(join(tmpdir(), 'tgl-bench-history-'));
	try {
		const chatId = 7;
		const message = (id: number): StoredMessage => ({
			id,
			randomId: randomBytes(8).readBigInt64LE(),
			out: id % 2 === 0,
			date: 1_700_000_000 + id,
			delivered: true,
			message: { _: 'message', randomId: randomBytes(8).readBigInt64LE(), ttl: 0, message: `message number ${id}: ${'x'.repeat(60)}` },
		});
		const fresh = (): SecretServiceState => ({
			qts: 1,
			chats: {
				[chatId]: {
					id: chatId,
					accessHash: 1n,
					userId: 2,
					creator: true,
					state: 'working',
					date: 1,
					chat: new SecretChat(true, randomBytes(256), { dh: { g: 3, p: TELEGRAM_DH_PRIME } }).snapshot(),
					sent: {},
					history: Array.from({ length: HISTORY }, (_, n) => message(n + 1)),
					lastId: HISTORY,
				},
			},
		});
		const grow = (state: SecretServiceState) => {
			const record = state.chats[chatId];
			record.lastId = (record.lastId ?? 0) + 1;
			const stored = message(record.lastId);
			record.history.push(stored);
			return stored;
		};
		const timed = async (step: () => Promise<void>) => {
			const start = process.hrtime.bigint();
			for (let n = 0; n < MORE; n++) await step();
			return Number(process.hrtime.bigint() - start) / 1e6 / MORE;
		};

		// Before: one encrypted file with everything, rewritten atomically per message.
		const oldFile = new StateFile<SecretServiceState>(join(dir, 'old.state'), stateKey(randomBytes(256)));
		await oldFile.lock();
		const oldState = fresh();
		await oldFile.save(oldState);
		const oldBytes = (await stat(oldFile.path)).size;
		const oldMs = await timed(async () => {
			grow(oldState);
			await oldFile.save(oldState);
		});
		await oldFile.unlock();

		// Now: the history migrates into the journal once; each message is one append plus the small state file.
		const newFile = new StateFile<SecretServiceState>(join(dir, 'new.state'), stateKey(randomBytes(256)));
		await newFile.lock();
		await newFile.save(fresh());
		await newFile.unlock();
		const store = new SecretStateStore(newFile);
		const newState = await store.open();
		const journalBefore = (await stat(journalPath(newFile.path))).size;
		const newMs = await timed(async () => {
			store.note({ t: 'add', chat: chatId, m: grow(newState) });
			await store.save(newState);
		});
		const stateBytes = (await stat(newFile.path)).size;
		const appended = ((await stat(journalPath(newFile.path))).size - journalBefore) / MORE;
		await store.close();
		return (
			`(secret history) one more message with ${HISTORY} already saved: ${newMs.toFixed(2)} ms (journal append ${appended.toFixed(0)} B + state file ${stateBytes} B, both fsynced) ` +
			`vs ${oldMs.toFixed(2)} ms rewriting the whole ${(oldBytes / 1e6).toFixed(1)} MB state file as before (${(oldMs / newMs).toFixed(0)}× faster)`
		);
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}
