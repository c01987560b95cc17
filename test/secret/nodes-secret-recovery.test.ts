// A secret-chat step that fails half-way (the state file cannot be written: a full disk) must not
// lose the message it was handling: the service reloads the saved state and catches up from its
// qts, so the message, never acknowledged, comes again and is emitted once, in order.
import { join } from 'path';
import { stateDir, StateFile, stateFileName } from '../../nodes/Tgl/secret/state-file';
import { clientPool } from '../../nodes/Tgl/transport/client-pool';
import { toTglCredentials } from '../../nodes/Tgl/transport/credentials';
import { eventually, TestEnv } from '../support/env';
import { createSecretChat, listen, sendTexts, texts, historyTexts } from './node-pair';

describe('secret chats after a failed save', () => {
	let env: TestEnv;

	beforeAll(async () => {
		env = await TestEnv.start();
	});

	afterAll(async () => {
		jest.restoreAllMocks();
		await env.stop();
	});

	it('a message whose save failed (ENOSPC) is fetched again from the saved qts and emitted once, in order', async () => {
		const alice = env.world.addUser({ firstName: 'Alice' });
		const bob = env.world.addUser({ firstName: 'Bob' });
		const bobTrigger = await listen(env, bob.id, { acceptSecretChats: true });
		try {
			const created = await createSecretChat(env, alice.id, bob.id);
			const chatId = created.output('Create')[0].json.id as number;
			await sendTexts(env, alice.id, chatId, ['before']);
			await eventually(() => texts(bobTrigger.items()).includes('before'), 'the first message on Bob');

			// Bob's next state write fails, as on a full disk; later ones work again.
			const bobAccount = await clientPool.acquire(toTglCredentials((await env.credentials(bob.id)).tglApi as never));
			const bobState = join(stateDir(), stateFileName(bobAccount.client.session.getAuthKey()!.getKey()!));
			clientPool.release(bobAccount);
			const save = StateFile.prototype.save;
			let failures = 0;
			const spy = jest.spyOn(StateFile.prototype, 'save').mockImplementation(async function (this: StateFile<unknown>, value: unknown) {
				if (this.path === bobState && failures === 0) {
					failures++;
					throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
				}
				return save.call(this, value);
			});
			try {
				await sendTexts(env, alice.id, chatId, ['lost once']);
				await eventually(() => failures === 1, 'the failed save');
				await sendTexts(env, alice.id, chatId, ['after']);
				await eventually(() => texts(bobTrigger.items()).includes('after'), 'the message after the failure');
				await eventually(() => texts(bobTrigger.items()).includes('lost once'), 'the message whose save failed');
			} finally {
				spy.mockRestore();
			}
			expect(texts(bobTrigger.items())).toEqual(['before', 'lost once', 'after']);
			expect(await historyTexts(env, bob.id, chatId)).toEqual(['before', 'lost once', 'after']);
		} finally {
			await bobTrigger.close();
		}
	});
});
