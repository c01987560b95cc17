// Uploads part by part under the node's own rules: each part is a normal call, so a FLOOD_WAIT is
// waited out only up to "Wait Out Rate Limits Up To", a part Telegram does not answer fails the
// item after the request timeout (a few attempts), and big files go as saveBigFilePart parts of
// 512 KB read from n8n's binary store, arriving intact.
import type { IBinaryData, IDataObject, INode } from 'n8n-workflow';
import { randomBytes } from 'crypto';
import { DEFAULT_TIMEOUTS } from '../../nodes/Tgl/transport/account-client';
import { byId, chain, TestEnv, tgl, type Workflow } from '../support/env';

const KB = 1024;

function withFiles(node: INode, files: Array<{ bytes: Buffer; name: string } | undefined>): Workflow & { pinData: IDataObject } {
	const items = files.map((f) => {
		if (!f) return { json: { note: 'no file' } };
		const data: IBinaryData = { data: f.bytes.toString('base64'), fileName: f.name, mimeType: 'application/octet-stream' };
		return { json: {}, binary: { data } };
	});
	return { ...chain([], node), pinData: { Start: items } };
}

describe('Peer: uploads obey the timeout and the rate-limit setting', () => {
	let env: TestEnv;
	let bob: { id: number };

	/** A fresh account per test: each opens its own connection (with the timeouts of that moment). */
	const sender = () => {
		const user = env.world.addUser({ firstName: 'Sender' });
		env.world.sendMessage(bob.id, { userId: user.id }, 'hi');
		return user;
	};
	const lastAtBob = (from: number) => env.world.history(bob.id, { userId: from })[0];

	beforeAll(async () => {
		env = await TestEnv.start();
		bob = env.world.addUser({ firstName: 'Bob', username: 'bob_u' });
	});

	afterEach(() => env.faults.clear());

	afterAll(async () => {
		await env.stop();
	});

	it('waits out a FLOOD_WAIT on a part when it is under the threshold; the file arrives intact', async () => {
		const alice = sender();
		const bytes = randomBytes(1300 * KB); // three parts
		env.faults.failAfter('upload.SaveFilePart', 1, 'FLOOD_WAIT_2');
		env.server.resetStats();
		const run = await env.run(
			withFiles(tgl('Doc', 'peer', 'sendDocument', { peer: byId(bob.id), requestSettings: { floodWaitMaxSeconds: 5 } }), [{ bytes, name: 'a.bin' }]),
			alice.id,
		);
		expect(run.error).toBeUndefined();
		expect(run.output('Doc')[0].json).toMatchObject({ media: { type: 'document', file_name: 'a.bin', size: bytes.length } });
		expect(env.world.fileBytes(lastAtBob(alice.id))!.equals(bytes)).toBe(true);
		// Three parts of 512 KB (the last shorter), one of them asked twice.
		expect(env.server.callCount('upload.SaveFilePart')).toBe(4);
	});

	it('fails the item naming FLOOD_WAIT and the item when the wait is over the threshold; Continue On Fail goes on', async () => {
		const alice = sender();
		const first = randomBytes(700 * KB);
		const second = randomBytes(20 * KB);
		env.faults.failAfter('upload.SaveFilePart', 1, 'FLOOD_WAIT_30');
		const run = await env.run(
			withFiles(
				tgl('Doc', 'peer', 'sendDocument', { peer: byId(bob.id), requestSettings: { floodWaitMaxSeconds: 5 } }, { onError: 'continueRegularOutput' }),
				[
					{ bytes: first, name: 'flooded.bin' },
					{ bytes: second, name: 'next.bin' },
				],
			),
			alice.id,
		);
		expect(run.error).toBeUndefined();
		const [failed, sent] = run.output('Doc');
		expect(failed.json.error).toBe('FLOOD_WAIT_30: Telegram asks to wait 30 seconds before this call (rate limit)');
		expect(failed.json.description).toBe('Item 0: uploading "flooded.bin": Telegram answered 420 FLOOD_WAIT_30 to upload.SaveFilePart');
		expect(failed.pairedItem).toEqual({ item: 0 });
		expect(sent.json).toMatchObject({ media: { file_name: 'next.bin' } });
		// Nothing of the flooded file was sent; the next one was.
		const atBob = env.world.history(bob.id, { userId: alice.id });
		expect(atBob.filter((m) => m.media)).toHaveLength(1);
		expect(env.world.fileBytes(atBob[0])!.equals(second)).toBe(true);
	});

	it('without Continue On Fail the execution stops on the item with the FLOOD_WAIT error', async () => {
		const alice = sender();
		env.faults.failNext('upload.SaveFilePart', 'FLOOD_WAIT_120');
		const run = await env.run(
			withFiles(tgl('Doc', 'peer', 'sendDocument', { peer: byId(bob.id) }), [{ bytes: randomBytes(10 * KB), name: 'r.bin' }]),
			alice.id,
		);
		expect(run.error?.message).toMatch(/^FLOOD_WAIT_120: .*\[node "Doc", item 0\]$/);
	});

	it('a connection dropped after a part was stored: GramJS sends it again after reconnecting; the file arrives intact', async () => {
		const alice = sender();
		const bytes = randomBytes(1100 * KB);
		env.faults.dropAfter('upload.SaveFilePart');
		env.server.resetStats();
		const run = await env.run(withFiles(tgl('Doc', 'peer', 'sendDocument', { peer: byId(bob.id) }), [{ bytes, name: 'dropped.bin' }]), alice.id);
		expect(run.error).toBeUndefined();
		expect(env.world.fileBytes(lastAtBob(alice.id))!.equals(bytes)).toBe(true);
		expect(env.server.callCount('upload.SaveFilePart')).toBe(4);
		expect(env.server.connectionsOpened).toBeGreaterThan(1);
	});

	it('fails the item when a part gets no answer (after a few attempts of the request timeout)', async () => {
		const saved = DEFAULT_TIMEOUTS.requestMs;
		DEFAULT_TIMEOUTS.requestMs = 3000; // read when the pool opens this new account
		try {
			const alice = sender();
			env.faults.delay('upload.SaveFilePart', 120_000);
			env.server.resetStats();
			const run = await env.run(
				withFiles(tgl('Doc', 'peer', 'sendDocument', { peer: byId(bob.id) }, { onError: 'continueRegularOutput' }), [
					{ bytes: randomBytes(100 * KB), name: 'stuck.bin' },
				]),
				alice.id,
			);
			expect(run.error).toBeUndefined();
			const [failed] = run.output('Doc');
			expect(failed.json.error).toBe(
				'Uploading "stuck.bin" failed at part 1 of 1 after 3 attempts: Telegram did not answer within 3 s (upload.SaveFilePart)',
			);
			expect(failed.json.description).toBe('Item 0: uploading "stuck.bin"');
			expect(env.server.callCount('upload.SaveFilePart')).toBe(3);
			expect(env.server.callCount('messages.SendMedia')).toBe(0);
		} finally {
			DEFAULT_TIMEOUTS.requestMs = saved;
		}
	});

	it('sends a document over 10 MB from the binary store as saveBigFilePart parts of 512 KB; stored intact', async () => {
		const alice = sender();
		const friend = env.world.addUser({ firstName: 'Friend' });
		const bytes = randomBytes(10 * 1024 * KB + 300 * KB);
		const got = env.world.sendMedia(friend.id, { userId: alice.id }, { document: bytes, mimeType: 'application/zip', fileName: 'big.zip' });
		env.server.resetStats();
		const run = await env.run(
			chain(
				[{}],
				// Load Document keeps the file in n8n's filesystem binary store; Send Document streams it from there.
				tgl('Load', 'msg', 'loadDocument', { message: `${got.boxes[alice.id]}`, peer: byId(friend.id) }),
				tgl('Doc', 'peer', 'sendDocument', { peer: byId(bob.id), options: { caption: 'the archive' } }),
			),
			alice.id,
		);
		expect(run.error).toBeUndefined();
		expect(run.output('Load')[0].binary?.data.id).toMatch(/^filesystem/);
		expect(run.output('Doc')[0].json).toMatchObject({ text: 'the archive', media: { type: 'document', file_name: 'big.zip', size: bytes.length } });
		expect(env.world.fileBytes(lastAtBob(alice.id))!.equals(bytes)).toBe(true);
		expect(env.server.callCount('upload.SaveBigFilePart')).toBe(Math.ceil(bytes.length / (512 * KB)));
		expect(env.server.callCount('upload.SaveFilePart')).toBe(0);
	});
});
