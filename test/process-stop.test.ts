// SIGTERM and SIGINT (a service manager stopping n8n, Ctrl+C): every deletion still waiting in
// its undo window is carried out before the process ends. In n8n the host handles the signal
// and exits on its own; elsewhere the process still ends by the signal, after the deletions.
import { spawn } from 'child_process';
import * as path from 'path';
import { byId, chain, eventually, TestEnv, tgl } from './support/env';

describe('a process asked to stop', () => {
	let env: TestEnv;
	let alice: { id: number };
	let bob: { id: number };
	let supergroup: { id: number };

	beforeAll(async () => {
		env = await TestEnv.start();
		alice = env.world.addUser({ firstName: 'Alice', username: 'alice_stop' });
		bob = env.world.addUser({ firstName: 'Bob', username: 'bob_stop' });
		supergroup = env.world.createChannel(alice.id, 'Stop Club', { megagroup: true, memberIds: [bob.id] });
	});

	afterAll(async () => {
		await env.stop();
	});

	const aliceToBob = (text: string) => env.world.sendMessage(alice.id, { userId: bob.id }, text).boxes[alice.id];
	const aliceHas = (text: string) => env.world.history(alice.id, { userId: bob.id }).some((m) => m.text === text);
	const bobHas = (text: string) => env.world.history(bob.id, { userId: alice.id }).some((m) => m.text === text);
	const superHas = (text: string) => env.world.channel(supergroup.id)!.messages.some((m) => m.text === text);
	const del = (name: string, params: Record<string, unknown>) => tgl(name, 'msg', 'deleteMsg', params as never);

	it('under a host that handles SIGTERM itself (n8n), the waiting deletions go at once and the host still decides the exit', async () => {
		const before = process.listenerCount('SIGTERM');
		const mine = aliceToBob('waiting at SIGTERM');
		const inSuper = env.world.sendMessage(alice.id, { channelId: supergroup.id }, 'super waiting at SIGTERM').id;
		const run = await env.run(
			chain(
				[{}],
				del('Private', { message: `${mine}`, undoSeconds: 60 }),
				del('Super', { message: `${inSuper}`, peer: byId(`-100${supergroup.id}`), undoSeconds: 60 }),
			),
			alice.id,
		);
		expect(run.error).toBeUndefined();
		expect(run.output('Private')[0].json).toMatchObject({ pending: true });
		expect(process.listenerCount('SIGTERM')).toBe(before + 1);

		// n8n's own handler (process.once in its BaseCommand), here a stand-in that does not exit.
		let hostSaw = 0;
		process.once('SIGTERM', () => hostSaw++);
		process.emit('SIGTERM', 'SIGTERM');
		expect(hostSaw).toBe(1);
		await eventually(
			() => !aliceHas('waiting at SIGTERM') && !bobHas('waiting at SIGTERM') && !superHas('super waiting at SIGTERM'),
			'the deletions waiting at SIGTERM',
		);
		// Ours for one signal only: nothing of the pack listens any more.
		expect(process.listenerCount('SIGTERM')).toBe(before);

		// An execution n8n lets finish during its shutdown still has the connection; a new undo
		// window would outlive the process, so its deletion goes now.
		const late = aliceToBob('scheduled while stopping');
		const lateRun = await env.run(chain([{}], del('Late', { message: `${late}`, undoSeconds: 60 })), alice.id);
		expect(lateRun.error).toBeUndefined();
		expect(Date.parse(lateRun.output('Late')[0].json.undo_until as string)).toBeLessThanOrEqual(Date.now());
		await eventually(() => !aliceHas('scheduled while stopping') && !bobHas('scheduled while stopping'), 'the deletion scheduled while stopping');
		expect(env.server.unhandled.size).toBe(0);
	});

	/** Starts test/support/deletion-child.ts with a deletion of Carol's message in a 600 s window. */
	async function childHolding(text: string, hostExits: boolean) {
		const carol = env.world.addUser({ firstName: 'Carol' });
		const dave = env.world.addUser({ firstName: 'Dave' });
		const id = env.world.sendMessage(carol.id, { userId: dave.id }, text).boxes[carol.id];
		const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'support', 'deletion-child.ts')], {
			env: {
				...process.env,
				TGL_CHILD_CREDENTIALS: JSON.stringify((await env.credentials(carol.id)).tglApi),
				TGL_CHILD_MESSAGE: String(id),
				TGL_CHILD_HOST_EXITS: hostExits ? '1' : '',
			},
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let out = '';
		child.stdout.on('data', (d: Buffer) => (out += d.toString()));
		child.stderr.on('data', (d: Buffer) => (out += d.toString()));
		const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
			child.once('close', (code, signal) => resolve({ code, signal })),
		);
		await eventually(() => out.includes('scheduled') || child.exitCode !== null, 'the child to schedule its deletion', 60_000, 50);
		expect(out).toContain('scheduled');
		const texts = () => [...env.world.history(carol.id, { userId: dave.id }), ...env.world.history(dave.id, { userId: carol.id })].map((m) => m.text);
		expect(texts()).toContain(text);
		/** SIGTERM; resolves with how the child ended and the texts left in both boxes. */
		const terminate = async () => {
			try {
				child.kill('SIGTERM');
				return { ended: await ended, left: texts() };
			} finally {
				child.kill('SIGKILL');
			}
		};
		return { terminate, out: () => out };
	}

	it('with no host listening, the process carries out the deletion and still ends by SIGTERM', async () => {
		const child = await childHolding('child waiting', false);
		const { ended, left } = await child.terminate();
		expect(ended).toEqual({ code: null, signal: 'SIGTERM' });
		expect(left).not.toContain('child waiting');
	}, 90_000);

	it('a host that calls process.exit() at once still exits, with its own code, after the deletion', async () => {
		const child = await childHolding('host exits at once', true);
		const { ended, left } = await child.terminate();
		expect(ended).toEqual({ code: 0, signal: null });
		expect(left).not.toContain('host exits at once');
	}, 90_000);
});
