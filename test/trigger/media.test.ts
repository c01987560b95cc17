// Download Media: a received file arrives as binary data, byte for byte; a file over the cap does not.
import { configureHarness } from '../harness';
import { eventually, node, TestEnv, TGL_TRIGGER, triggered } from '../support/env';
import { png } from '../support/media-bytes';

configureHarness({ binaryDataMode: 'default' });

describe('trigger: download media', () => {
	let env: TestEnv;

	beforeAll(async () => {
		env = await TestEnv.start();
	});

	afterAll(async () => {
		await env.stop();
	});

	it('attaches a received document as binary data, and skips one over the size cap', async () => {
		const alice = env.world.addUser({ firstName: 'Alice' });
		const bob = env.world.addUser({ firstName: 'Bob' });
		const bytes = Buffer.from(Array.from({ length: 300_000 }, (_, n) => (n * 31) % 251));
		const listen = async (maxMediaSizeMb: number) => {
			const trigger = await env.trigger(
				triggered(node('Trigger', TGL_TRIGGER, { events: ['on_msg_receive'], options: { downloadMedia: true, maxMediaSizeMb, binaryPropertyName: 'file' } })),
				alice.id,
			);
			await eventually(() => env.server.calls.some((c) => c.method === 'updates.GetState' && c.userId === alice.id), 'engine start');
			return trigger;
		};
		const trigger = await listen(1);
		try {
			env.world.sendMedia(bob.id, { userId: alice.id }, { document: bytes, mimeType: 'application/x-test', fileName: 'report.bin' }, 'the report');
			const [item] = await trigger.waitForItems(1);
			expect(item.json.msg).toMatchObject({ text: 'the report', media: { type: 'document', file_name: 'report.bin' } });
			expect(item.binary?.file).toMatchObject({ fileName: 'report.bin', mimeType: 'application/x-test' });
			expect(Buffer.from(item.binary!.file.data, 'base64').equals(bytes)).toBe(true);
		} finally {
			await trigger.close();
		}
		const capped = await listen(0.1);
		try {
			env.world.sendMedia(bob.id, { userId: alice.id }, { document: bytes, mimeType: 'application/x-test', fileName: 'big.bin' });
			const [item] = await capped.waitForItems(1);
			expect(item.binary).toBeUndefined();
			expect(item.json.media_note).toMatch(/over the .* byte limit/);
		} finally {
			await capped.close();
		}
	});

	it('names a received photo after the message, with the extension of its sniffed type', async () => {
		const alice = env.world.addUser({ firstName: 'Alice' });
		const bob = env.world.addUser({ firstName: 'Bob' });
		const trigger = await env.trigger(triggered(node('Trigger', TGL_TRIGGER, { events: ['on_msg_receive'], options: { downloadMedia: true } })), alice.id);
		try {
			await eventually(() => env.server.calls.some((c) => c.method === 'updates.GetState' && c.userId === alice.id), 'engine start');
			const photo = png(320, 200);
			env.world.sendMedia(bob.id, { userId: alice.id }, { photo }, 'a view');
			const [item] = await trigger.waitForItems(1);
			const id = (item.json.msg as { id: number }).id;
			expect(item.binary?.data).toMatchObject({ fileName: `photo_${id}.png`, mimeType: 'image/png' });
			expect(Buffer.from(item.binary!.data.data, 'base64').subarray(0, 24).equals(photo.subarray(0, 24))).toBe(true);
		} finally {
			await trigger.close();
		}
	});
});
