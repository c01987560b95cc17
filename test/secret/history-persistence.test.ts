// How SecretChatService keeps history and sent bytes on disk (nodes/Tgl/secret/state-store.ts,
// history-journal.ts), through the loopback: a crash between the journal append and the state
// save brings the message back once with the same local id; the sealed bytes kept for resend
// requests are dropped once the peer acknowledges them, and a resend still works afterwards.
import { Api } from 'telegram';
import { secretChatsOf } from '../telegram/world/secret-chats';
import { eventually } from '../support/eventually';
import { onLoopback, type DeviceOptions, type ServiceDevice } from './service-device';
import type { SecretServiceState, StoredMessage } from '../../nodes/Tgl/secret/service';
import { StateFile } from '../../nodes/Tgl/secret';

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

const loop = onLoopback();

/** A device whose state file can be made to crash; a crashed step is not an unhandled rejection. */
const crashable: DeviceOptions = { store: (path, key) => new CrashingStateFile<SecretServiceState>(path, key), quietFailures: true };
const storeOf = (d: ServiceDevice) => d.store as CrashingStateFile<SecretServiceState>;
const pair = () => loop.pair({ alice: crashable, bob: { ...crashable, service: { acceptIncoming: true } } });

const text = (m: StoredMessage) => (m.message._ === 'message' ? m.message.message : '?');

describe('secret-chat history and sent bytes on disk', () => {
	it('after a crash between the journal append and the state save, the message comes back once with the same local id', async () => {
		const { alice, bob, id, bobUser } = await pair();
		await alice.service.sendText(id, 'one');
		await eventually(() => bob.messages.length === 1, 'the first message');
		// Its last save (the qts, before the acknowledgement) done too: the crash is meant for 'two'.
		await eventually(() => [...secretChatsOf(loop.tg.world).queues.values()].every((q) => q.events.length === 0), 'the first message acknowledged');
		const state = await bob.device.client.invoke(new Api.updates.GetState());

		storeOf(bob).crashNext = true;
		await alice.service.sendText(id, 'two');
		await eventually(() => storeOf(bob).crashed, 'the crash after the journal append');
		expect(bob.messages.map(text)).toEqual(['one']);
		await bob.service.stop();
		await bob.device.client.destroy();

		const again = await loop.device(bobUser.id, { ...crashable, again: { dir: bob.dir, session: bob.device.session } });
		expect(again.service.chatById(id)!.history.map((m) => [m.id, text(m)])).toEqual([[1, 'one']]);
		await again.service.catchUp(state); // from the saved qts: 'two' was never acknowledged
		expect(again.messages.map((m) => [m.id, text(m)])).toEqual([[2, 'two']]);
		expect(again.service.chatById(id)!.history.map((m) => [m.id, text(m)])).toEqual([
			[1, 'one'],
			[2, 'two'],
		]);
		await eventually(() => [...secretChatsOf(loop.tg.world).queues.values()].every((q) => q.events.length === 0), 'everything acknowledged');

		// What is on disk now holds it once too.
		await again.service.stop();
		await again.device.client.destroy();
		const third = await loop.device(bobUser.id, { ...crashable, again: { dir: bob.dir, session: bob.device.session } });
		expect(third.service.chatById(id)!.history.map((m) => [m.id, text(m)])).toEqual([
			[1, 'one'],
			[2, 'two'],
		]);
	});

	it('drops the sealed bytes of messages the peer acknowledged, and still answers a resend of the rest', async () => {
		const { alice, bob, id } = await pair();
		for (let n = 1; n <= 5; n++) await alice.service.sendText(id, `m${n}`);
		await eventually(() => bob.messages.length === 5, 'five messages at Bob');
		const kept = () => Object.keys(alice.service.chatById(id)!.sent).length;
		expect(kept()).toBeGreaterThanOrEqual(5);
		await bob.service.sendText(id, 'got them'); // its in_seq_no acknowledges all of Alice's
		await eventually(() => alice.messages.length === 1, 'the reply at Alice');
		expect(kept()).toBe(0);

		secretChatsOf(loop.tg.world).dropNext = 1;
		await alice.service.sendText(id, 'dropped');
		await alice.service.sendText(id, 'after');
		await eventually(() => bob.messages.length === 7, 'the dropped message through a resend');
		expect(bob.messages.slice(5).map(text)).toEqual(['dropped', 'after']);
	});
});
