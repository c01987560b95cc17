// A download Telegram stops answering: GramJS would wait forever; the node fails that item after
// the request timeout (TGL_REQUEST_TIMEOUT_SECONDS, shortened here) and goes on with the next.
import { randomBytes } from 'crypto';
import { DEFAULT_TIMEOUTS } from '../../nodes/Tgl/transport/account-client';
import { chain, TestEnv, tgl } from '../support/env';

describe('msg: a stalled download', () => {
	let env: TestEnv;

	beforeAll(async () => {
		DEFAULT_TIMEOUTS.requestMs = 1500; // read when the pool opens the account, below
		env = await TestEnv.start();
	});

	afterAll(async () => {
		env.faults.clear();
		await env.stop();
	});

	it('fails the item with a clear error after the request timeout; the next item is still processed', async () => {
		const alice = env.world.addUser({ firstName: 'Alice' });
		const bob = env.world.addUser({ firstName: 'Bob' });
		const big = randomBytes(600_000);
		const sent = env.world.sendMedia(bob.id, { userId: alice.id }, { document: big, mimeType: 'application/pdf', fileName: 'slow.pdf' });
		const note = env.world.sendMessage(bob.id, { userId: alice.id }, 'no media here');
		env.faults.delay('upload.GetFile', 60_000);
		const started = Date.now();
		const run = await env.run(
			chain(
				[{ id: sent.boxes[alice.id] }, { id: note.boxes[alice.id] }],
				tgl('Load', 'msg', 'loadDocument', { message: '={{ $json.id }}' }, { onError: 'continueRegularOutput' }),
			),
			alice.id,
		);
		expect(run.error).toBeUndefined();
		const [stalled, other] = run.output('Load');
		expect(stalled.json.error).toBe('Telegram did not answer within 2 s (upload.GetFile)');
		expect(stalled.pairedItem).toEqual({ item: 0 });
		expect(other.json.error).toMatch(/has no document|no media/i);
		expect(other.pairedItem).toEqual({ item: 1 });
		expect(Date.now() - started).toBeLessThan(20_000);
	});
});
