// A real n8n 2.8.4 (regular mode) SIGKILLed in the middle of bursts of messages, five times at
// different points (twice right after an emit). Two workflows run side by side, each on its own
// account: the default (the position passes a message once its execution finished) and `emitted`.
// Each execution takes a second (a Wait node), then replies, so the server shows what was answered.
import * as path from 'path';
import { LoopbackTelegram } from '../telegram/loopback';
import { installedN8n, N8nInstance, sleep } from './n8n-instance';
import { readStaticData } from './n8n-db';
import { chainWorkflow, tglCredential, tglNode, tglTrigger, byId, type NodeJson } from './workflows';
import { eventually as waitFor } from '../support/eventually';

jest.setTimeout(600_000);

const BURST = 20;
const SPACING_MS = 300;
/** Where each burst is cut: right after the n-th emit of the default workflow, or some time after sending the n-th message. */
const KILLS: Array<{ at: number; afterEmit?: true; waitMs?: number }> = [
	{ at: 2, afterEmit: true },
	{ at: 6, waitMs: 600 },
	{ at: 10, afterEmit: true },
	{ at: 15, waitMs: 1300 },
	{ at: 20, waitMs: 0 },
];

const DEFAULT = { wf: 'tglCrashDefault1', name: 'Crash default', cred: { id: 'tglCrashAlice001', name: 'Alice' } };
const EMITTED = { wf: 'tglCrashEmitted1', name: 'Crash emitted', cred: { id: 'tglCrashCarol001', name: 'Carol' } };
const TRIGGER = 'On message';

function eventually(check: () => boolean, what: string, timeoutMs = 90_000): Promise<void> {
	return waitFor(check, what, timeoutMs, 50);
}

function wait1s(): NodeJson {
	return {
		id: `wait-${Math.random()}`,
		name: 'Wait',
		type: 'n8n-nodes-base.wait',
		typeVersion: 1.1,
		position: [0, 0],
		parameters: { resume: 'timeInterval', amount: 1, unit: 'seconds' },
	};
}

function workflow(w: typeof DEFAULT, options: Record<string, unknown>) {
	return chainWorkflow(w.wf, w.name, [
		tglTrigger(TRIGGER, w.cred, { events: ['on_msg_receive'], options }),
		wait1s(),
		tglNode('Reply', w.cred, {
			resource: 'peer',
			operation: 'sendMsg',
			peer: byId('={{ $json.msg.src }}'),
			text: "=Got: {{ $json.msg.text }}{{ $json.redelivered ? ' (redelivered)' : '' }}",
		}),
	]);
}

interface Sqlite3Db {
	all(sql: string, params: unknown[], cb: (err: Error | null, rows: Array<Record<string, unknown>>) => void): void;
	close(cb: (err: Error | null) => void): void;
}

/** The executions n8n recorded (read while it is dead): which message each started from, and when it ended. */
async function executionsOf(n8n: N8nInstance, workflowId: string): Promise<Array<{ id: number; text: string; status: string; startedAt?: number; stoppedAt?: number }>> {
	const modules = installedN8n().nodeModules;
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const sqlite3 = require(path.join(modules, 'sqlite3')) as { OPEN_READONLY: number; Database: new (f: string, m: number, cb: (e: Error | null) => void) => Sqlite3Db };
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { parse } = require(path.join(modules, 'flatted')) as { parse(text: string): unknown };
	const file = path.join(n8n.userFolder, '.n8n', 'database.sqlite');
	const db = await new Promise<Sqlite3Db>((resolve, reject) => {
		const opened = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (err) => (err ? reject(err) : resolve(opened)));
	});
	try {
		const rows = await new Promise<Array<Record<string, unknown>>>((resolve, reject) =>
			db.all(
				'SELECT e.id, e.status, e.startedAt, e.stoppedAt, d.data FROM execution_entity e LEFT JOIN execution_data d ON d.executionId = e.id WHERE e.workflowId = ? ORDER BY e.id',
				[workflowId],
				(err, r) => (err ? reject(err) : resolve(r)),
			),
		);
		const time = (v: unknown) => (v ? Date.parse(`${String(v).replace(' ', 'T')}${String(v).endsWith('Z') ? '' : 'Z'}`) : undefined);
		return rows.map((row) => {
			type Data = { executionData?: { nodeExecutionStack?: Array<{ data?: { main?: Array<Array<{ json: { msg?: { text?: string } } }>> } }> }; resultData?: { runData?: Record<string, Array<{ data?: { main: Array<Array<{ json: { msg?: { text?: string } } }>> } }>> } };
			const data = row.data ? (parse(String(row.data)) as Data) : undefined;
			const item = data?.resultData?.runData?.[TRIGGER]?.[0]?.data?.main?.[0]?.[0] ?? data?.executionData?.nodeExecutionStack?.[0]?.data?.main?.[0]?.[0];
			return { id: Number(row.id), text: item?.json.msg?.text ?? '', status: String(row.status), startedAt: time(row.startedAt), stoppedAt: time(row.stoppedAt) };
		});
	} finally {
		await new Promise<void>((resolve) => db.close(() => resolve()));
	}
}

