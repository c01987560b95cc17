// How SecretChatService keeps history and sent bytes on disk (nodes/Tgl/secret/state-store.ts,
// history-journal.ts), through the loopback: a crash between the journal append and the state
// save brings the message back once with the same local id; the sealed bytes kept for resend
// requests are dropped once the peer acknowledges them, and a resend still works afterwards.
import { mkdtemp } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import bigInt from 'big-integer';
import { Api } from 'telegram';
import { Raw } from 'telegram/events';
import { LoopbackTelegram } from '../telegram/loopback';
import { secretChatsOf } from '../telegram/world/secret-chats';
import { eventually } from '../support/eventually';
import { rawClient, type RawClient } from './raw-client';
import { SecretChatService, type SecretServiceState, type StoredMessage } from '../../nodes/Tgl/secret/service';
import { StateFile, stateFileName, stateKey } from '../../nodes/Tgl/secret';

/** A state file whose next save dies before writing: the process "crashes" right after the journal append. */
class CrashingStateFile<T> extends StateFile<T> {
	crashNext = false;
	crashed = false;
	async save(value: T): Promise<void> {
		if (this.crashNext) {
			this.crashNext = false;
			this.crashed = true;
			throw new Error('crashed before the state save');
		}
		return super.save(value);
	}
}

let tg: LoopbackTelegram;
const clients: RawClient[] = [];
const services: SecretChatService[] = [];

beforeAll(async () => {
	tg = await LoopbackTelegram.start();
});

afterAll(async () => {
	for (const s of services) await s.stop();
	for (const c of clients) await c.client.destroy();
	await tg.stop();
});

interface Device {
	device: RawClient;
	service: SecretChatService;
	store: CrashingStateFile<SecretServiceState>;
	received: StoredMessage[];
	working: Set<number>;
}

async function run(userId: number, dir: string, options: { acceptIncoming?: boolean; session?: string } = {}): Promise<Device> {
	const device = await rawClient(tg, userId, options.session);
	clients.push(device);
	const authKey = device.client.session.getAuthKey()!.getKey()!;
	const store = new CrashingStateFile<SecretServiceState>(join(dir, stateFileName(authKey)), stateKey(authKey));
	const received: StoredMessage[] = [];
	const working = new Set<number>();
	const service = new SecretChatService(device.client, store, options, {
		chatUpdate: (chat, what) => void (what.includes('working') && working.add(chat.id)),
		message: (_chat, m) => void received.push(m),
	});
	await service.start();
	services.push(service);
	// A failed step (the simulated crash) is the test's to see, not an unhandled rejection.
	device.client.addEventHandler((update: Api.TypeUpdate) => void service.handleUpdate(update).catch(() => undefined), new Raw({}));
	return { device, service, store, received, working };
}

async function pair() {
	const aliceUser = tg.world.addUser({ firstName: 'Alice' });
	const bobUser = tg.world.addUser({ firstName: 'Bob' });
	const bobDir = await mkdtemp(join(tmpdir(), 'tgl-bob-'));
	const alice = await run(aliceUser.id, await mkdtemp(join(tmpdir(), 'tgl-alice-')));
	const bob = await run(bobUser.id, bobDir, { acceptIncoming: true });
	const { id } = await alice.service.create(new Api.InputUser({ userId: bigInt(bobUser.id), accessHash: bobUser.accessHash }), bobUser.id);
	await eventually(() => alice.working.has(id) && bob.working.has(id), 'the chat working on both sides');
	return { alice, bob, id, bobUser, bobDir };
}

const text = (m: StoredMessage) => (m.message._ === 'message' ? m.message.message : '?');

describe('secret-chat history and sent bytes on disk', () => {
	it('after a crash between the journal append and the state save, the message comes back once with the same local id', async () => {
		const { alice, bob, id, bobUser, bobDir } = await pair();
		await alice.service.sendText(id, 'one');
		await eventually(() => bob.received.length === 1, 'the first message');
		// Its last save (the qts, before the acknowledgement) done too: the crash is meant for 'two'.
		await eventually(() => [...secretChatsOf(tg.world).queues.values()].every((q) => q.events.length === 0), 'the first message acknowledged');
		const state = await bob.device.client.invoke(new Api.updates.GetState());

		bob.store.crashNext = true;
		await alice.service.sendText(id, 'two');
		await eventually(() => bob.store.crashed, 'the crash after the journal append');
		expect(bob.received.map(text)).toEqual(['one']);
		await bob.service.stop();
		await bob.device.client.destroy();

		const again = await run(bobUser.id, bobDir, { session: bob.device.session });
		expect(again.service.chatById(id)!.history.map((m) => [m.id, text(m)])).toEqual([[1, 'one']]);
		await again.service.catchUp(state); // from the saved qts: 'two' was never acknowledged
		expect(again.received.map((m) => [m.id, text(m)])).toEqual([[2, 'two']]);
		expect(again.service.chatById(id)!.history.map((m) => [m.id, text(m)])).toEqual([
			[1, 'one'],
			[2, 'two'],
		]);
		await eventually(() => [...secretChatsOf(tg.world).queues.values()].every((q) => q.events.length === 0), 'everything acknowledged');

		// What is on disk now holds it once too.
		await again.service.stop();
		await again.device.client.destroy();
		const third = await run(bobUser.id, bobDir, { session: bob.device.session });
		expect(third.service.chatById(id)!.history.map((m) => [m.id, text(m)])).toEqual([
			[1, 'one'],
			[2, 'two'],
		]);
	});

	it('drops the sealed bytes of messages the peer acknowledged, and still answers a resend of the rest', async () => {
		const { alice, bob, id } = await pair();
		for (let n = 1; n <= 5; n++) await alice.service.sendText(id, `m${n}`);
		await eventually(() => bob.received.length === 5, 'five messages at Bob');
		const kept = () => Object.keys(alice.service.chatById(id)!.sent).length;
		expect(kept()).toBeGreaterThanOrEqual(5);
		await bob.service.sendText(id, 'got them'); // its in_seq_no acknowledges all of Alice's
		await eventually(() => alice.received.length === 1, 'the reply at Alice');
		expect(kept()).toBe(0);

		secretChatsOf(tg.world).dropNext = 1;
		await alice.service.sendText(id, 'dropped');
		await alice.service.sendText(id, 'after');
		await eventually(() => bob.received.length === 7, 'the dropped message through a resend');
		expect(bob.received.slice(5).map(text)).toEqual(['dropped', 'after']);
	});
});
