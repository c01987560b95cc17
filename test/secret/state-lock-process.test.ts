// The secret-chat state lock between real processes: one holds an account's secret chats (opened
// through the pool, as a trigger or an action does), others pretend to run on other hosts or in
// other containers sharing the folder (TGL_LOCK_HOST_ID). A live holder is never taken over, and
// SIGTERM leaves no lock behind, so the next process (on any host) starts at once.
import { spawn, type ChildProcess } from 'child_process';
import { existsSync } from 'fs';
import { mkdtemp, readFile, readdir, writeFile } from 'fs/promises';
import { tmpdir } from 'os';
import * as path from 'path';
import { randomBytes, randomInt } from 'crypto';
import { StateFile } from '../../nodes/Tgl/secret/state-file';
import { secretChatsOf } from '../telegram/world/secret-chats';
import { byId, chain, eventually, node, TestEnv, TGL_TRIGGER, tgl, triggered } from '../support/env';
import { clientPool } from '../../nodes/Tgl/transport/client-pool';

interface Child {
	process: ChildProcess;
	out: () => string;
	ended: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

describe('the secret-chat state lock between processes', () => {
	let env: TestEnv;
	const children: ChildProcess[] = [];

	beforeAll(async () => {
		env = await TestEnv.start();
	});

	afterAll(async () => {
		for (const c of children) c.kill('SIGKILL');
		await env.stop();
	});

	async function start(userId: number, stateDir: string, hostId: string, hostExits = false): Promise<Child> {
		const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(__dirname, '..', 'support', 'secret-lock-child.ts')], {
			env: {
				...process.env,
				TGL_CHILD_CREDENTIALS: JSON.stringify((await env.credentials(userId)).tglApi),
				TGL_STATE_DIR: stateDir,
				TGL_LOCK_HOST_ID: hostId,
				TGL_CHILD_HOST_EXITS: hostExits ? '1' : '',
			},
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		children.push(child);
		let out = '';
		child.stdout.on('data', (d: Buffer) => (out += d.toString()));
		child.stderr.on('data', (d: Buffer) => (out += d.toString()));
		const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
			child.once('close', (code, signal) => resolve({ code, signal })),
		);
		await eventually(() => /^(ready|refused) /m.test(out) || child.exitCode !== null, 'the child to open its secret chats', 60_000, 50);
		return { process: child, out: () => out, ended };
	}

	it('another host cannot take a live lock even when the holder’s pid means nothing there, and SIGTERM leaves no lock', async () => {
		const carol = env.world.addUser({ firstName: 'Carol' });
		const dir = await mkdtemp(path.join(tmpdir(), 'tgl-lock-'));
		const main = await start(carol.id, dir, 'main-container');
		expect(main.out()).toMatch(/^ready /m);
		const lockPath = main.out().match(/^ready (.+)$/m)![1];
		const lock = JSON.parse(await readFile(lockPath, 'utf8')) as { host: string; pid: number; token: string };
		expect(lock).toMatchObject({ host: 'main-container', pid: main.process.pid });

		// Seen from a worker in its own pid namespace the main's pid is nobody (or the worker itself):
		// here, a pid that is dead, with the holder's own host and token kept.
		const dead = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
		await new Promise((r) => dead.once('exit', r));
		await writeFile(lockPath, JSON.stringify({ ...lock, pid: dead.pid }));

		const worker = await start(carol.id, dir, 'worker-container');
		expect(worker.out()).toMatch(/^refused STATE_LOCKED$/m);
		expect(await worker.ended).toEqual({ code: 3, signal: null });
		expect(JSON.parse(await readFile(lockPath, 'utf8'))).toMatchObject({ token: lock.token });

		// A clean stop releases the lock: the next process, on another host, starts at once.
		main.process.kill('SIGTERM');
		expect(await main.ended).toEqual({ code: null, signal: 'SIGTERM' });
		expect(existsSync(lockPath)).toBe(false);
		expect((await readdir(dir)).filter((f) => f.endsWith('.lock'))).toEqual([]);

		const next = await start(carol.id, dir, 'worker-container');
		expect(next.out()).toMatch(/^ready /m);
		next.process.kill('SIGTERM');
		expect(await next.ended).toEqual({ code: null, signal: 'SIGTERM' });
		expect(existsSync(lockPath)).toBe(false);
	}, 180_000);

	it('under a host that exits at once at SIGTERM (n8n), no lock is left either', async () => {
		const erin = env.world.addUser({ firstName: 'Erin' });
		const dir = await mkdtemp(path.join(tmpdir(), 'tgl-lock-'));
		const main = await start(erin.id, dir, 'main-container', true);
		const lockPath = main.out().match(/^ready (.+)$/m)![1];
		expect(existsSync(lockPath)).toBe(true);
		main.process.kill('SIGTERM');
		expect(await main.ended).toEqual({ code: 0, signal: null });
		expect(existsSync(lockPath)).toBe(false);
	}, 120_000);

	it('a holder that was taken over (paused past the stale limit) stops instead of writing the state, and leaves the new lock alone', async () => {
		const frank = env.world.addUser({ firstName: 'Frank' });
		const gina = env.world.addUser({ firstName: 'Gina' });
		const dir = await mkdtemp(path.join(tmpdir(), 'tgl-lock-'));
		const main = await start(frank.id, dir, 'main-container');
		const lockPath = main.out().match(/^ready (.+)$/m)![1];
		const statePath = lockPath.slice(0, -'.lock'.length);
		const before = await readFile(statePath);

		// Another host whose clock says the main's heartbeat is 61 s old: as after a long pause of the main.
		const taker = new StateFile(statePath, Buffer.alloc(32), { hostId: 'worker-container', now: () => Date.now() + 61_000 });
		await taker.lock();
		const taken = await readFile(lockPath, 'utf8');

		// Something for the main to save: a secret chat requested by Gina.
		const gA = Buffer.concat([Buffer.from([0x40]), randomBytes(255)]);
		secretChatsOf(env.world).request(gina.id, 'gina-key', frank.id, randomInt(1, 2 ** 31), gA);
		await eventually(() => main.out().includes('secret chats stopped'), 'the main to notice it lost the lock', 60_000, 50);
		expect(main.out()).toMatch(/^log warn tgl: secret chats stopped: another process took the secret-chat state over/m);
		expect((await readFile(statePath)).equals(before)).toBe(true);

		main.process.kill('SIGTERM');
		expect(await main.ended).toEqual({ code: null, signal: 'SIGTERM' });
		expect(await readFile(lockPath, 'utf8')).toBe(taken);
		await taker.unlock();
		expect(existsSync(lockPath)).toBe(false);
	}, 120_000);
	it('a trigger that finds the secret chats held by another container keeps its cloud events, tries again, and emits what came meanwhile once', async () => {
		const hugo = env.world.addUser({ firstName: 'Hugo' });
		const ida = env.world.addUser({ firstName: 'Ida' });
		const started = (items: () => { json: Record<string, unknown> }[]) => items().some((i) => i.json.event === 'on_get_difference_end');
		const texts = (items: () => { json: Record<string, unknown> }[]) =>
			items()
				.filter((i) => i.json.event === 'on_msg_receive')
				.map((i) => (i.json.msg as { text: string }).text);
		// A chat between them, accepted by Hugo's trigger; then every connection here closes (locks released).
		const accepting = await env.trigger(triggered(node('Hugo', TGL_TRIGGER, { events: ['on_secret_chat_update', 'on_get_difference_end'], options: { acceptSecretChats: true } })), hugo.id);
		await eventually(() => started(() => accepting.items()), 'start-up');
		const who = { id: hugo.id, type: 1, access_hash: env.world.user(hugo.id)!.accessHash.toString() };
		const created = await env.run(chain([{ who }], tgl('Create', 'chat', 'createSecretChat', { peer: byId('={{ $json.who }}'), options: { waitForAcceptance: true } })), ida.id);
		const chatId = created.output('Create')[0].json.id as number;
		await accepting.close();
		await clientPool.closeAll();

		// Another container (sharing the folder) holds Hugo's secret chats while his trigger starts here.
		const holder = await start(hugo.id, process.env.TGL_STATE_DIR!, 'other-container');
		expect(holder.out()).toMatch(/^ready /m);
		const trigger = await env.trigger(triggered(node('Hugo again', TGL_TRIGGER, { events: ['on_msg_receive', 'on_get_difference_end'] })), hugo.id);
		try {
			await eventually(() => started(() => trigger.items()), 'the cloud events started');
			const cloud = await env.run(chain([{ who }], tgl('Send', 'peer', 'sendMsg', { peer: byId('={{ $json.who }}'), text: 'cloud hello' })), ida.id);
			expect(cloud.error).toBeUndefined();
			await eventually(() => texts(() => trigger.items()).includes('cloud hello'), 'a cloud message while the secret chats are held elsewhere');
			const secret = await env.run(chain([{}], tgl('Send', 'peer', 'sendMsg', { peer: byId(`secret_chat#${chatId}`), text: 'while held elsewhere' })), ida.id);
			expect(secret.error).toBeUndefined();
			holder.process.kill('SIGTERM');
			await holder.ended;
			await eventually(() => texts(() => trigger.items()).includes('while held elsewhere'), 'the secret message once the holder is gone', 90_000, 100);
			expect(texts(() => trigger.items())).toEqual(['cloud hello', 'while held elsewhere']);
		} finally {
			await trigger.close();
		}
	}, 180_000);
});
