// Worker sessions and AUTH_KEY_DUPLICATED in one process (the real-n8n cluster test shows the same
// across processes): Telegram ends a session used from two hosts at once; the pack then stops using
// it at once, says so in one sentence with the slot rule, and a worker's own slot session still works.
import { AccountClient } from '../../nodes/Tgl/transport/account-client';
import { clientPool } from '../../nodes/Tgl/transport/client-pool';
import { toTglCredentials } from '../../nodes/Tgl/transport/credentials';
import { runWorkflow } from '../harness';
import { clientProcessOf } from '../telegram/mtproto/client-process';
import { HOSTS } from '../telegram/mtproto/faults';
import { byUsername, chain, nodeTypes, TestEnv, tgl } from '../support/env';

describe('worker sessions and AUTH_KEY_DUPLICATED', () => {
	let env: TestEnv;

	beforeAll(async () => {
		env = await TestEnv.start();
	});

	afterAll(async () => {
		delete process.env.TGL_SESSION_SLOT;
		await env.stop();
	});

	it('a session used from a second host is ended: every node using it fails with one sentence and the pack never reconnects with it', async () => {
		const alice = env.world.addUser({ firstName: 'Alice' });
		const bob = env.world.addUser({ firstName: 'Bob', username: 'bob_dup' });
		const send = (text: string) => chain([{}], tgl('Send', 'peer', 'sendMsg', { peer: byUsername('@bob_dup'), text }));
		expect((await env.run(send('before'), alice.id)).error).toBeUndefined();

		// Another host (say, a worker on a second machine) logs in with the same session string.
		env.faults.hostOf = HOSTS.byConnection;
		const data = (await env.credentials(alice.id)).tglApi;
		await expect(AccountClient.open(toTglCredentials(data as never))).rejects.toMatchObject({ errorMessage: 'AUTH_KEY_DUPLICATED' });

		const opened = env.server.connectionsOpened;
		for (const text of ['after 1', 'after 2']) {
			const run = await env.run(send(text), alice.id);
			expect(run.error?.message).toMatch(
				/^AUTH_KEY_DUPLICATED: Telegram saw this session in use from two places at once and ended it, so it is no longer used: each n8n process on its own host needs its own login \(main uses the Session field, a worker started with TGL_SESSION_SLOT=k uses line k of the Worker Sessions field\)/,
			);
			expect(JSON.stringify(run.run)).not.toContain(String(data.session));
		}
		// Even a new pool entry (after the idle close) does not dial Telegram with the dead session.
		await clientPool.closeAll();
		const again = await env.run(send('after close'), alice.id);
		expect(again.error?.message).toMatch(/^AUTH_KEY_DUPLICATED: /);
		expect(env.server.connectionsOpened).toBe(opened);
		expect(env.world.history(bob.id, { userId: alice.id }).map((m) => m.text)).toEqual(['before']);
	});

	it('the loopback tells hosts apart by client process: this process holds every connection it opened', async () => {
		const dan = env.world.addUser({ firstName: 'Dan', username: 'dan_proc' });
		expect((await env.run(chain([{}], tgl('Send', 'peer', 'sendMsg', { peer: byUsername('@dan_proc'), text: 'note to self' })), dan.id)).error).toBeUndefined();
		const mine = env.server.sessionsOf(dan.id);
		expect(mine.length).toBeGreaterThan(0);
		for (const c of mine) expect(clientProcessOf(c.socket)).toBe(process.pid);
	});

	it('a worker with TGL_SESSION_SLOT=k logs in with line k of Worker Sessions, alongside the main session', async () => {
		const carol = env.world.addUser({ firstName: 'Carol' });
		const bob = env.world.addUser({ firstName: 'Bob', username: 'bob_slot' });
		env.faults.hostOf = HOSTS.byConnection;
		const mainData = (await env.credentials(carol.id)).tglApi;
		const lines = [await env.tg.sessionFor(carol.id), await env.tg.sessionFor(carol.id)];
		// Carol's keys: [the Session field's, line 1's, line 2's].
		const keys = env.server.keys.ofUser(carol.id).map((k) => k.id);
		const credentials = { tglApi: { ...mainData, workerSessions: lines.join('\n') } };
		const send = (text: string) => chain([{}], tgl('Send', 'peer', 'sendMsg', { peer: byUsername('@bob_slot'), text }));
		const from = env.server.calls.length;
		// "main" holds its connection while "worker 2" sends with its own session.
		const main = await clientPool.acquire(toTglCredentials(mainData as never));
		try {
			await main.me();
			process.env.TGL_SESSION_SLOT = '2';
			const run = await runWorkflow(send('from slot 2'), { nodeTypes, credentials });
			expect(run.error).toBeUndefined();
			for (const secret of [String(mainData.session), ...lines]) expect(JSON.stringify(run.run)).not.toContain(secret);
		} finally {
			delete process.env.TGL_SESSION_SLOT;
			clientPool.release(main);
		}
		const sends = env.server.calls.slice(from).filter((c) => c.method === 'messages.SendMessage');
		expect(sends.map((c) => c.authKeyId)).toEqual([keys[2]]);
		for (const k of [0, 1, 2]) expect(env.server.keys.ofUser(carol.id)[k].revoked).toBeUndefined();
		expect(env.world.history(bob.id, { userId: carol.id }).map((m) => m.text)).toEqual(['from slot 2']);
	});
});
