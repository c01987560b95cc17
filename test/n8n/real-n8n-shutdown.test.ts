// A deletion waiting in its undo window when a real n8n 2.8.4 is stopped. The deletion is
// requested the way a running n8n gets work from outside: a published workflow whose Webhook
// node calls Delete Message with a 60 s undo window. `n8n start` holds the window; SIGTERM
// (a service manager, `docker stop`) carries it out before n8n exits; SIGKILL loses it.
import { randomUUID } from 'crypto';
import { LoopbackTelegram } from '../telegram/loopback';
import { N8nInstance } from './n8n-instance';
import { chainWorkflow, tglCredential, tglNode, type NodeJson } from './workflows';

jest.setTimeout(300_000);

const CRED = { id: 'tglLoopbackStop1', name: 'Telegram (loopback)' };
const WORKFLOW = 'tglDeleteLater01';
const PATH = 'delete-later';

function webhook(): NodeJson {
	return {
		id: randomUUID(),
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		parameters: { httpMethod: 'GET', path: PATH, responseMode: 'lastNode', options: {} },
		webhookId: randomUUID(),
	} as NodeJson;
}

describe('a real n8n stopped while a deletion waits in its undo window', () => {
	let tg: LoopbackTelegram;
	let n8n: N8nInstance;
	let alice: { id: number };
	let bob: { id: number };

	beforeAll(async () => {
		tg = await LoopbackTelegram.start();
		alice = tg.world.addUser({ firstName: 'Alice', username: 'alice_stop' });
		bob = tg.world.addUser({ firstName: 'Bob', username: 'bob_stop' });
		n8n = await N8nInstance.create();
		n8n.installPack();
		await n8n.importCredentials([tglCredential(CRED, await tg.credentialsFor(alice.id))]);
		await n8n.importWorkflow(
			chainWorkflow(WORKFLOW, 'Delete later', [
				webhook(),
				tglNode('Delete', CRED, { resource: 'msg', operation: 'deleteMsg', message: '={{ $json.query.id }}', undoSeconds: 60 }),
			]),
		);
		await n8n.publishWorkflow(WORKFLOW);
	});

	afterAll(async () => {
		try {
			await n8n?.dispose();
		} finally {
			await tg?.stop();
		}
	});

	const aliceToBob = (text: string) => tg.world.sendMessage(alice.id, { userId: bob.id }, text).boxes[alice.id];
	const aliceHas = (text: string) => tg.world.history(alice.id, { userId: bob.id }).some((m) => m.text === text);
	const bobHas = (text: string) => tg.world.history(bob.id, { userId: alice.id }).some((m) => m.text === text);

	const isJson = (text: string) => {
		try {
			JSON.parse(text);
			return true;
		} catch {
			return false;
		}
	};

	/** Starts n8n and asks its webhook to delete `id` with the workflow's 60 s undo window. */
	async function deleteLater(id: number): Promise<Record<string, unknown>> {
		await n8n.start();
		// /healthz answers before the published workflows' webhooks are registered.
		const until = Date.now() + 60_000;
		for (;;) {
			const res = await fetch(`${n8n.url}/webhook/${PATH}?id=${id}`);
			const body = await res.text();
			// Once (1 run in ~10 on a loaded box) a 200 came back whose body was not JSON: keep asking
			// until the deadline, and say what came if it never turns into the workflow's answer.
			if (res.ok && isJson(body)) return JSON.parse(body) as Record<string, unknown>;
			if ((res.status !== 404 && !res.ok) || Date.now() > until) throw new Error(`webhook: HTTP ${res.status} ${body.slice(0, 300)}\n${n8n.log.slice(-3000)}`);
			await new Promise((r) => setTimeout(r, 250));
		}
	}

	it('SIGTERM carries out the waiting deletion before n8n exits', async () => {
		const id = aliceToBob('undo window at SIGTERM');
		const answer = await deleteLater(id);
		expect(answer).toMatchObject({ success: true, pending: true });
		expect(Date.parse(answer.undo_until as string)).toBeGreaterThan(Date.now() + 30_000);
		expect(aliceHas('undo window at SIGTERM')).toBe(true);

		const signalled = Date.now();
		let deletedAt = 0;
		const watch = setInterval(() => (deletedAt ||= aliceHas('undo window at SIGTERM') ? 0 : Date.now()), 5);
		await n8n.stop();
		clearInterval(watch);
		process.stderr.write(`SIGTERM → deleted ${deletedAt - signalled} ms, → n8n exited ${Date.now() - signalled} ms\n`);
		expect(aliceHas('undo window at SIGTERM')).toBe(false);
		expect(bobHas('undo window at SIGTERM')).toBe(false);
		expect(n8n.log).toMatch(/Stopping n8n/);
		expect(n8n.log).not.toMatch(/Shutdown timed out|Error|ERROR/);
		expect(n8n.outboundAttempts()).toEqual([]);
	});

	it('SIGKILL loses it (as the README says): the message stays', async () => {
		const id = aliceToBob('undo window at SIGKILL');
		const answer = await deleteLater(id);
		expect(answer).toMatchObject({ success: true, pending: true });
		// n8n and its task runner are gone when kill() resolves: nothing can ask the server any more.
		await n8n.kill();
		expect(aliceHas('undo window at SIGKILL')).toBe(true);
		expect(bobHas('undo window at SIGKILL')).toBe(true);
	});
});
