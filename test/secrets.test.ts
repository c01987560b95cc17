// The session string, the auth key and the API hash never show in items, errors or logs.
import { Tgl } from '../nodes/Tgl/Tgl.node';
import { Socks5Proxy } from './support/socks5-proxy';
import { runWorkflow } from './harness';
import { byId, byUsername, chain, node, nodeTypes, TestEnv, TGL_TRIGGER, tgl, triggered } from './support/env';

describe('secrets', () => {
	let env: TestEnv;

	beforeAll(async () => {
		env = await TestEnv.start();
	});

	afterAll(async () => {
		await env.stop();
	});

	it('appear in no item, error or log line, on success and on failure', async () => {
		const alice = env.world.addUser({ firstName: 'Alice', username: 'alice_sec' });
		env.world.addUser({ firstName: 'Bob', username: 'bob_sec' });
		const creds = (await env.credentials(alice.id)).tglApi as Record<string, string>;
		const key = env.server.keys.ofUser(alice.id)[0].key;
		const secrets = [creds.session, creds.apiHash, key.toString('hex'), key.toString('base64'), key.toString('base64url')];

		const logged: string[] = [];
		const spies = [
			jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => (logged.push(String(s)), true)),
			jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => (logged.push(String(s)), true)),
			...(['log', 'info', 'warn', 'error', 'debug'] as const).map((m) =>
				jest.spyOn(console, m).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' '))),
			),
		];
		try {
			const send = (text: string, peer: unknown, extra = {}) =>
				env.run(chain([{}], tgl('Send', 'peer', 'sendMsg', { peer: peer as never, text }, extra)), alice.id);
			const runs = [await send('ok', byUsername('@bob_sec'))];
			env.faults.failNext('messages.SendMessage', 'FLOOD_WAIT_120');
			runs.push(await send('flood', byUsername('@bob_sec')));
			runs.push(await send('x', byId(42), { onError: 'continueRegularOutput' }));
			expect(runs[0].error).toBeUndefined();
			expect(runs[1].error?.message).toMatch(/FLOOD_WAIT_120: Telegram asks to wait 120 seconds/);
			expect(runs[2].output('Send')[0].json.error).toBeDefined();

			// A broken session: the credential test and a run both fail without echoing it.
			const broken = { ...creds, session: creds.session.slice(0, -20) + 'A'.repeat(20) };
			const test = await new Tgl().methods.credentialTest.tglApiTest.call({} as never, {
				id: '1',
				name: 'x',
				type: 'tglApi',
				data: broken,
			});
			expect(test.status).toBe('Error');

			const everything = JSON.stringify([
				runs.map((r) => r.run),
				runs.map((r) => [r.error?.message, (r.error as { description?: string } | undefined)?.description]),
				test,
				logged,
			]);
			for (const s of secrets) expect(everything.includes(s)).toBe(false);
			for (const s of [broken.session]) expect(everything.includes(s)).toBe(false);
		} finally {
			for (const s of spies) s.mockRestore();
		}
	});

	it('appear in no error a running trigger or an action reports (a proxy password or API hash pasted into a peer field)', async () => {
		const carol = env.world.addUser({ firstName: 'Carol' });
		const creds = (await env.credentials(carol.id)).tglApi as Record<string, string>;
		const proxy = await Socks5Proxy.start({ username: 'n8n', password: 'pasted proxy password' });
		const viaProxy = { tglApi: { ...creds, proxyType: 'socks5', proxyHost: '127.0.0.1', proxyPort: proxy.port, proxyUsername: 'n8n', proxyPassword: 'pasted proxy password' } };
		try {
			for (const pasted of ['pasted proxy password', `${creds.apiHash}!`]) {
				const trigger = await env.trigger(
					triggered(node('Trigger', TGL_TRIGGER, { events: ['on_msg_receive'], options: { onlyPeers: pasted } })),
					carol.id,
					{ credentials: viaProxy },
				);
				const error = await trigger.waitForError();
				const text = JSON.stringify([error.message, (error as { description?: string }).description]);
				expect(error.message).toMatch(/^No peer is known by the name "\[redacted\]/);
				expect(text.includes(pasted.replace(/!$/, ''))).toBe(false);
				await trigger.close();
			}
			// The same through an action's Peer: the item's error is cut too (Continue On Fail shows it).
			const run = await runWorkflow(
				chain([{ peer: 'pasted proxy password' }, { peer: `${creds.apiHash}!` }], tgl('Send', 'peer', 'sendMsg', { peer: byId('={{ $json.peer }}'), text: 'x' }, { onError: 'continueRegularOutput' })),
				{ nodeTypes, credentials: viaProxy },
			);
			const errors = run.output('Send').map((i) => i.json.error);
			expect(errors).toHaveLength(2);
			expect(errors[0]).toMatch(/^"\[redacted\]" is not a peer ID/);
			expect(errors[1]).toMatch(/^"\[redacted\]!" is not a peer ID/);
		} finally {
			await proxy.stop();
		}
	});
});
