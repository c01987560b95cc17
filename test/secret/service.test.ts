// SecretChatService (nodes/Tgl/secret/service.ts) on two accounts through the loopback: each
// side runs its own service on a raw GramJS client, fed by the client's updates, with its own
// state file. Create → accept → working, messages both ways, a restart, a dropped message, discard.
import { Api } from 'telegram';
import { secretChatsOf } from '../telegram/world/secret-chats';
import { eventually } from '../support/eventually';
import { onLoopback } from './service-device';

const loop = onLoopback();

describe('SecretChatService through the loopback', () => {
	it('creates, accepts (the option), reports created/requested/working, and carries messages both ways in order', async () => {
		const { alice, bob, id } = await loop.pair();
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
		await eventually(() => [...secretChatsOf(loop.tg.world).queues.values()].every((q) => q.events.length === 0), 'empty qts queues');
	});

	it('leaves an incoming request for the user when accepting is off', async () => {
		const aliceUser = loop.tg.world.addUser({ firstName: 'Ann' });
		const bobUser = loop.tg.world.addUser({ firstName: 'Ben' });
		const alice = await loop.device(aliceUser.id);
		const bob = await loop.device(bobUser.id);
		const record = await alice.request(bobUser);
		await eventually(() => bob.service.chatById(record.id)?.state === 'requested', 'the request at Ben');
		expect(secretChatsOf(loop.tg.world).chat(record.id)!.state).toBe('requested');
		await bob.service.accept(record.id);
		await eventually(() => alice.service.chatById(record.id)?.state === 'working', 'working after a manual accept');
	});

	it('recovers a message the relay dropped through the automatic resend request', async () => {
		const { alice, bob, id } = await loop.pair();
		await alice.service.sendText(id, 'one');
		secretChatsOf(loop.tg.world).dropNext = 1;
		await alice.service.sendText(id, 'two (dropped)');
		await alice.service.sendText(id, 'three');
		await eventually(() => bob.received.length === 3, 'all three at Bob');
		expect(bob.received).toEqual(['one', 'two (dropped)', 'three']);
	});

	it('restores its state after a restart and gets what was sent meanwhile, once, through getDifference', async () => {
		const { alice, bob, id, bobUser } = await loop.pair();
		await alice.service.sendText(id, 'before');
		await eventually(() => bob.received.length === 1, 'the first message');
		const before = await bob.device.client.invoke(new Api.updates.GetState());
		await bob.service.stop();
		await bob.device.client.destroy();
		await alice.service.sendText(id, 'while away 1');
		await alice.service.sendText(id, 'while away 2');
		const again = await loop.device(bobUser.id, { again: { dir: bob.dir, session: bob.device.session } });
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
		const { alice, bob, id } = await loop.pair();
		await alice.service.sendText(id, 'soon gone');
		await eventually(() => bob.received.length === 1, 'the message');
		await alice.service.discard(id, true);
		await eventually(() => bob.changes.some((c) => c.what.includes('deleted')), 'deleted at Bob');
		expect(bob.changes.at(-1)).toEqual({ id, what: ['deleted'] });
		expect(bob.service.chatById(id)).toMatchObject({ state: 'deleted', history: [] });
		expect(secretChatsOf(loop.tg.world).chat(id)).toMatchObject({ state: 'discarded', historyDeleted: true });
	});
});
