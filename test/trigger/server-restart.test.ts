// Telegram goes away for 20 s and comes back on the same port with the same world and keys:
// a running trigger reconnects and catches up, and a batch of sends loses nothing and doubles
// nothing; what could not be sent in time fails with a clear sentence and is never sent later.
import type { IDataObject } from 'n8n-workflow';
import { byUsername, chain, eventually, node, TestEnv, TGL_TRIGGER, tgl, triggered } from '../support/env';
import { DEFAULT_TIMEOUTS } from '../../nodes/Tgl/transport/account-client';

const OUTAGE_MS = 20_000;
const texts = (items: { json: IDataObject }[]) => items.filter((i) => i.json.event === 'on_msg_receive').map((i) => (i.json.msg as IDataObject).text as string);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Telegram stopped for 20 s and started again', () => {
	let env: TestEnv;
	let dora: { id: number };
	const savedConnectMs = DEFAULT_TIMEOUTS.connectMs;

	beforeAll(async () => {
		env = await TestEnv.start();
		dora = env.world.addUser({ firstName: 'Dora', username: 'dora_restart' });
	});

	afterAll(async () => {
		DEFAULT_TIMEOUTS.connectMs = savedConnectMs;
		await env.stop();
	});

	/** Stops Telegram the moment `text` is sent, before it is stored (its answer never leaves). */
	function stopOnSend(text: string): Promise<void> {
		const original = env.server.handlerOf('messages.SendMessage')!;
		return new Promise((stopped) => {
			env.server.use({
				'messages.SendMessage': async (ctx, request: { message: string }) => {
					if (request.message !== text) return original(ctx, request);
					env.server.use({ 'messages.SendMessage': original });
					await env.tg.suspend();
					stopped();
					return new Promise(() => undefined); // the connection is gone; nothing is answered
				},
			});
		});
	}

	it('a running trigger reconnects and emits the messages sent meanwhile once', async () => {
		const alice = env.world.addUser({ firstName: 'Alice' });
		const bob = env.world.addUser({ firstName: 'Bob' });
		const trigger = await env.trigger(triggered(node('Trigger', TGL_TRIGGER, { events: ['on_msg_receive', 'on_get_difference_end'] })), alice.id);
		try {
			await eventually(() => trigger.items().some((i) => i.json.event === 'on_get_difference_end'), 'start-up');
			env.world.sendMessage(bob.id, { userId: alice.id }, 'before');
			await eventually(() => texts(trigger.items()).includes('before'), 'live message');

			await env.tg.suspend();
			for (let n = 1; n <= 5; n++) {
				env.world.sendMessage(bob.id, { userId: alice.id }, `meanwhile ${n}`);
				await sleep(OUTAGE_MS / 5);
			}
			await env.tg.resume();

			await eventually(() => texts(trigger.items()).includes('meanwhile 5'), 'catch-up after the restart', 60_000, 50);
			env.world.sendMessage(bob.id, { userId: alice.id }, 'after');
			await eventually(() => texts(trigger.items()).includes('after'), 'live message after the restart', 30_000);
			expect(texts(trigger.items())).toEqual(['before', 'meanwhile 1', 'meanwhile 2', 'meanwhile 3', 'meanwhile 4', 'meanwhile 5', 'after']);
			await trigger.waitForRuns(trigger.emits.length, 30_000);
		} finally {
			await trigger.close();
		}
	}, 120_000);

	const batch = (n: number) => Array.from({ length: n }, (_, k) => ({ text: `item ${k + 1}` }));
	const sendEach = () =>
		tgl('Send', 'peer', 'sendMsg', { peer: byUsername('@dora_restart'), text: '={{ $json.text }}' }, { onError: 'continueRegularOutput' });

	it('a batch of sends waits for the reconnect when it comes within the connect timeout: each message once', async () => {
		DEFAULT_TIMEOUTS.connectMs = 40_000;
		const carl = env.world.addUser({ firstName: 'Carl' });
		await env.run(chain([{}], tgl('Warm', 'peer', 'info', { peer: byUsername('@dora_restart') })), carl.id);
		const stopped = stopOnSend('item 4');
		void stopped.then(() => setTimeout(() => void env.tg.resume(), OUTAGE_MS));
		const run = await env.run(chain(batch(8), sendEach()), carl.id);
		expect(run.error).toBeUndefined();
		const out = run.output('Send');
		expect(out.map((i) => i.json.error)).toEqual(Array(8).fill(undefined));
		expect(env.world.history(dora.id, { userId: carl.id }).map((m) => m.text).reverse()).toEqual(batch(8).map((b) => b.text));
	}, 120_000);

	it('a batch of sends with a shorter connect timeout: what could not be sent fails clearly and never arrives later', async () => {
		DEFAULT_TIMEOUTS.connectMs = 4_000;
		const erin = env.world.addUser({ firstName: 'Erin' });
		await env.run(chain([{}], tgl('Warm', 'peer', 'info', { peer: byUsername('@dora_restart') })), erin.id);
		const stopped = stopOnSend('item 3');
		void stopped.then(() => setTimeout(() => void env.tg.resume(), OUTAGE_MS));
		const run = await env.run(chain(batch(12), sendEach()), erin.id);
		expect(run.error).toBeUndefined();
		const out = run.output('Send');
		expect(out).toHaveLength(12);
		const failed = out.filter((i) => i.json.error).map((i) => batch(12)[(i.pairedItem as { item: number }).item].text);
		const sent = out.filter((i) => !i.json.error).map((i) => batch(12)[(i.pairedItem as { item: number }).item].text);
		expect(failed).toContain('item 3');
		for (const i of out.filter((o) => o.json.error)) {
			expect(i.json.error).toMatch(new RegExp(`Lost the connection to Telegram at 127\\.0\\.0\\.1:${env.tg.port} and could not get it back within 4 s`));
		}
		// Wait past the restart: a withdrawn send must not be delivered by a later reconnect.
		await eventually(() => env.server.sessionsOf(erin.id).length > 0 || env.server.connections.size > 0, 'the restart', 60_000, 100);
		const again = await env.run(chain([{ text: 'after' }], sendEach()), erin.id);
		expect(again.output('Send')[0].json.error).toBeUndefined();
		const stored = env.world.history(dora.id, { userId: erin.id }).map((m) => m.text).reverse();
		expect(stored).toEqual([...sent, 'after']);
	}, 120_000);
});
