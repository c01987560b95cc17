// Queue-mode figures: executions per second of Webhook → Send Message started through a real
// n8n 2.8.4 main and run by one, then two workers (each on its own Worker Sessions line), and the
// connections each process held per account, all in the same run. Bounded: a fixed batch per
// setting, every wait capped.
import { LoopbackTelegram } from '../test/telegram/loopback';
import { eventually } from '../test/support/eventually';
import { callWebhook, QueueCluster, webhookNode } from '../test/n8n/queue-mode-cluster';
import { byUsername, chainWorkflow, tglNode, tglTrigger } from '../test/n8n/workflows';
import { installedN8n } from '../test/n8n/n8n-instance';
import { redisAvailable } from '../test/n8n/redis';

const BATCH = 100;
const CRED = { id: 'tglBenchQueue001', name: 'Telegram (bench)' };
const WF = 'tglBenchQueueWf1';
const WF_TRIGGER = 'tglBenchQueueTr1';

/** Sends BATCH webhook calls at once; resolves with executions per second until the last message arrived. */
async function batchRate(tg: LoopbackTelegram, cluster: QueueCluster, label: string, sentTo: () => string[]): Promise<number> {
	const texts = Array.from({ length: BATCH }, (_, n) => `${label} ${n}`);
	const start = process.hrtime.bigint();
	await Promise.all(texts.map((t) => callWebhook(cluster.main, 'bench-send', { n: t })));
	await eventually(() => texts.every((t) => sentTo().includes(t)), `${label}: ${BATCH} messages`, 300_000, 50);
	return BATCH / (Number(process.hrtime.bigint() - start) / 1e9);
}

export async function queueFigures(): Promise<string[]> {
	try {
		installedN8n();
	} catch (error) {
		return [`(queue) skipped: ${(error as Error).message}`];
	}
	if (!redisAvailable()) return ['(queue) skipped: redis-server is not installed (apt-get install -y redis-server)'];
	const tg = await LoopbackTelegram.start();
	let cluster: QueueCluster | undefined;
	try {
		const alice = tg.world.addUser({ firstName: 'Alice' });
		const bob = tg.world.addUser({ firstName: 'Bob', username: 'bob_queue_bench' });
		const sessions: string[] = [];
		const keys: string[] = [];
		for (let n = 0; n < 3; n++) {
			sessions.push(await tg.sessionFor(alice.id));
			keys.push(tg.server.keys.ofUser(alice.id).at(-1)!.id);
		}
		cluster = await QueueCluster.create({ workerEnv: (k) => ({ TGL_SESSION_SLOT: String(k + 1) }) });
		const creds = await tg.credentialsFor(alice.id);
		await cluster.main.importCredentials([{ ...CRED, type: 'tglApi', data: { ...creds, session: sessions[0], workerSessions: sessions.slice(1).join('\n') } }]);
		await cluster.main.importWorkflow(
			chainWorkflow(WF, 'Webhook → Send Message', [
				webhookNode('Webhook', 'bench-send'),
				tglNode('Send', CRED, { resource: 'peer', operation: 'sendMsg', peer: byUsername('@bob_queue_bench'), text: '={{ $json.query.n }}' }),
			]),
		);
		// A trigger, so that main holds the account's connection as it does in real use.
		await cluster.main.importWorkflow(chainWorkflow(WF_TRIGGER, 'Listen', [tglTrigger('On message', CRED, { events: ['on_msg_receive'] })]));
		for (const id of [WF, WF_TRIGGER]) await cluster.main.publishWorkflow(id);
		await cluster.main.start();
		const sentTo = () => tg.world.history(alice.id, { userId: bob.id }).map((m) => m.text);

		await cluster.startWorker(0);
		await batchRate(tg, cluster, 'warm', sentTo); // first executions load the pack and connect
		const one = await batchRate(tg, cluster, 'one worker', sentTo);
		await cluster.startWorker(1);
		await batchRate(tg, cluster, 'warm 2', sentTo);
		const two = await batchRate(tg, cluster, 'two workers', sentTo);

		const perProcess = ['main', 'worker 1', 'worker 2']
			.map((name, k) => {
				const stats = tg.server.keyStats.get(keys[k]);
				return `${name} ${stats?.peak ?? 0} (${stats?.opened ?? 0} opened in the run)`;
			})
			.join(', ');
		return [
			`(queue) ${BATCH} Webhook → Send Message executions through main: ${one.toFixed(1)} exec/s with 1 worker, ${two.toFixed(1)} exec/s with 2 workers (concurrency 10 each)`,
			`(queue) connections per account, most open at once, per process: ${perProcess}`,
		];
	} finally {
		await cluster?.stop();
		await tg.stop();
	}
}
