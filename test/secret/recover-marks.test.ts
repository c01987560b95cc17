// recover() reloads the saved state after a failed step; what was handed to a trigger meanwhile
// (delivered / emitted marks, a started self-destruct countdown) happened all the same and must
// not be forgotten with the unsaved memory: else the message is emitted again after a restart.
import { eventually } from '../support/eventually';
import { onLoopback, type DeviceOptions, type ServiceDevice } from './service-device';
import type { SecretServiceState } from '../../nodes/Tgl/secret/service';
import { StateFile } from '../../nodes/Tgl/secret';

/** A state file whose next save fails, as on a full disk (the journal append before it went through). */
class FullDiskStateFile<T> extends StateFile<T> {
	failNext = false;
	async save(value: T): Promise<void> {
		if (this.failNext) {
			this.failNext = false;
			throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
		}
		return super.save(value);
	}
}

const loop = onLoopback();
const failing: DeviceOptions = { store: (path, key) => new FullDiskStateFile<SecretServiceState>(path, key), quietFailures: true, service: { acceptIncoming: true } };
const storeOf = (d: ServiceDevice) => d.store as FullDiskStateFile<SecretServiceState>;

describe('secret-chat marks across a recovery', () => {
	it('a delivered mark whose save failed survives the reload, and is saved next', async () => {
		const { alice, bob, id } = await loop.pair({ bob: failing });
		await alice.service.sendText(id, 'one');
		await eventually(() => bob.messages.length === 1, 'the message on Bob');
		const m = bob.messages[0];

		// Delivered to a trigger, but the disk is full just then; a later failed step reloads the state.
		await bob.service.markEmitted(id, [m.id]);
		storeOf(bob).failNext = true;
		await expect(bob.service.markDelivered(id, [m.id])).rejects.toThrow('ENOSPC');
		await bob.service.recover();
		const again = () => bob.service.chatById(id)!.history.find((h) => h.id === m.id)!;
		expect(again().delivered).toBe(true);

		// The next save commits them: a plain reload reads them from disk.
		await alice.service.sendText(id, 'next');
		await eventually(() => bob.messages.length === 2, 'the next message on Bob');
		await bob.service.recover();
		expect(again().delivered).toBe(true);
	});
});