describe('a real n8n killed mid-burst (regular mode)', () => {
	let tg: LoopbackTelegram;
	let n8n: N8nInstance;
	let alice: { id: number };
	let carol: { id: number };
	let bob: { id: number };
	const figures: string[] = [];

	beforeAll(async () => {
		tg = await LoopbackTelegram.start();
		alice = tg.world.addUser({ firstName: 'Alice' });
		carol = tg.world.addUser({ firstName: 'Carol' });
		bob = tg.world.addUser({ firstName: 'Bob' });
		// Debug logs: n8n's emit logs "Received trigger for workflow", which the kills right after an emit wait for.
		n8n = await N8nInstance.create({ env: { TGL_POOL_IDLE_SECONDS: '300', N8N_LOG_LEVEL: 'debug' } });
		n8n.installPack();
		await n8n.importCredentials([
			tglCredential(DEFAULT.cred, await tg.credentialsFor(alice.id)),
			tglCredential(EMITTED.cred, await tg.credentialsFor(carol.id)),
		]);
		await n8n.importWorkflow(workflow(DEFAULT, {}));
		await n8n.importWorkflow(workflow(EMITTED, { advancePositionWhen: 'emitted' }));
		await n8n.publishWorkflow(DEFAULT.wf);
		await n8n.publishWorkflow(EMITTED.wf);
	});

	afterAll(async () => {
		try {
			await n8n?.dispose();
		} finally {
			await tg?.stop();
			if (figures.length) process.stderr.write(`real-n8n crash figures:\n${figures.map((f) => `  ${f}`).join('\n')}\n`);
		}
	});

	/** Bob's view of the replies from an account: "Got: <text>" or "Got: <text> (redelivered)". */
	const replies = (from: { id: number }) =>
		tg.world
			.history(bob.id, { userId: from.id })
			.filter((m) => !m.out && m.text.startsWith('Got: '))
			.map((m) => m.text.slice('Got: '.length));
	const answers = (from: { id: number }, text: string) => replies(from).filter((r) => r === text || r === `${text} (redelivered)`);
	const emitsOf = (name: string) => n8n.log.split(`Received trigger for workflow "${name}"`).length - 1;

	it('the default answers every message after each restart, repeats only what was in flight (marked redelivered); emitted never repeats', async () => {
		const suiteStarted = Date.now();
		/** Alice's box id of each message sent to her, by text. */
		const idAtAlice = new Map<string, number>();
		const sentTexts: string[] = [];
		for (let round = 0; round <= KILLS.length; round++) {
			const started = Date.now();
			const fromCall = tg.server.calls.length;
			await n8n.start();
			if (round === 0) {
				// The first activation starts at the live position: wait for it before sending.
				const asked = (userId: number) => tg.server.calls.slice(fromCall).some((c) => c.method === 'updates.GetState' && c.userId === userId);
				await eventually(() => asked(alice.id) && asked(carol.id), 'both triggers to ask updates.getState');
			}
			figures.push(`start ${round + 1}: ${Date.now() - started} ms`);
			if (round > 0) {
				// Every message of the burst before the kill is answered once the trigger caught up.
				const burst = sentTexts.filter((t) => t.startsWith(`k${round}-`));
				await eventually(() => burst.every((t) => answers(alice, t).length > 0), `every message of burst ${round} answered after the restart`);
			}
			if (round === KILLS.length) break;

			const kill = KILLS[round];
			const emitsBefore = emitsOf(DEFAULT.name);
			let killed = false;
			for (let n = 1; n <= BURST; n++) {
				const text = `k${round + 1}-m${n}`;
				sentTexts.push(text);
				idAtAlice.set(text, tg.world.sendMessage(bob.id, { userId: alice.id }, text).boxes[alice.id]);
				tg.world.sendMessage(bob.id, { userId: carol.id }, text);
				if (n === kill.at && !killed) {
					if (kill.afterEmit) await eventually(() => emitsOf(DEFAULT.name) >= emitsBefore + n, `emit ${n} of burst ${round + 1}`, 30_000);
					else await sleep(kill.waitMs ?? 0);
					await n8n.kill();
					killed = true;
				} else if (!killed) {
					await sleep(SPACING_MS);
				}
			}

			// What n8n left behind at the kill: the trigger's saved data and the executions.
			const saved = (await readStaticData(n8n, DEFAULT.wf))?.[`node:${TRIGGER}`] as { inflight?: string[] } | undefined;
			const inflight = new Set(saved?.inflight ?? []);
			const executions = await executionsOf(n8n, DEFAULT.wf);
			const thisBurst = executions.filter((e) => e.text.startsWith(`k${round + 1}-`));
			const lastStart = Math.max(...thisBurst.map((e) => e.startedAt ?? 0));
			// n8n saves the trigger's data only when it emits: a message in flight at the last save is
			// one whose execution had not ended by then. 2 s of slack cover the database writes between.
			for (const key of inflight) {
				const text = [...idAtAlice].find(([, id]) => key === `m:common:${id}`)?.[0];
				expect(text).toBeDefined();
				const own = executions.filter((e) => e.text === text);
				expect(own.length).toBeGreaterThan(0);
				const ended = own.find((e) => e.status === 'success');
				if (ended) expect(ended.stoppedAt!).toBeGreaterThanOrEqual(lastStart - 2000);
			}
			figures.push(
				`kill ${round + 1} (${kill.afterEmit ? `right after emit ${kill.at}` : `${kill.waitMs} ms after message ${kill.at}`}): ` +
					`${thisBurst.length} executions started, ${thisBurst.filter((e) => e.status === 'success').length} finished, ${inflight.size} saved as in flight`,
			);
			(kill as { inflight?: Set<string> }).inflight = inflight;
		}

		// Every message answered; a second answer only for one the trigger had saved as in flight at
		// a kill, and only marked as redelivered.
		await sleep(1500);
		const inflightAtKills = new Set(KILLS.flatMap((k) => [...((k as { inflight?: Set<string> }).inflight ?? [])]));
		let repeated = 0;
		for (const text of sentTexts) {
			const got = answers(alice, text);
			expect({ text, answered: got.length > 0 }).toEqual({ text, answered: true });
			expect({ text, plain: got.filter((r) => r === text).length <= 1 }).toEqual({ text, plain: true });
			const again = got.filter((r) => r.endsWith('(redelivered)'));
			if (again.length) {
				repeated++;
				expect({ text, wasInFlight: inflightAtKills.has(`m:common:${idAtAlice.get(text)}`) }).toEqual({ text, wasInFlight: true });
			}
		}

		// emitted: never twice, never marked; what was in flight at a kill may be lost.
		tg.world.sendMessage(bob.id, { userId: carol.id }, 'sentinel');
		await eventually(() => answers(carol, 'sentinel').length > 0, 'the sentinel answered by the emitted workflow');
		await sleep(1500);
		let lost = 0;
		for (const text of sentTexts) {
			const got = answers(carol, text);
			expect({ text, atMostOnce: got.length <= 1, marked: got.some((r) => r.endsWith('(redelivered)')) }).toEqual({ text, atMostOnce: true, marked: false });
			if (!got.length) lost++;
		}
		figures.push(`default: ${sentTexts.length} messages, all answered, ${repeated} answered again (redelivered)`);
		figures.push(`emitted: ${sentTexts.length} messages, none twice, ${lost} lost`);
		figures.push(`whole test: ${Date.now() - suiteStarted} ms`);
		expect(n8n.outboundAttempts()).toEqual([]);
	});
});
