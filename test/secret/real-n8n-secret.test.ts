// The secret-chat happy path in a real n8n 2.8.4 (the pack installed from its tarball, `n8n start`):
// the other side is a raw GramJS client running the pack's SecretChatService in this process. It
// asks for a chat; the published workflow's trigger accepts it, receives the decrypted messages
// and answers each one into the secret chat through Peer → Send Message (after a 1 s Wait, so that a
// kill right after an emit lands while that execution runs). Then n8n is stopped (SIGTERM) and
// SIGKILLed with messages sent while it is down: a new process restores the state file and
// answers each one.
import * as fs from 'fs';
import * as path from 'path';
import { StringSession } from 'telegram/sessions';
import { LoopbackTelegram } from '../telegram/loopback';
import { N8nInstance } from '../n8n/n8n-instance';
import { secretChatsOf } from '../telegram/world/secret-chats';
import { byId, chainWorkflow, tglCredential, tglNode, tglTrigger, type NodeJson } from '../n8n/workflows';
import { eventually as waitFor } from '../support/eventually';
import { serviceDevice, working, type ServiceDevice } from './service-device';
import type { SecretServiceState } from '../../nodes/Tgl/secret/service';
import { StateFile, stateFileName, stateKey } from '../../nodes/Tgl/secret/state-file';
import { readSecretState } from '../../nodes/Tgl/secret/state-store';

jest.setTimeout(300_000);

const CRED = { id: 'tglSecret0000001', name: 'Telegram (loopback)' };
const WF = 'tglSecretReply01';
const TRIGGER = 'On secret message';
const eventually = (check: () => boolean, what: string) => waitFor(check, what, 120_000, 100);

function wait1s(): NodeJson {
	return { id: 'wait-1s', name: 'Wait', type: 'n8n-nodes-base.wait', typeVersion: 1.1, position: [0, 0], parameters: { resume: 'timeInterval', amount: 1, unit: 'seconds' } };
}

