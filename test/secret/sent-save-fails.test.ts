// A message Telegram has taken is delivered to the peer: a save that fails after that (a full
// disk) must not fail the send (the item would say "not sent" for a message the peer has), and
// our copy stays in the history, also across recover()'s reload of the saved state.
import { eventually } from '../support/eventually';
import { onLoopback, type DeviceOptions, type ServiceDevice } from './service-device';
import type { SecretServiceState } from '../../nodes/Tgl/secret/service';
import { StateFile } from '../../nodes/Tgl/secret';

/** A state file whose first save matching `failWhen` fails, as on a full disk. */
class FullDiskStateFile<T> extends StateFile<T> {
	failWhen: ((value: T) => boolean) | undefined;
	async save(value: T): Promise<void> {
		if (this.failWhen?.(value)) {
			this.failWhen = undefined;
			throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
		}
		return super.save(value);
	}
}

const loop = onLoopback();
const failing: DeviceOptions = { store: (path, key) => new FullDiskStateFile<SecretServiceState>(path, key), quietFailures: true };
const storeOf = (d: ServiceDevice) => d.store as FullDiskStateFile<SecretServiceState>;
const texts = (d: ServiceDevice, id: number) => d.service.chatById(id)!.history.map((m) => (m.message._ === 'message' ? m.message.message : '?'));

describe('a secret message taken by Telegram, then a failed save', () => {
	it('the send succeeds and the message stays in our history after a reload', async () => {
		const { alice, bob, id } = await loop.pair({ alice: failing });
		// The save of the sealed bytes (before the call) works; the one after Telegram took it (the
		// message has its local id then) fails.
		storeOf(alice).failWhen = (state) => state.chats[id]?.lastId === 1;
		const sent = await alice.service.sendText(id, 'taken');
		await eventually(() => bob.received.includes('taken'), 'the message on Bob');
		expect(sent.id).toBeGreaterThan(0);
		await alice.service.recover();
		expect(texts(alice, id)).toEqual(['taken']);
		// Numbers go on after it: the next message reaches Bob too.
		await alice.service.sendText(id, 'next');
		await eventually(() => bob.received.includes('next'), 'the next message on Bob');
		expect(texts(alice, id)).toEqual(['taken', 'next']);
	});
});
