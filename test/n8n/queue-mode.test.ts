// The pack on n8n's own distributed engine: a real n8n 2.8.4 main and two workers on a throwaway
// Redis, one user folder, the loopback Telegram. Every process is its own "host" for the loopback
// (an auth key used from two processes at once is ended with AUTH_KEY_DUPLICATED, as Telegram does
// for two IPs), so main uses the Session field and worker k line k of Worker Sessions.
import { LoopbackTelegram } from '../telegram/loopback';
import { HOSTS } from '../telegram/mtproto/faults';
import { eventually as waitFor } from '../support/eventually';
import type { N8nInstance } from './n8n-instance';
import {
	callWebhook,
	executionError,
	executionsFinishedBy,
	executionsStartedBy,
	executionStatuses,
	QueueCluster,
	webhookNode,
} from './queue-mode-cluster';
import { byUsername, chainWorkflow, tglNode, tglTrigger } from './workflows';

jest.setTimeout(900_000);

const CRED = { id: 'tglQueueCred0001', name: 'Telegram (queue mode)' };
const WF_SEND = 'tglQueueSendWf01';
const WF_ECHO = 'tglQueueEchoWf01';
const WF_FILE = 'tglQueueFileWf01';
const IDLE_SECONDS = 8;

function eventually(check: () => boolean, what: string, timeoutMs = 180_000): Promise<void> {
	return waitFor(check, what, timeoutMs, 250);
}

async function eventuallyAsync(check: () => Promise<boolean>, what: string, timeoutMs = 180_000): Promise<void> {
	const until = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 500));
	}
}

const countOf = <T>(list: T[], value: T) => list.filter((v) => v === value).length;