describe('secret chats in a real n8n', () => {
	let tg: LoopbackTelegram;
	let n8n: N8nInstance;
	/** Set by the first test: Bob's other app, its chat with Alice's n8n, and what Bob received. */
	let bobApp: ServiceDevice | undefined;
	let chatId = 0;
	const figures: string[] = [];
	const texts = () => bobApp?.received ?? [];
	const service = () => bobApp!.service;
	/** Alice's state file as n8n saved it (readable without the lock, with her auth key). */
	let aliceState: () => Promise<SecretServiceState | undefined> = () => Promise.resolve(undefined);

	beforeAll(async () => {
		tg = await LoopbackTelegram.start();
		// Debug logs: n8n's emit logs "Received trigger for workflow", which the kill waits for. One
		// production execution at a time: the answers then come in the order of the emits (the
		// order the trigger guarantees), which concurrent executions could cross.
		n8n = await N8nInstance.create({ env: { N8N_LOG_LEVEL: 'debug', N8N_CONCURRENCY_PRODUCTION_LIMIT: '1' } });
		n8n.installPack();
	});

	afterAll(async () => {
		await bobApp?.stop();
		try {
			await n8n?.stop();
			await n8n?.dispose();
		} finally {
			await tg?.stop();
			if (figures.length) process.stderr.write(`real-n8n secret figures:\n${figures.map((f) => `  ${f}`).join('\n')}\n`);
		}
	});

	const stateFiles = () => fs.readdirSync(path.join(n8n.userFolder, '.n8n', 'tgl')).filter((f) => f.endsWith('.state'));
	const lockLeft = () => fs.readdirSync(path.join(n8n.userFolder, '.n8n', 'tgl')).some((f) => f.endsWith('.lock'));
	const emits = () => n8n.log.split('Received trigger for workflow "Secret auto-reply"').length - 1;

	it('accepts a chat, answers its messages in it, and keeps the state under the n8n user folder', async () => {
		const alice = tg.world.addUser({ firstName: 'Alice' });
		const bob = tg.world.addUser({ firstName: 'Bob' });
		const aliceCreds = await tg.credentialsFor(alice.id);
		await n8n.importCredentials([tglCredential(CRED, aliceCreds)]);
		const aliceSession = new StringSession(aliceCreds.session);
		await aliceSession.load();
		const aliceKey = aliceSession.getAuthKey()!.getKey()!;
		aliceState = () => readSecretState(new StateFile<SecretServiceState>(path.join(n8n.userFolder, '.n8n', 'tgl', stateFileName(aliceKey)), stateKey(aliceKey))).catch(() => undefined);
		await n8n.importWorkflow(
			chainWorkflow(WF, 'Secret auto-reply', [
				tglTrigger(TRIGGER, CRED, { events: ['on_msg_receive'], options: { acceptSecretChats: true } }),
				wait1s(),
				tglNode('Reply', CRED, {
					resource: 'peer',
					operation: 'sendMsg',
					peer: byId("={{ $('" + TRIGGER + "').item.json.msg.dest }}"),
					text: "=Got: {{ $('" + TRIGGER + "').item.json.msg.text }}{{ $('" + TRIGGER + "').item.json.redelivered ? ' (redelivered)' : '' }}",
				}),
			]),
		);
		await n8n.publishWorkflow(WF);
		const fromCall = tg.server.calls.length;
		await n8n.start();
		await eventually(() => tg.server.calls.slice(fromCall).some((c) => c.method === 'updates.GetState' && c.userId === alice.id), 'the trigger live');

		// Bob: a raw client with the pack's service, its state in a folder of its own.
		bobApp = await serviceDevice(tg, bob.id);

		const app = bobApp;
		const chat = await app.request(alice);
		chatId = chat.id;
		await eventually(() => working(app, chat.id), 'the chat accepted by the trigger');
		for (const text of ['ping 1', 'ping 2', 'ping 3']) await app.service.sendText(chat.id, text);
		await eventually(() => texts().length >= 3, 'three answers in the secret chat');
		expect(texts()).toEqual(['Got: ping 1', 'Got: ping 2', 'Got: ping 3']);
		// Telegram saw ciphertext only: no cloud message holds the texts.
		expect(JSON.stringify(tg.world.history(bob.id, { userId: alice.id }))).not.toContain('ping');
		expect(stateFiles()).toHaveLength(1);
		expect(fs.readFileSync(path.join(n8n.userFolder, '.n8n', 'tgl', stateFiles()[0])).includes(Buffer.from('ping'))).toBe(false);
		expect(n8n.outboundAttempts()).toEqual([]);
		// One big-integer for the pack and GramJS: two copies make GramJS print CastErrors for every long.
		expect(n8n.log).not.toMatch(/CastError/);
	});

	it('stopped (SIGTERM) and started again, the same chat answers what was sent meanwhile once each, in order', async () => {
		expect(chatId).not.toBe(0);
		const from = texts().length;
		// Stopped while an answer is on its way: n8n lets that execution finish.
		const before = emits();
		await service().sendText(chatId, 'while stopping');
		await eventually(() => emits() > before, 'the trigger emitting "while stopping"');
		const exit = n8n.exited();
		const stopMs = await n8n.stop();
		figures.push(`SIGTERM with the chat open and one execution running: exited ${await exit} after ${stopMs} ms; answered before the exit: ${texts().slice(from).join(', ') || 'nothing'}; lock file left: ${lockLeft()}`);
		// The lock goes with the exit: the next start, here or on another host, need not wait for the stale limit.
		expect(lockLeft()).toBe(false);
		const down = ['while down 1', 'while down 2', 'while down 3'];
		for (const text of down) await service().sendText(chatId, text);

		const started = Date.now();
		figures.push(`n8n start after SIGTERM (healthz): ${await n8n.start()} ms`);
		const answered = texts().length;
		await eventually(() => texts().length > answered, 'the first answer after the restart');
		figures.push(`restart after SIGTERM to the first answer: ${Date.now() - started} ms`);
		await eventually(() => down.every((t) => texts().includes(`Got: ${t}`)), 'the messages sent while n8n was down answered');
		// A message sent after the restart is answered too; it comes after any repeat of the backlog.
		await service().sendText(chatId, 'after restart');
		await eventually(() => texts().includes('Got: after restart'), 'the message sent after the restart answered');
		expect(texts().slice(from)).toEqual(['while stopping', ...down, 'after restart'].map((t) => `Got: ${t}`));
		// The state was restored: the same chat, no new one on either side or on the server.
		expect(bobApp!.messageChats.every((c) => c === chatId)).toBe(true);
		expect(bobApp!.changes.flatMap((c) => c.what).filter((w) => w !== 'working')).toEqual(['created']);
		expect([...secretChatsOf(tg.world).chats.keys()]).toEqual([chatId]);
		expect(stateFiles()).toHaveLength(1);
	});

	it('killed (SIGKILL) while an answer is on its way, started again: every message answered, none lost', async () => {
		const before = emits();
		const from = texts().length;
		await service().sendText(chatId, 'crash 1');
		// Its execution has started (and waits 1 s before answering): kill n8n now.
		await eventually(() => emits() > before, 'the trigger emitting "crash 1"');
		await n8n.kill();
		figures.push(`SIGKILL right after an emit: lock file left: ${lockLeft()}`);
		const down = ['crash 2', 'crash 3'];
		for (const text of down) await service().sendText(chatId, text);

		const started = Date.now();
		figures.push(`n8n start after SIGKILL (healthz): ${await n8n.start()} ms`);
		await eventually(() => texts().length > from, 'the first answer after the crash');
		figures.push(`restart after SIGKILL to the first answer: ${Date.now() - started} ms`);
		await eventually(() => down.every((t) => texts().some((r) => r.startsWith(`Got: ${t}`))), 'the messages sent while n8n was down answered');
		await service().sendText(chatId, 'after crash');
		await eventually(() => texts().includes('Got: after crash'), 'the message sent after the crash answered');
		const answers = texts().slice(from);
		figures.push(`after SIGKILL: ${JSON.stringify(answers)}`);
		// "crash 1" was in flight at the kill: it comes again, marked as such (the trigger's default contract).
		expect(answers).toEqual(['Got: crash 1 (redelivered)', 'Got: crash 2', 'Got: crash 3', 'Got: after crash']);
		expect(bobApp!.messageChats.every((c) => c === chatId)).toBe(true);
		expect([...secretChatsOf(tg.world).chats.keys()]).toEqual([chatId]);
		expect(stateFiles()).toHaveLength(1);
		expect(n8n.outboundAttempts()).toEqual([]);
	});

	it('discarded by the other side with history deletion: n8n saves the chat as deleted, its history gone', async () => {
		// Every answered message ends up marked delivered in n8n's state (its execution finished).
		await until(async () => {
			const history = (await aliceState())?.chats[chatId]?.history ?? [];
			return history.length > 0 && history.filter((m) => !m.out).every((m) => m.delivered);
		}, 'every incoming message saved as delivered');
		await service().discard(chatId, true);
		await until(async () => {
			const chat = (await aliceState())?.chats[chatId];
			return chat?.state === 'deleted' && chat.history.length === 0;
		}, 'the chat saved as deleted with no history');
		expect(stateFiles()).toHaveLength(1);
	});
});

/** Polls an async check (a file n8n writes) until it holds. */
async function until(check: () => Promise<boolean>, what: string): Promise<void> {
	const deadline = Date.now() + 120_000;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 200));
	}
}
