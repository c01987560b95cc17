// The client pool: executions share one connection, and after warm-up a send costs one request.
import { byId, byUsername, chain, TestEnv, tgl } from './support/env';
import { clientPool } from '../nodes/Tgl/transport/client-pool';
import { toTglCredentials } from '../nodes/Tgl/transport/credentials';

describe('client pool', () => {
	let env: TestEnv;
	let alice: { id: number };
	let bob: { id: number };

	beforeAll(async () => {
		env = await TestEnv.start();
		alice = env.world.addUser({ firstName: 'Alice', username: 'alice_pool' });
		bob = env.world.addUser({ firstName: 'Bob', username: 'bob_pool' });
	});

	afterAll(async () => {
		await env.stop();
	});

	it('100 executions of a workflow open one connection, and each costs one request after warm-up', async () => {
		// Bob wrote first, so Alice's dialogs know him by id (the first execution loads them).
		env.world.sendMessage(bob.id, { userId: alice.id }, 'hello');
		const workflow = chain([{}], tgl('Send', 'peer', 'sendMsg', { peer: byId(String(bob.id)), text: 'ping' }));
		env.server.resetStats();
		const perExecution: string[][] = [];
		for (let n = 0; n < 100; n++) {
			const before = env.server.calls.length;
			const run = await env.run(workflow, alice.id);
			expect(run.error).toBeUndefined();
			perExecution.push(env.server.calls.slice(before).map((c) => c.method));
		}
		expect(env.server.connectionsOpened).toBe(1);
		expect(perExecution.slice(1).every((calls) => calls.length === 1 && calls[0] === 'messages.SendMessage')).toBe(true);
		expect(env.world.history(bob.id, { userId: alice.id })).toHaveLength(101);
	});

	it('by username, each execution after warm-up checks the name still belongs to the same user, then sends', async () => {
		// Usernames change hands on Telegram: a remembered one is confirmed (users.getUsers), never trusted blindly.
		const workflow = chain([{}], tgl('Send', 'peer', 'sendMsg', { peer: byUsername('@bob_pool'), text: 'ping by name' }));
		const perExecution: string[][] = [];
		for (let n = 0; n < 5; n++) {
			const before = env.server.calls.length;
			const run = await env.run(workflow, alice.id);
			expect(run.error).toBeUndefined();
			perExecution.push(env.server.calls.slice(before).map((c) => c.method));
		}
		for (const calls of perExecution.slice(1)) expect(calls).toEqual(['users.GetUsers', 'messages.SendMessage']);
		// Within one execution the name is confirmed once for every item.
		const before = env.server.calls.length;
		const batch = chain([{}, {}, {}, {}], tgl('Send', 'peer', 'sendMsg', { peer: byUsername('@bob_pool'), text: 'batch' }));
		expect((await env.run(batch, alice.id)).error).toBeUndefined();
		expect(env.server.calls.slice(before).map((c) => c.method)).toEqual(['users.GetUsers', ...Array(4).fill('messages.SendMessage')]);
	});

	it('concurrent first uses of one account share one connection', async () => {
		const carol = env.world.addUser({ firstName: 'Carol' });
		const creds = toTglCredentials((await env.credentials(carol.id)).tglApi as never);
		env.server.resetStats();
		const accounts = await Promise.all(Array.from({ length: 10 }, () => clientPool.acquire(creds)));
		expect(new Set(accounts).size).toBe(1);
		expect(env.server.connectionsOpened).toBe(1);
		for (const a of accounts) clientPool.release(a);
	});

	it('closes an idle connection after the idle period, and reconnects on the next use', async () => {
		const dave = env.world.addUser({ firstName: 'Dave' });
		const creds = toTglCredentials((await env.credentials(dave.id)).tglApi as never);
		clientPool.setIdleMs(50);
		try {
			const account = await clientPool.acquire(creds);
			await account.me();
			clientPool.release(account);
			const until = Date.now() + 5000;
			while (env.server.sessionsOf(dave.id).length && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
			expect(env.server.sessionsOf(dave.id)).toHaveLength(0);
			const again = await clientPool.acquire(creds);
			expect(again).not.toBe(account);
			expect((await again.me()).id.toJSNumber()).toBe(dave.id);
			clientPool.release(again);
		} finally {
			clientPool.setIdleMs(300_000);
		}
	});
});
