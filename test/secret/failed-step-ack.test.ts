// A step that failed half-way leaves its message unacknowledged, for the catch-up after recover()
// to bring again. Encrypted messages queued behind the failed step must not be acknowledged before
// that reload: receivedQueue(max_qts) acknowledges every lower qts too, so the failed message (here
// in another chat, where no later message would reveal a hole) would be gone from the server.
import { Api } from 'telegram';
import { Raw } from 'telegram/events';
import { eventually } from '../support/eventually';
import { onLoopback, working, type DeviceOptions, type ServiceDevice } from './service-device';
import type { SecretServiceState } from '../../nodes/Tgl/secret/service';
import { StateFile } from '../../nodes/Tgl/secret';

/** A state file whose next save waits for `release`, then fails (a full disk). */
class StuckStateFile<T> extends StateFile<T> {
	gate: Promise<void> | undefined;
	async save(value: T): Promise<void> {
		const gate = this.gate;
		if (gate) {
			this.gate = undefined;
			await gate;
			throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
		}
		return super.save(value);
	}
}

const loop = onLoopback();
const stuck: DeviceOptions = { store: (path, key) => new StuckStateFile<SecretServiceState>(path, key), quietFailures: true, service: { acceptIncoming: true } };
const storeOf = (d: ServiceDevice) => d.store as StuckStateFile<SecretServiceState>;

describe('encrypted messages behind a failed step', () => {
	it('are left for the catch-up after the reload, so the failed one comes back too', async () => {
		const { alice, bob, id: first, bobUser } = await loop.pair({ bob: stuck });
		const { id: second } = await alice.request(bobUser);
		await eventually(() => working(alice, second) && working(bob, second), 'the second chat working');
		const state = await bob.device.client.invoke(new Api.updates.GetState());
		let heard = 0;
		// Added after the service's handler: once it hears a message, the service has queued it.
		bob.device.client.addEventHandler((u: Api.TypeUpdate) => void (u instanceof Api.UpdateNewEncryptedMessage && heard++), new Raw({}));

		let release!: () => void;
		storeOf(bob).gate = new Promise((r) => (release = r));
		await alice.service.sendText(first, 'in the first chat');
		await eventually(() => heard === 1, 'the first message at Bob');
		await alice.service.sendText(second, 'in the second chat');
		await eventually(() => heard === 2, 'the second message queued behind the stuck save');
		release();
		// What the transport does when a step failed: reload, then catch up from the saved qts.
		await bob.service.recover();
		await bob.service.catchUp(state);
		await eventually(() => bob.received.includes('in the second chat'), 'the second chat message');
		await eventually(() => bob.received.includes('in the first chat'), 'the message whose step failed');
	});
});