describe('queue mode: main + two workers on Redis', () => {
	let tg: LoopbackTelegram;
	let cluster: QueueCluster;
	let alice: { id: number };
	let bob: { id: number };
	let carol: { id: number };
	let dave: { id: number };
	let erin: { id: number };
	const sessions: string[] = [];
	/** Auth key ids: [main, slot 1, slot 2]. */
	const keys: string[] = [];

	const main = () => cluster.main;
	const worker = (k: number) => cluster.workers[k];
	const textsTo = (peerId: number) => tg.world.history(alice.id, { userId: peerId }).filter((m) => m.out).map((m) => m.text);
	const callsOn = (key: string, from = 0) => tg.server.calls.slice(from).filter((c) => c.authKeyId === key);
	const liveOn = (key: string) => tg.server.connectionsOfKey(key).length;

	async function newSession(): Promise<void> {
		sessions.push(await tg.sessionFor(alice.id));
		keys.push(tg.server.keys.ofUser(alice.id).at(-1)!.id);
	}

	async function startMain(): Promise<void> {
		const from = tg.server.calls.length;
		await main().start();
		await eventually(() => countOf(callsOn(keys[0], from).map((c) => c.method), 'updates.GetState') >= 1, 'the trigger to connect on main').catch((error: Error) => {
			throw new Error(`${error.message}\nmain's log:\n${main().log.split('\n').slice(-40).join('\n')}`);
		});
	}

	beforeAll(async () => {
		tg = await LoopbackTelegram.start();
		tg.faults.hostOf = HOSTS.byProcess;
		alice = tg.world.addUser({ firstName: 'Alice' });
		bob = tg.world.addUser({ firstName: 'Bob', username: 'bob_queue' });
		carol = tg.world.addUser({ firstName: 'Carol', username: 'carol_queue' });
		dave = tg.world.addUser({ firstName: 'Dave', username: 'dave_queue' });
		erin = tg.world.addUser({ firstName: 'Erin', username: 'erin_queue' });
		for (let n = 0; n < 3; n++) await newSession();
		cluster = await QueueCluster.create({
			env: { TGL_POOL_IDLE_SECONDS: String(IDLE_SECONDS) },
			workerEnv: (k) => ({ TGL_SESSION_SLOT: String(k + 1) }),
		});
		const creds = await tg.credentialsFor(alice.id);
		await main().importCredentials([
			{
				...CRED,
				type: 'tglApi',
				data: { ...creds, session: sessions[0], workerSessions: `${sessions[1]}\n${sessions[2]}\n` },
			},
		]);
		await main().importWorkflow(
			chainWorkflow(WF_SEND, 'Webhook → Send Message', [
				webhookNode('Webhook', 'tgl-send'),
				tglNode('Reply', CRED, { resource: 'peer', operation: 'sendMsg', peer: byUsername('@bob_queue'), text: '={{ $json.query.n }}' }),
			]),
		);
		await main().importWorkflow(
			chainWorkflow(WF_ECHO, "Carol's messages → Dave", [
				tglTrigger('On message', CRED, { events: ['on_msg_receive'], options: { onlyPeers: '@carol_queue' } }),
				tglNode('Reply', CRED, {
					resource: 'peer',
					operation: 'sendMsg',
					peer: byUsername('@dave_queue'),
					text: "={{ $json.msg.text }}{{ $json.redelivered ? ' (redelivered)' : '' }}",
				}),
			]),
		);
		await main().importWorkflow(
			chainWorkflow(WF_FILE, "Erin's files → Dave", [
				tglTrigger('On file', CRED, { events: ['on_msg_receive'], options: { onlyPeers: '@erin_queue', downloadMedia: true } }),
				tglNode('Forward file', CRED, { resource: 'peer', operation: 'sendDocument', peer: byUsername('@dave_queue'), binaryPropertyName: 'data' }),
			]),
		);
		for (const id of [WF_SEND, WF_ECHO, WF_FILE]) await main().publishWorkflow(id);
		await startMain();
		await Promise.all([cluster.startWorker(0), cluster.startWorker(1)]);
	});

	afterAll(async () => {
		try {
			await cluster?.stop();
		} finally {
			await tg?.stop();
		}
	});

	it('50 Send Message executions started through main run on the workers, and each message arrives once', async () => {
		const from = tg.server.calls.length;
		const statuses = await Promise.all(Array.from({ length: 50 }, (_, n) => callWebhook(main(), 'tgl-send', { n: `send ${n + 1}` })));
		expect(statuses.every((s) => s === 200)).toBe(true);
		const wanted = Array.from({ length: 50 }, (_, n) => `send ${n + 1}`);
		await eventually(() => wanted.every((t) => textsTo(bob.id).includes(t)), 'the 50 messages at Bob');
		await eventuallyAsync(async () => [...(await executionStatuses(main(), WF_SEND)).values()].filter((s) => s === 'success').length === 50, '50 successful executions');

		expect(textsTo(bob.id).sort()).toEqual([...wanted].sort());
		const ids = [...(await executionStatuses(main(), WF_SEND)).keys()];
		expect(ids).toHaveLength(50);
		// n8n's execution records keep no worker id; each worker's log names the executions it ran.
		await eventually(() => executionsFinishedBy(worker(0)).length + executionsFinishedBy(worker(1)).length >= 50, 'the workers to log the finished runs');
		const ran = [executionsStartedBy(worker(0)), executionsStartedBy(worker(1))];
		expect([...ran[0], ...ran[1]].sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
		expect(ran[0].length).toBeGreaterThan(0);
		expect(ran[1].length).toBeGreaterThan(0);
		expect(main().log).not.toMatch(/Worker started execution/);
		// Telegram's side says the same: each send came on the session of the worker that ran it.
		const sends = (key: string) => callsOn(key, from).filter((c) => c.method === 'messages.SendMessage').length;
		expect(sends(keys[0])).toBe(0);
		expect(sends(keys[1])).toBe(ran[0].length);
		expect(sends(keys[2])).toBe(ran[1].length);
	});

	it('the trigger runs on main only and emits each incoming message once', async () => {
		const texts = Array.from({ length: 10 }, (_, n) => `hello ${n + 1}`);
		for (const t of texts) tg.world.sendMessage(carol.id, { userId: alice.id }, t);
		await eventually(() => texts.every((t) => textsTo(dave.id).includes(t)), 'the 10 messages echoed to Dave');
		await eventuallyAsync(async () => [...(await executionStatuses(main(), WF_ECHO)).values()].filter((s) => s === 'success').length === 10, '10 echo executions');
		expect(textsTo(dave.id).sort()).toEqual([...texts].sort());
		const ids = [...(await executionStatuses(main(), WF_ECHO)).keys()];
		expect(ids).toHaveLength(10);
		await eventually(() => ids.every((id) => [...executionsFinishedBy(worker(0)), ...executionsFinishedBy(worker(1))].includes(id)), 'the echo runs in the worker logs');
		// Only main's session asks Telegram for updates; the workers only send.
		const updateCalls = tg.server.calls.filter((c) => c.method.startsWith('updates.'));
		expect(updateCalls.length).toBeGreaterThan(0);
		expect(updateCalls.every((c) => c.authKeyId === keys[0])).toBe(true);
	});

	it('each process keeps one connection per account, and a worker closes it after the idle period', async () => {
		for (const key of keys) expect(tg.server.keyStats.get(key)?.peak).toBe(1);
		await eventually(() => liveOn(keys[1]) === 0 && liveOn(keys[2]) === 0, `the workers' connections to close after ${IDLE_SECONDS} s idle`);
		// Main's stays: the triggers hold it.
		expect(liveOn(keys[0])).toBe(1);
		// The next execution opens one again.
		await callWebhook(main(), 'tgl-send', { n: 'after idle' });
		await eventually(() => textsTo(bob.id).includes('after idle'), 'the send after the idle close');
		expect(liveOn(keys[1]) + liveOn(keys[2])).toBe(1);
		for (const key of keys) expect(tg.server.keyStats.get(key)?.peak).toBe(1);
	});

	it("a file the trigger downloads on main reaches the execution on a worker (binary data in n8n's database)", async () => {
		const bytes = Buffer.from(Array.from({ length: 300_000 }, (_, n) => (n * 7) % 253));
		tg.world.sendMedia(erin.id, { userId: alice.id }, { document: bytes, mimeType: 'application/x-test', fileName: 'report.bin' }, 'the report');
		await eventually(() => tg.world.history(alice.id, { userId: dave.id }).some((m) => m.out && m.media?.kind === 'document'), 'the file forwarded to Dave');
		const sent = tg.world.history(alice.id, { userId: dave.id }).find((m) => m.out && m.media?.kind === 'document')!;
		expect(tg.world.fileBytes(sent)!.equals(bytes)).toBe(true);
		const [id] = [...(await executionStatuses(main(), WF_FILE)).keys()];
		await eventually(() => [...executionsFinishedBy(worker(0)), ...executionsFinishedBy(worker(1))].includes(id), 'the file run in a worker log');
		expect((await executionStatuses(main(), WF_FILE)).get(id)).toBe('success');
	});

	it('main SIGKILLed while messages arrive, restarted: no message is lost; one in flight at the kill may come twice, the second time marked redelivered', async () => {
		const texts: string[] = [];
		const send = () => {
			const t = `during crash ${texts.length + 1}`;
			texts.push(t);
			tg.world.sendMessage(carol.id, { userId: alice.id }, t);
		};
		for (let n = 0; n < 5; n++) send();
		await eventually(() => texts.slice(0, 5).every((t) => textsTo(dave.id).includes(t)), 'the first messages echoed');
		const before = new Set((await executionStatuses(main(), WF_ECHO)).keys());
		const sender = setInterval(send, 300);
		let killedAt = 0;
		try {
			await eventually(() => texts.length >= 10, 'more messages arriving');
			await main().kill();
			killedAt = texts.length;
			await eventually(() => texts.length >= killedAt + 5, 'messages arriving while main is down');
			await startMain();
			await eventually(() => texts.length >= killedAt + 15, 'messages arriving after the restart');
		} finally {
			clearInterval(sender);
		}
		const plain = (t: string) => t.replace(/ \(redelivered\)$/, '');
		const echoed = () => textsTo(dave.id).filter((t) => t.startsWith('during crash'));
		// The position passes a message only once its execution finished (on a worker, which main's
		// death does not stop): every message is answered, including those around the kill.
		await eventually(() => texts.every((t) => echoed().map(plain).includes(t)), 'every message echoed');
		await eventuallyAsync(
			async () => [...(await executionStatuses(main(), WF_ECHO)).entries()].every(([id, st]) => before.has(id) || st === 'success'),
			'every echo execution to succeed',
		);
		// A message in flight at the kill is emitted again by the restarted main, marked; its first
		// execution may still have answered. Nothing else twice.
		const twice: string[] = [];
		for (const t of texts) {
			expect(countOf(echoed(), t)).toBeLessThanOrEqual(1);
			expect(countOf(echoed(), `${t} (redelivered)`)).toBeLessThanOrEqual(1);
			if (countOf(echoed().map(plain), t) === 2) twice.push(t);
		}
		expect(twice.length).toBeLessThanOrEqual(10);
		process.stderr.write(`queue mode, main SIGKILL: ${texts.length} messages, none lost, ${twice.length} answered twice (in flight at the kill)\n`);
	});

	it('a worker SIGKILLed mid-batch: n8n fails its executions without retrying them; a send Telegram had received still arrives, once', async () => {
		const from = tg.server.calls.length;
		let killed = 0;
		const before = new Set((await executionStatuses(main(), WF_SEND)).keys());
		// Sends take a while on Telegram's side, so the worker dies with some under way.
		tg.faults.delay('messages.SendMessage', 4000);
		const texts = Array.from({ length: 20 }, (_, n) => `batch ${n + 1}`);
		try {
			await Promise.all(texts.map((t) => callWebhook(main(), 'tgl-send', { n: t })));
			await eventually(() => [1, 2].some((slot) => callsOn(keys[slot], from).some((c) => c.method === 'messages.SendMessage')), 'a worker to send');
			// The first worker seen sending dies (worker k sends with slot k + 1).
			killed = callsOn(keys[1], from).some((c) => c.method === 'messages.SendMessage') ? 0 : 1;
			await worker(killed).kill();
		} finally {
			tg.faults.delay('messages.SendMessage', 0);
		}
		const batch = async () => [...(await executionStatuses(main(), WF_SEND)).entries()].filter(([id]) => !before.has(id));
		// Once the dead worker's lock lapses, the other worker finds its jobs stalled and n8n fails them.
		await eventuallyAsync(async () => (await batch()).length === 20 && (await batch()).every(([, s]) => s === 'success' || s === 'error'), 'every batch execution to end', 300_000).catch(
			async (error: Error) => {
				throw new Error(`${error.message}: ${JSON.stringify(await batch())}`);
			},
		);
		const ended = await batch();
		const killedRan = new Set(executionsStartedBy(worker(killed)));
		const failed = ended.filter(([, s]) => s === 'error').map(([id]) => id);
		const succeeded = ended.filter(([, s]) => s === 'success').map(([id]) => id);
		expect(failed.length).toBeGreaterThan(0);
		// What the killed worker had taken failed as stalled (it may have died before logging the
		// last job it took); the other worker ran everything else, and never a failed one again.
		const survivorRan = new Set(executionsStartedBy(worker(1 - killed)));
		for (const id of failed) {
			expect(survivorRan.has(id)).toBe(false);
			expect(await executionError(main(), id)).toMatch(/This execution failed to be processed too many times and will no longer retry/);
		}
		for (const [id] of ended) if (killedRan.has(id)) expect(failed).toContain(id);
		for (const id of succeeded) expect(executionsFinishedBy(worker(1 - killed))).toContain(id);
		// Telegram completed every send it had received from the dead worker: those messages exist
		// though their executions say error. Nothing was retried, so nothing arrived twice.
		const sentByKilled = callsOn(keys[killed + 1], from).filter((c) => c.method === 'messages.SendMessage').length;
		expect(sentByKilled).toBeGreaterThan(0);
		expect(sentByKilled).toBeLessThanOrEqual(failed.length);
		const arrived = textsTo(bob.id).filter((t) => texts.includes(t));
		expect(new Set(arrived).size).toBe(arrived.length);
		expect(arrived.length).toBe(succeeded.length + sentByKilled);
	});

	it("on one host, a worker without a slot shares main's session: main and worker, two connections on one auth key", async () => {
		tg.faults.hostOf = undefined; // one host: Telegram sees one IP
		await Promise.all([worker(0).stop(), worker(1).stop()]);
		await cluster.startWorker(0, { TGL_SESSION_SLOT: '' });
		const from = tg.server.calls.length;
		await callWebhook(main(), 'tgl-send', { n: 'same host' });
		await eventually(() => textsTo(bob.id).includes('same host'), 'the send from the worker without a slot');
		expect(callsOn(keys[0], from).filter((c) => c.method === 'messages.SendMessage')).toHaveLength(1);
		expect(liveOn(keys[0])).toBe(2);
		expect(tg.server.keys.get(keys[0])!.revoked).toBeUndefined();
		await worker(0).stop();
	});

	it("from another host, a worker without a slot gets main's session ended by Telegram, and every node using it fails with one sentence, without reconnecting", async () => {
		tg.faults.hostOf = HOSTS.byProcess;
		const noSlot: N8nInstance = await cluster.startWorker(0);
		const before = new Set((await executionStatuses(main(), WF_SEND)).keys());
		await callWebhook(main(), 'tgl-send', { n: 'from the wrong session' });
		const failed = async () => [...(await executionStatuses(main(), WF_SEND)).entries()].filter(([id, s]) => !before.has(id) && s === 'error');
		await eventuallyAsync(async () => (await failed()).length === 1, 'the execution to fail');
		const [[firstId]] = await failed();
		expect(executionsStartedBy(noSlot)).toContain(firstId);
		const message = (await executionError(main(), firstId))!;
		expect(message).toMatch(/^AUTH_KEY_DUPLICATED: Telegram saw this session in use from two places at once/);
		expect(message).toContain('TGL_SESSION_SLOT=k uses line k of the Worker Sessions field');
		for (const s of sessions) expect(message.includes(s)).toBe(false);
		expect(tg.server.keys.get(keys[0])!.revoked).toBe('AUTH_KEY_DUPLICATED');
		// The slot sessions were never touched.
		expect(tg.server.keys.get(keys[1])!.revoked).toBeUndefined();
		expect(tg.server.keys.get(keys[2])!.revoked).toBeUndefined();

		// The next execution fails at once: the worker does not connect with the dead session again.
		const opened = tg.server.keyStats.get(keys[0])!.opened;
		await callWebhook(main(), 'tgl-send', { n: 'again' });
		await eventuallyAsync(async () => (await failed()).length === 2, 'the second execution to fail');
		const [, [secondId]] = await failed();
		expect(await executionError(main(), secondId)).toMatch(/^AUTH_KEY_DUPLICATED: /);
		expect(tg.server.keyStats.get(keys[0])!.opened).toBe(opened);
		expect(textsTo(bob.id)).not.toContain('again');
		// Main and workers share the user folder, so one network-guard log: nothing left the machine.
		expect(main().outboundAttempts()).toEqual([]);
	});
});
