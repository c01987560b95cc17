// The pack in a real n8n 2.8.4: installed from its npm tarball the way n8n's community installer
// does it, driven headless through n8n's CLI, against the loopback Telegram on 127.0.0.1.
// n8n runs as a child process; the loopback server runs here, so the tests read its world.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { LoopbackTelegram } from '../telegram/loopback';
import { N8nInstance, nodeOutput } from './n8n-instance';
import { readExecutions, readStaticData } from './n8n-db';
import { byId, byUsername, chainWorkflow, manualTrigger, tglCredential, tglNode, tglTrigger } from './workflows';
import { decode as decodeJpeg } from 'jpeg-js';
import { randomUUID } from 'crypto';
import { BLUE, exifSegment, GREEN, quadrantJpeg, RED, WHITE, withSegment } from '../support/exif-jpeg';

import { eventually as waitFor } from '../support/eventually';

jest.setTimeout(300_000);

const CRED = { id: 'tglLoopback00001', name: 'Telegram (loopback)' };
const timings: Array<[string, number]> = [];

function timed<T>(what: string, started: number, value: T): T {
	timings.push([what, Date.now() - started]);
	return value;
}

function eventually(check: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
	return waitFor(check, what, timeoutMs, 100);
}

describe('the pack in a real n8n', () => {
	let tg: LoopbackTelegram;
	let n8n: N8nInstance;
	let alice: { id: number };
	let bob: { id: number };
	const suiteStarted = Date.now();

	beforeAll(async () => {
		tg = await LoopbackTelegram.start();
		alice = tg.world.addUser({ firstName: 'Alice', lastName: 'Wonder', username: 'alice_n8n' });
		bob = tg.world.addUser({ firstName: 'Bob', lastName: 'Builder', username: 'bob_n8n' });
		n8n = await N8nInstance.create({ env: { TGL_POOL_IDLE_SECONDS: '300' } });
		let t = Date.now();
		const packageDir = n8n.installPack();
		timed('install the packed tarball as n8n does', t, packageDir);
		t = Date.now();
		await n8n.importCredentials([tglCredential(CRED, await tg.credentialsFor(alice.id))]);
		timed('n8n import:credentials', t, undefined);
	});

	afterAll(async () => {
		try {
			await n8n?.dispose();
		} finally {
			await tg?.stop();
			timings.push(['whole suite', Date.now() - suiteStarted]);
			process.stderr.write(`real-n8n timings:\n${timings.map(([w, ms]) => `  ${(ms / 1000).toFixed(1).padStart(6)} s  ${w}`).join('\n')}\n`);
		}
	});

	it('is installed as n8n installs a community package: telegram in its own node_modules, no dev or peer dependencies', () => {
		const packageDir = path.join(n8n.userFolder, '.n8n', 'nodes', 'node_modules', 'n8n-nodes-tgl');
		const pkg = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
		expect(pkg.devDependencies).toBeUndefined();
		expect(pkg.peerDependencies).toBeUndefined();
		expect(fs.existsSync(path.join(packageDir, 'dist', 'nodes', 'Tgl', 'Tgl.node.js'))).toBe(true);
		expect(fs.existsSync(path.join(packageDir, 'node_modules', 'telegram', 'package.json'))).toBe(true);
		// n8n-workflow comes from n8n itself, never from the package.
		expect(fs.existsSync(path.join(packageDir, 'node_modules', 'n8n-workflow'))).toBe(false);
		expect(JSON.parse(fs.readFileSync(path.join(n8n.userFolder, '.n8n', 'nodes', 'package.json'), 'utf8')).dependencies).toEqual({
			'n8n-nodes-tgl': pkg.version,
		});
		// The login command runs from the installed package too (npx n8n-nodes-tgl login).
		const login = spawnSync(process.execPath, [path.join(packageDir, pkg.bin['n8n-nodes-tgl']), 'login', '--help'], { encoding: 'utf8' });
		expect(login.status).toBe(0);
		expect(login.stdout).toContain('--api-id');
		expect(fs.readFileSync(path.join(packageDir, pkg.bin['n8n-nodes-tgl']), 'utf8').startsWith('#!/usr/bin/env node')).toBe(true);
	});

	it('executes a workflow headless: Manual Trigger → Send Message → Get History', async () => {
		const workflow = chainWorkflow('tglSendHistory01', 'Send and read back', [
			manualTrigger(),
			tglNode('Send', CRED, { resource: 'peer', operation: 'sendMsg', peer: byUsername('@bob_n8n'), text: 'Hello from a real n8n' }),
			tglNode('History', CRED, { resource: 'peer', operation: 'getHistory', peer: byId('={{ $json.dest.id }}'), limit: 5 }),
		]);
		let t = Date.now();
		await n8n.importWorkflow(workflow);
		timed('n8n import:workflow', t, undefined);
		t = Date.now();
		const { run } = await n8n.execute(workflow.id);
		timed('n8n execute (send + history)', t, undefined);

		expect(run.data.resultData.error).toBeUndefined();
		const [sent] = nodeOutput(run, 'Send');
		expect(sent).toMatchObject({
			out: true,
			text: 'Hello from a real n8n',
			src: { id: alice.id, type_name: 'user', name: 'Alice_Wonder' },
			dest: { id: bob.id, type_name: 'user', username: 'bob_n8n' },
		});
		const history = nodeOutput(run, 'History');
		expect(history.map((m) => m.text)).toEqual(['Hello from a real n8n']);
		expect(history[0]).toMatchObject({ id: sent.id, out: true });
		// The world agrees: Bob got it, from Alice.
		const [atBob] = tg.world.history(bob.id, { userId: alice.id });
		expect(atBob).toMatchObject({ text: 'Hello from a real n8n', out: false, fromId: alice.id });
		expect(n8n.outboundAttempts()).toEqual([]);
	});

	it('sends a document with a large phone photo as its thumbnail: the installed pack makes it upright on its worker thread', async () => {
		// 1000×600 stored lying on its right side (EXIF Orientation 8): over the in-place size, so the
		// preview is made by dist/…/thumbnail-worker.js as installed from the tarball.
		const photo = withSegment(quadrantJpeg(1000, 600, [BLUE, RED, WHITE, GREEN]), exifSegment(8));
		const workflow = chainWorkflow('tglThumbWorker01', 'Document with a thumbnail', [
			manualTrigger(),
			{
				id: randomUUID(),
				name: 'Photo',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [0, 0],
				parameters: { assignments: { assignments: [{ id: randomUUID(), name: 'photo', value: photo.toString('base64'), type: 'string' }] } },
			},
			{
				id: randomUUID(),
				name: 'File',
				type: 'n8n-nodes-base.convertToFile',
				typeVersion: 1.1,
				position: [0, 0],
				parameters: { operation: 'toBinary', sourceProperty: 'photo', binaryPropertyName: 'data', options: { fileName: 'upright.jpg', mimeType: 'image/jpeg' } },
			},
			tglNode('Send', CRED, { resource: 'peer', operation: 'sendDocument', peer: byUsername('@bob_n8n'), options: { thumbnailBinaryField: 'data' } }),
		]);
		await n8n.importWorkflow(workflow);
		const { run } = await n8n.execute(workflow.id);
		expect(run.data.resultData.error).toBeUndefined();
		expect(nodeOutput(run, 'Send')[0]).toMatchObject({ media: { type: 'document', file_name: 'upright.jpg', has_thumb: true } });
		const [atBob] = tg.world.history(bob.id, { userId: alice.id });
		const [thumb] = tg.world.db.files.documents.get((atBob.media as { documentId: number }).documentId)!.thumbs;
		expect(thumb).toMatchObject({ w: 54, h: 90 });
		// Upright: red, green over blue, white.
		const image = decodeJpeg(thumb.bytes, { useTArray: true });
		const at = (x: number, y: number) => Array.from(image.data.subarray((y * 54 + x) * 4, (y * 54 + x) * 4 + 3));
		const near = (got: number[], want: number[]) => got.every((v, k) => Math.abs(v - want[k]) <= 24);
		expect([at(12, 20), at(42, 20), at(12, 70), at(42, 70)].map((got, k) => near(got, [RED, GREEN, BLUE, WHITE][k]))).toEqual([true, true, true, true]);
	});

	describe('a published trigger workflow under `n8n start`', () => {
		const REPLY_WF = 'tglAutoReply0001';
		const received = (texts: string[]) => () => {
			const replies = tg.world.history(bob.id, { userId: alice.id }).map((m) => m.text);
			return texts.every((text) => replies.includes(`Got: ${text}`));
		};
		const triggerLive = (fromCall: number) => () =>
			tg.server.sessionsOf(alice.id).length > 0 &&
			tg.server.calls.slice(fromCall).some((c) => c.method === 'updates.GetState' && c.userId === alice.id);

		beforeAll(async () => {
			const workflow = chainWorkflow(REPLY_WF, 'Auto-reply', [
				tglTrigger('On message', CRED, { events: ['on_msg_receive'] }),
				tglNode('Reply', CRED, {
					resource: 'peer',
					operation: 'sendMsg',
					peer: byId('={{ $json.msg.src }}'),
					// A clean stop repeats what finished after the trigger's last emit, marked (README: Reliability).
					text: "=Got: {{ $json.msg.text }}{{ $json.redelivered ? ' (redelivered)' : '' }}",
				}),
			]);
			await n8n.importWorkflow(workflow);
			const t = Date.now();
			await n8n.publishWorkflow(REPLY_WF);
			timed('n8n publish:workflow', t, undefined);
		});

		afterAll(async () => {
			await n8n.stop();
		});

		it('starts, activates the trigger, and replies to every message pushed to the account', async () => {
			const fromCall = tg.server.calls.length;
			let t = Date.now();
			await n8n.start();
			await eventually(triggerLive(fromCall), 'the trigger to connect and ask updates.getState');
			timed('n8n start until the trigger is live', t, undefined);

			t = Date.now();
			const texts = ['one', 'two', 'three'];
			for (const text of texts) tg.world.sendMessage(bob.id, { userId: alice.id }, text);
			await eventually(received(texts), 'the three replies at Bob');
			timed('3 messages → 3 replies through n8n', t, undefined);
			expect(n8n.outboundAttempts()).toEqual([]);
		});

		it('after SIGTERM and a new start, handles the messages sent while n8n was down, once each', async () => {
			let t = Date.now();
			await n8n.stop();
			timed('n8n stop (SIGTERM until exit)', t, undefined);
			expect(n8n.log).not.toMatch(/Error|ERROR/);

			// What n8n keeps between runs: the executions, and the trigger's cursor in static data.
			const executions = await readExecutions(n8n, REPLY_WF);
			expect(executions.filter((e) => e.status === 'success')).toHaveLength(3);
			expect(executions.map((e) => e.replyText).sort()).toEqual(['Got: one', 'Got: three', 'Got: two']);
			const saved = await readStaticData(n8n, REPLY_WF);
			// n8n saves static data when the trigger emits (not at deactivation): the saved cursor may
			// lag behind what came after the last emit, never run ahead of the server.
			expect(saved).toMatchObject({ 'node:On message': { cursor: { pts: expect.any(Number) } } });
			const savedPts = (saved!['node:On message'] as { cursor: { pts: number } }).cursor.pts;
			expect(savedPts).toBeLessThanOrEqual(tg.world.stateOf(alice.id).pts);

			const whileDown = ['while down 1', 'while down 2'];
			for (const text of whileDown) tg.world.sendMessage(bob.id, { userId: alice.id }, text);

			const fromCall = tg.server.calls.length;
			t = Date.now();
			await n8n.start();
			await eventually(triggerLive(fromCall), 'the trigger to come back');
			await eventually(received(whileDown), 'the replies to what was sent while n8n was down');
			timed('restart until the missed messages were answered', t, undefined);

			// And it is live again, with nothing answered twice.
			tg.world.sendMessage(bob.id, { userId: alice.id }, 'after restart');
			await eventually(received(['after restart']), 'the reply to a message after the restart');
			// A message answered twice would be emitted again before this later one.
			tg.world.sendMessage(bob.id, { userId: alice.id }, 'sentinel 1');
			await eventually(received(['sentinel 1']), 'the reply to the sentinel');
			const replies = tg.world
				.history(bob.id, { userId: alice.id })
				.map((m) => m.text)
				.filter((text) => text.startsWith('Got: ') && !text.endsWith(' (redelivered)'));
			expect(replies.sort()).toEqual(['Got: after restart', 'Got: one', 'Got: sentinel 1', 'Got: three', 'Got: two', 'Got: while down 1', 'Got: while down 2']);
			const again = tg.world.history(bob.id, { userId: alice.id }).filter((m) => m.text.endsWith(' (redelivered)'));
			for (const m of again) expect(['Got: one (redelivered)', 'Got: two (redelivered)', 'Got: three (redelivered)']).toContain(m.text);
			expect(n8n.outboundAttempts()).toEqual([]);
		});

		it('after a SIGKILL (a crash), the messages sent while it was dead are still answered, once each', async () => {
			const repliesAtBob = () =>
				tg.world
					.history(bob.id, { userId: alice.id })
					.map((m) => m.text)
					.filter((text) => text.startsWith('Got: ') && !text.endsWith(' (redelivered)'));
			const before = repliesAtBob();
			const t = Date.now();
			await n8n.kill();
			const whileDead = ['after the crash 1', 'after the crash 2'];
			for (const text of whileDead) tg.world.sendMessage(bob.id, { userId: alice.id }, text);

			const fromCall = tg.server.calls.length;
			await n8n.start();
			await eventually(triggerLive(fromCall), 'the trigger to come back after the crash');
			await eventually(received(whileDead), 'the replies to what was sent while n8n was dead');
			timed('SIGKILL, restart until the missed messages were answered', t, undefined);
			tg.world.sendMessage(bob.id, { userId: alice.id }, 'sentinel 2');
			await eventually(received(['sentinel 2']), 'the reply to the sentinel');
			expect(repliesAtBob().sort()).toEqual([...before, ...whileDead.map((text) => `Got: ${text}`), 'Got: sentinel 2'].sort());
			expect(n8n.outboundAttempts()).toEqual([]);
		});
	});
});
