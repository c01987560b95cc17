// Telegram answers requests sent together in one container. GramJS 2.26 stops reading a container
// at the first rpc_error in it, so the answers after it were lost and their calls hung until the
// request timeout: one FLOOD_WAIT could stall every call made beside it.
import { Api } from 'telegram';
import { TestEnv } from '../support/env';
import { AccountClient } from '../../nodes/Tgl/transport/account-client';
import { toTglCredentials } from '../../nodes/Tgl/transport/credentials';

describe('answers batched in one container', () => {
	let env: TestEnv;

	beforeAll(async () => {
		env = await TestEnv.start();
	});

	afterAll(async () => {
		await env.stop();
	});

	it('an error in a container does not swallow the answers after it', async () => {
		const alice = env.world.addUser({ firstName: 'Alice' });
		const creds = toTglCredentials((await env.credentials(alice.id)).tglApi as never);
		const account = await AccountClient.open(creds, { connectMs: 10_000, requestMs: 8_000 });
		try {
			await account.me();
			env.faults.failNext('help.GetNearestDc', 'FLOOD_WAIT_30');
			// Sent in one turn of the event loop: GramJS packs them into one container, and the
			// loopback answers everything that one container asked in one container too.
			const outcomes = await Promise.allSettled([
				account.call(new Api.help.GetNearestDc()),
				...Array.from({ length: 5 }, () => account.call(new Api.updates.GetState())),
			]);
			expect(outcomes[0]).toMatchObject({ status: 'rejected', reason: { errorMessage: 'FLOOD' } });
			expect(outcomes.slice(1).map((o) => o.status)).toEqual(Array(5).fill('fulfilled'));
		} finally {
			await account.close();
		}
	});
});
