// SecretChatService (nodes/Tgl/secret/service.ts) on two accounts through the loopback: each
// side runs its own service on a raw GramJS client, fed by the client's updates, with its own
// state file. Create → accept → working, messages both ways, a restart, a dropped message, discard.
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
import { SecretChatService, type SecretChatRecord, type StoredMessage, type WhatChanged } from '../../nodes/Tgl/secret/service';
import { StateFile, stateFileName, stateKey } from '../../nodes/Tgl/secret';
import type { SecretServiceState } from '../../nodes/Tgl/secret/service';

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

interface Running {
	device: RawClient;
	service: SecretChatService;
	changes: { id: number; what: WhatChanged[] }[];
	received: string[];
}

/** A device with its service: updates go to the service, state to a file in `dir`. */
async function run(userId: number, dir: string, options: { acceptIncoming?: boolean; session?: string } = {}): Promise<Running> {
	const device = await rawClient(tg, userId, options.session);
	clients.push(device);
	const authKey = device.client.session.getAuthKey()!.getKey()!;
	const store = new StateFile<SecretServiceState>(join(dir, stateFileName(authKey)), stateKey(authKey));
	const changes: Running['changes'] = [];
	const received: string[] = [];
	const service = new SecretChatService(device.client, store, options, {
		chatUpdate: (chat: SecretChatRecord, what: WhatChanged[]) => changes.push({ id: chat.id, what }),
		message: (_chat: SecretChatRecord, m: StoredMessage) => received.push(m.message._ === 'message' ? m.message.message : '?'),
	});
	await service.start();
	services.push(service);
	device.client.addEventHandler((update: Api.TypeUpdate) => void service.handleUpdate(update), new Raw({}));
	return { device, service, changes, received };
}

async function pair(bobOptions: { acceptIncoming?: boolean } = { acceptIncoming: true }) {
	const aliceUser = tg.world.addUser({ firstName: 'Alice' });
	const bobUser = tg.world.addUser({ firstName: 'Bob' });
	const aliceDir = await mkdtemp(join(tmpdir(), 'tgl-alice-'));
	const bobDir = await mkdtemp(join(tmpdir(), 'tgl-bob-'));
	const alice = await run(aliceUser.id, aliceDir);
	const bob = await run(bobUser.id, bobDir, bobOptions);
	const record = await alice.service.create(new Api.InputUser({ userId: bigInt(bobUser.id), accessHash: bobUser.accessHash }), bobUser.id);
	const working = (r: Running) => r.changes.some((c) => c.id === record.id && c.what.includes('working'));
	await eventually(() => working(alice), 'the chat working for Alice');
	await eventually(() => working(bob), 'the chat working for Bob');
	return { alice, bob, id: record.id, aliceUser, bobUser, bobDir };
}

describe('SecretChatService through the loopback', () => {
	it('creates, accepts (the option), reports created/requested/working, and carries messages both ways in order', async () => {
		const { alice, bob, id } = await pair();
		expect(alice.changes).toEqual([
			{ id, what: ['created'] },
			{ id, what: ['working'] },
		]);
		expect(bob.changes).toEqual([
			{ id, what: ['created', 'requested'] },
			{ id, what: ['working'] },
		]);
		for (const n of [1, 2, 3]) {
			await alice.service.sendText(id, `to bob ${n}`);
			await bob.service.sendText(id, `to alice ${n}`);
		}
		await eventually(() => bob.received.length === 3 && alice.received.length === 3, 'three messages each way');
		expect(bob.received).toEqual(['to bob 1', 'to bob 2', 'to bob 3']);
		expect(alice.received).toEqual(['to alice 1', 'to alice 2', 'to alice 3']);
		// The history keeps both directions, each in order (how they interleave depends on timing).
		const history = bob.service.chatById(id)!.history.map((h) => [h.out, (h.message as { message: string }).message]);
		expect(history.filter(([out]) => !out).map(([, t]) => t)).toEqual(['to bob 1', 'to bob 2', 'to bob 3']);
		expect(history.filter(([out]) => out).map(([, t]) => t)).toEqual(['to alice 1', 'to alice 2', 'to alice 3']);
		// Every encrypted event was acknowledged after it was saved.
		await eventually(() => [...secretChatsOf(tg.world).queues.values()].every((q) => q.events.length === 0), 'empty qts queues');
	});

	it('leaves an incoming request for the user when accepting is off', async () => {
		const aliceUser = tg.world.addUser({ firstName: 'Ann' });
		const bobUser = tg.world.addUser({ firstName: 'Ben' });
		const alice = await run(aliceUser.id, await mkdtemp(join(tmpdir(), 'tgl-ann-')));
		const bob = await run(bobUser.id, await mkdtemp(join(tmpdir(), 'tgl-ben-')));
		const record = await alice.service.create(new Api.InputUser({ userId: bigInt(bobUser.id), accessHash: bobUser.accessHash }), bobUser.id);
		await eventually(() => bob.service.chatById(record.id)?.state === 'requested', 'the request at Ben');
		expect(secretChatsOf(tg.world).chat(record.id)!.state).toBe('requested');
		await bob.service.accept(record.id);
		await eventually(() => alice.service.chatById(record.id)?.state === 'working', 'working after a manual accept');
	});

	it('recovers a message the relay dropped through the automatic resend request', async () => {
		const { alice, bob, id } = await pair();
		await alice.service.sendText(id, 'one');
		secretChatsOf(tg.world).dropNext = 1;
		await alice.service.sendText(id, 'two (dropped)');
		await alice.service.sendText(id, 'three');
		await eventually(() => bob.received.length === 3, 'all three at Bob');
		expect(bob.received).toEqual(['one', 'two (dropped)', 'three']);
	});

	it('restores its state after a restart and gets what was sent meanwhile, once, through getDifference', async () => {
		const { alice, bob, id, bobUser, bobDir } = await pair();
		await alice.service.sendText(id, 'before');
		await eventually(() => bob.received.length === 1, 'the first message');
		const before = await bob.device.client.invoke(new Api.updates.GetState());
		await bob.service.stop();
		await bob.device.client.destroy();
		await alice.service.sendText(id, 'while away 1');
		await alice.service.sendText(id, 'while away 2');
		const again = await run(bobUser.id, bobDir, { session: bob.device.session });
		expect(again.service.chatById(id)!.history).toHaveLength(1);
		const diff = await again.device.client.invoke(new Api.updates.GetDifference({ pts: before.pts, date: before.date, qts: before.qts }));
		await again.service.handleDifference(diff);
		expect(again.received).toEqual(['while away 1', 'while away 2']);
		const replay = await again.device.client.invoke(new Api.updates.GetDifference({ pts: before.pts, date: before.date, qts: before.qts }));
		expect('newEncryptedMessages' in replay ? replay.newEncryptedMessages : []).toHaveLength(0);
		await again.service.sendText(id, 'back');
		await eventually(() => alice.received.includes('back'), 'the reply after the restart');
	});

	it('discards with history deletion: both sides see deleted, the other side drops its history', async () => {
		const { alice, bob, id } = await pair();
		await alice.service.sendText(id, 'soon gone');
		await eventually(() => bob.received.length === 1, 'the message');
		await alice.service.discard(id, true);
		await eventually(() => bob.changes.some((c) => c.what.includes('deleted')), 'deleted at Bob');
		expect(bob.changes.at(-1)).toEqual({ id, what: ['deleted'] });
		expect(bob.service.chatById(id)).toMatchObject({ state: 'deleted', history: [] });
		expect(secretChatsOf(tg.world).chat(id)).toMatchObject({ state: 'discarded', historyDeleted: true });
	});
});
