// Queue mode, a worker SIGKILLed in the middle of an execution: n8n 2.8.4 does not retry the job
// (maxStalledCount 0) and fails the execution as stalled, so the trigger on main emits the message
// again, once, marked redelivered, and the surviving worker answers it. An execution that ran and
// failed with a node error is not emitted again. Main and workers share one session (one host).
import { LoopbackTelegram } from '../telegram/loopback';
import { executionError, executionsStartedBy, executionStatuses, QueueCluster } from './queue-mode-cluster';
import { byId, byUsername, chainWorkflow, tglCredential, tglNode, tglTrigger, type NodeJson } from './workflows';

jest.setTimeout(300_000);

const CRED = { id: 'tglQCrashCred001', name: 'Telegram (queue crash)' };
const WF_REPLY = 'tglQCrashReply01';
const WF_FAIL = 'tglQCrashFail001';

async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 120_000): Promise<void> {
	const until = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 250));
	}
}

/** Long enough for the test to see the execution start on a worker and kill it before the reply. */
function wait(seconds: number): NodeJson {
	return {
		id: 'wait-queue-crash',
		name: 'Wait',
		type: 'n8n-nodes-base.wait',
		typeVersion: 1.1,
		position: [0, 0],
		parameters: { resume: 'timeInterval', amount: seconds, unit: 'seconds' },
	};
}

describe('queue mode: a worker killed mid-execution', () => {
	let tg: LoopbackTelegram;
	let cluster: QueueCluster;
	let alice: { id: number };
	let carol: { id: number };
	let erin: { id: number };

	const repliesTo = (peerId: number) => tg.world.history(alice.id, { userId: peerId }).filter((m) => m.out).map((m) => m.text);
	const newRuns = async (wf: string, before: Set<number>) => [...(await executionStatuses(cluster.main, wf)).entries()].filter(([id]) => !before.has(id));

	beforeAll(async () => {
		tg = await LoopbackTelegram.start();
		alice = tg.world.addUser({ firstName: 'Alice' });
		carol = tg.world.addUser({ firstName: 'Carol', username: 'carol_qcrash' });
		erin = tg.world.addUser({ firstName: 'Erin', username: 'erin_qcrash' });
		cluster = await QueueCluster.create();
		await cluster.main.importCredentials([tglCredential(CRED, await tg.credentialsFor(alice.id))]);
		await cluster.main.importWorkflow(
			chainWorkflow(WF_REPLY, "Carol's messages, answered after a pause", [
				tglTrigger('On message', CRED, { events: ['on_msg_receive'], options: { onlyPeers: '@carol_qcrash' } }),
				wait(3),
				tglNode('Reply', CRED, {
					resource: 'peer',
					operation: 'sendMsg',
					peer: byId('={{ $json.msg.src }}'),
					text: "=Got: {{ $json.msg.text }}{{ $json.redelivered ? ' (redelivered)' : '' }}",
				}),
			]),
		);
		await cluster.main.importWorkflow(
			chainWorkflow(WF_FAIL, "Erin's messages, sent to nobody", [
				tglTrigger('On message', CRED, { events: ['on_msg_receive'], options: { onlyPeers: '@erin_qcrash' } }),
				// No such user: an item error, and Continue On Fail is off, so the execution fails.
				tglNode('Reply', CRED, { resource: 'peer', operation: 'sendMsg', peer: byUsername('@nobody_qcrash'), text: '={{ $json.msg.text }}' }),
			]),
		);
		await cluster.main.publishWorkflow(WF_REPLY);
		await cluster.main.publishWorkflow(WF_FAIL);
		await cluster.main.start();
		await Promise.all([cluster.startWorker(0), cluster.startWorker(1)]);
		// Both triggers live: each has asked Telegram for the state.
		await eventually(() => tg.server.calls.filter((c) => c.method === 'updates.GetState').length >= 1, 'the triggers to connect');
		// A first message answered proves the whole path before anything is killed.
		tg.world.sendMessage(carol.id, { userId: alice.id }, 'warm up');
		await eventually(() => repliesTo(carol.id).includes('Got: warm up'), 'the warm-up answer');
	});

	afterAll(async () => {
		try {
			await cluster?.stop();
		} finally {
			await tg?.stop();
		}
	});

	it('the message is emitted again once, marked redelivered, and the other worker answers it', async () => {
		const before = new Set((await executionStatuses(cluster.main, WF_REPLY)).keys());
		const started = cluster.workers.map((w) => executionsStartedBy(w).length);
		tg.world.sendMessage(carol.id, { userId: alice.id }, 'kill me');
		await eventually(() => cluster.workers.some((w, k) => executionsStartedBy(w).length > started[k]), 'a worker to start the execution');
		const killed = executionsStartedBy(cluster.workers[0]).length > started[0] ? 0 : 1;
		await cluster.workers[killed].kill();
		// The kill landed in the Wait: nothing was answered.
		expect(repliesTo(carol.id).filter((t) => t.includes('kill me'))).toEqual([]);

		// The survivor finds the job stalled once the lock lapses; n8n fails it, main emits again.
		await eventually(() => repliesTo(carol.id).includes('Got: kill me (redelivered)'), 'the redelivered message answered');
		await eventually(async () => (await newRuns(WF_REPLY, before)).every(([, s]) => s === 'success' || s === 'error'), 'both executions to end');
		const runs = await newRuns(WF_REPLY, before);
		expect(runs.map(([, s]) => s)).toEqual(['error', 'success']);
		expect(await executionError(cluster.main, runs[0][0])).toMatch(/failed to be processed too many times/);
		expect(executionsStartedBy(cluster.workers[1 - killed])).toContain(runs[1][0]);

		// Once only: a later message is answered, and the crashed one was answered exactly once.
		tg.world.sendMessage(carol.id, { userId: alice.id }, 'after the kill');
		await eventually(() => repliesTo(carol.id).includes('Got: after the kill'), 'the next message answered');
		expect(repliesTo(carol.id).filter((t) => t.includes('kill me'))).toEqual(['Got: kill me (redelivered)']);
		expect(await newRuns(WF_REPLY, before)).toHaveLength(3);
	});

	it('an execution that failed with a node error is not emitted again', async () => {
		const before = new Set((await executionStatuses(cluster.main, WF_FAIL)).keys());
		tg.world.sendMessage(erin.id, { userId: alice.id }, 'to nobody');
		await eventually(async () => (await newRuns(WF_FAIL, before)).some(([, s]) => s === 'error'), 'the execution to fail');
		const [[failedId]] = await newRuns(WF_FAIL, before);
		expect(await executionError(cluster.main, failedId)).toMatch(/USERNAME_NOT_OCCUPIED|not occupied|No user/i);

		// A later message through the other workflow (a pause, then a reply) has gone all the way
		// through main and a worker: a re-emit of the failed one would have been recorded by now.
		tg.world.sendMessage(carol.id, { userId: alice.id }, 'sentinel');
		await eventually(() => repliesTo(carol.id).includes('Got: sentinel'), 'the sentinel answered');
		expect(await newRuns(WF_FAIL, before)).toEqual([[failedId, 'error']]);
	});
});
