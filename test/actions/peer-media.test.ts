// Peer → Send Photo / Video / Audio / Document / Text File: the file comes from a binary field of
// the input item, goes over MTProto in parts, and must arrive byte-identical on the server.
import type { IBinaryData, IDataObject } from 'n8n-workflow';
import { randomBytes } from 'crypto';
import { byId, byUsername, chain, TestEnv, tgl, type Workflow } from '../support/env';
import { png } from '../support/media-bytes';

function binary(bytes: Buffer, fileName: string, mimeType: string): IBinaryData {
	return { data: bytes.toString('base64'), fileName, mimeType, fileSize: String(bytes.length) };
}

interface InputItem {
	json?: IDataObject;
	binary?: Record<string, IBinaryData>;
}

/** The workflow with the Start node's output pinned: items that carry binary data, as n8n pins them. */
function withItems(workflow: Workflow, items: InputItem[]): Workflow & { pinData: Record<string, Array<{ json: IDataObject; binary?: Record<string, IBinaryData> }>> } {
	return { ...workflow, pinData: { Start: items.map((item) => ({ json: item.json ?? {}, ...(item.binary ? { binary: item.binary } : {}) })) } };
}

describe('Peer: send files', () => {
	let env: TestEnv;
	let alice: { id: number };
	let bob: { id: number };

	beforeAll(async () => {
		env = await TestEnv.start();
		alice = env.world.addUser({ firstName: 'Alice', username: 'alice_m', phone: '15551001' });
		bob = env.world.addUser({ firstName: 'Bob', username: 'bob_m', phone: '15551002' });
		// A dialog, so that every test can name Bob by id on its own.
		env.world.sendMessage(bob.id, { userId: alice.id }, 'hi');
	});

	afterAll(async () => {
		await env.stop();
	});

	const lastAt = (viewer: number, other: number) => env.world.history(viewer, { userId: other })[0];

	it('sends a photo with a caption; Bob gets the same bytes', async () => {
		const bytes = png(320, 240);
		const run = await env.run(
			withItems(chain([], tgl('Photo', 'peer', 'sendPhoto', { peer: byUsername('@bob_m'), options: { caption: 'A view' } })), [
				{ binary: { data: binary(bytes, 'view.png', 'image/png') } },
			]),
			alice.id,
		);
		expect(run.error).toBeUndefined();
		const [item] = run.output('Photo');
		expect(item.json).toMatchObject({
			out: true,
			text: 'A view',
			media: { type: 'photo', caption: 'A view', width: 320, height: 240 },
			src: { id: alice.id },
			dest: { id: bob.id, username: 'bob_m' },
		});
		expect(item.pairedItem).toEqual({ item: 0 });
		const atBob = lastAt(bob.id, alice.id);
		expect(atBob.media?.kind).toBe('photo');
		expect(atBob.text).toBe('A view');
		expect(env.world.fileBytes(atBob)!.equals(bytes)).toBe(true);
	});

	it('sends a video with the real duration and size the user gives, streamable, with its file name', async () => {
		const bytes = randomBytes(700 * 1024); // more than one upload part
		const run = await env.run(
			withItems(
				chain([], tgl('Video', 'peer', 'sendVideo', { peer: byId(bob.id), options: { duration: 12.5, width: 1280, height: 720, caption: 'clip' } })),
				[{ binary: { data: binary(bytes, 'clip.mp4', 'video/mp4') } }],
			),
			alice.id,
		);
		expect(run.error).toBeUndefined();
		const media = run.output('Video')[0].json.media;
		expect(media).toMatchObject({
			type: 'video',
			caption: 'clip',
			file_name: 'clip.mp4',
			mime_type: 'video/mp4',
			size: bytes.length,
			duration: 12.5,
			width: 1280,
			height: 720,
		});
		const atBob = lastAt(bob.id, alice.id);
		expect(env.world.fileBytes(atBob)!.equals(bytes)).toBe(true);
		const doc = env.world.db.files.documents.get((atBob.media as { documentId: number }).documentId)!;
		const video = doc.attributes.find((a) => a.className === 'DocumentAttributeVideo') as { supportsStreaming?: boolean; w: number };
		expect(video).toMatchObject({ supportsStreaming: true, w: 1280 });
	});

	it('sends audio with duration, title and performer; a generic MIME type is guessed from the name', async () => {
		const bytes = randomBytes(40_000);
		const run = await env.run(
			withItems(
				chain([], tgl('Audio', 'peer', 'sendAudio', { peer: byId(bob.id), options: { duration: 215, title: 'Song', performer: 'Band' } })),
				[{ binary: { data: binary(bytes, 'song.ogg', 'application/octet-stream') } }],
			),
			alice.id,
		);
		expect(run.error).toBeUndefined();
		expect(run.output('Audio')[0].json.media).toMatchObject({
			type: 'audio',
			duration: 215,
			title: 'Song',
			performer: 'Band',
			file_name: 'song.ogg',
			mime_type: 'audio/ogg',
			voice: false,
		});
		expect(run.output('Audio')[0].json.text).toBeNull(); // no caption: tg's text None
		expect(env.world.fileBytes(lastAt(bob.id, alice.id))!.equals(bytes)).toBe(true);
	});

	it('sends a document with the binary data\'s MIME type, from a custom binary field, into a supergroup', async () => {
		const channel = env.world.createChannel(alice.id, 'Files', { megagroup: true, memberIds: [bob.id] });
		const bytes = Buffer.from('name,qty\napple,3\n');
		const run = await env.run(
			withItems(
				chain([], tgl('Doc', 'peer', 'sendDocument', { peer: byId(`-100${channel.id}`), binaryPropertyName: 'report', options: { caption: 'numbers' } })),
				[{ binary: { report: binary(bytes, 'stock.csv', 'text/csv') } }],
			),
			alice.id,
		);
		expect(run.error).toBeUndefined();
		expect(run.output('Doc')[0].json).toMatchObject({
			out: true,
			text: 'numbers',
			dest: { id: channel.id, type: 5, megagroup: true },
			media: { type: 'document', file_name: 'stock.csv', mime_type: 'text/csv', size: bytes.length, caption: 'numbers' },
		});
		const [posted] = env.world.history(bob.id, { channelId: channel.id });
		expect(env.world.fileBytes(posted)!.equals(bytes)).toBe(true);
	});

	it('fails clearly on a missing binary field, and under Continue On Fail the other items still go', async () => {
		const bytes = png(10, 10);
		const before = env.world.history(bob.id, { userId: alice.id }).length;
		const run = await env.run(
			withItems(chain([], tgl('Photo', 'peer', 'sendPhoto', { peer: byId(bob.id) }, { onError: 'continueRegularOutput' })), [
				{ binary: { data: binary(bytes, 'a.png', 'image/png') } },
				{ json: { note: 'no file' } },
				{ binary: { data: binary(bytes, 'c.png', 'image/png') } },
			]),
			alice.id,
		);
		expect(run.error).toBeUndefined();
		const out = run.output('Photo');
		expect(out).toHaveLength(3);
		expect(out[0].json.media).toMatchObject({ type: 'photo' });
		expect(out[1].json.error).toMatch(/binary.*"?data"?/i);
		expect(out[1].pairedItem).toEqual({ item: 1 });
		expect(out[2].json.media).toMatchObject({ type: 'photo' });
		expect(env.world.history(bob.id, { userId: alice.id }).length).toBe(before + 2);
	});

	it('refuses an empty file before uploading it', async () => {
		const run = await env.run(
			withItems(chain([], tgl('Doc', 'peer', 'sendDocument', { peer: byId(bob.id) })), [{ binary: { data: binary(Buffer.alloc(0), 'empty.bin', 'application/octet-stream') } }]),
			alice.id,
		);
		expect(run.error?.message).toMatch(/"empty.bin" is empty/);
	});

	it('refuses a too long caption before uploading, with the field and the limit', async () => {
		const run = await env.run(
			withItems(chain([], tgl('Photo', 'peer', 'sendPhoto', { peer: byId(bob.id), options: { caption: 'c'.repeat(1025) } })), [
				{ binary: { data: binary(png(8, 8), 'p.png', 'image/png') } },
			]),
			alice.id,
		);
		expect(run.error?.message).toMatch(/The caption has 1025 characters; Telegram allows at most 1024 characters/);
	});

	describe('Send Text File', () => {
		it("sends the file's UTF-8 text as one message", async () => {
			const text = 'Grüße aus Köln 👋\nzweite Zeile';
			const run = await env.run(
				withItems(chain([], tgl('Text', 'peer', 'sendText', { peer: byUsername('bob_m') })), [
					{ binary: { data: binary(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), 'note.txt', 'text/plain') } },
				]),
				alice.id,
			);
			expect(run.error).toBeUndefined();
			const out = run.output('Text');
			expect(out).toHaveLength(1);
			expect(out[0].json).toMatchObject({ text, out: true, media: null, dest: { id: bob.id } });
			expect(lastAt(bob.id, alice.id).text).toBe(text);
		});

		it('splits a long text at line breaks into several messages, one item each, losing nothing', async () => {
			const lines = Array.from({ length: 300 }, (_, n) => `line ${n} ${'x'.repeat(20)}`);
			const text = lines.join('\n');
			expect(text.length).toBeGreaterThan(8192);
			const before = env.world.history(bob.id, { userId: alice.id }).length;
			const run = await env.run(
				withItems(chain([], tgl('Text', 'peer', 'sendText', { peer: byId(bob.id) })), [{ binary: { data: binary(Buffer.from(text), 'long.txt', 'text/plain') } }]),
				alice.id,
			);
			expect(run.error).toBeUndefined();
			const out = run.output('Text');
			expect(out).toHaveLength(3);
			for (const item of out) {
				expect((item.json.text as string).length).toBeLessThanOrEqual(4096);
				expect(item.pairedItem).toEqual({ item: 0 });
			}
			expect(out.map((item) => item.json.text).join('\n')).toBe(text);
			const received = env.world.history(bob.id, { userId: alice.id }).slice(0, 3).reverse();
			expect(received.map((m) => m.text).join('\n')).toBe(text);
			expect(env.world.history(bob.id, { userId: alice.id }).length).toBe(before + 3);
		});

		it('splits a text without line breaks at spaces, and one without spaces anywhere', async () => {
			const words = Array.from({ length: 1000 }, (_, n) => `w${n}`).join(' ');
			const blob = 'y'.repeat(5000);
			const run = await env.run(
				withItems(chain([], tgl('Text', 'peer', 'sendText', { peer: byId(bob.id) })), [
					{ binary: { data: binary(Buffer.from(words), 'words.txt', 'text/plain') } },
					{ binary: { data: binary(Buffer.from(blob), 'blob.txt', 'text/plain') } },
				]),
				alice.id,
			);
			expect(run.error).toBeUndefined();
			const out = run.output('Text');
			const ofItem = (n: number) => out.filter((o) => (o.pairedItem as { item: number }).item === n).map((o) => o.json.text as string);
			expect(ofItem(0).join(' ')).toBe(words);
			expect(ofItem(0).every((t) => !t.startsWith(' ') && !t.endsWith(' '))).toBe(true);
			expect(ofItem(1)).toEqual(['y'.repeat(4096), 'y'.repeat(904)]);
		});

		it('fails a long text when asked to, and an empty file, clearly; nothing is sent for them', async () => {
			const before = env.world.history(bob.id, { userId: alice.id }).length;
			const run = await env.run(
				withItems(chain([], tgl('Text', 'peer', 'sendText', { peer: byId(bob.id), options: { longText: 'fail' } }, { onError: 'continueRegularOutput' })), [
					{ binary: { data: binary(Buffer.from('z'.repeat(5000)), 'big.txt', 'text/plain') } },
					{ binary: { data: binary(Buffer.from(' \n\n '), 'blank.txt', 'text/plain') } },
					{ binary: { data: binary(Buffer.from('short one'), 'ok.txt', 'text/plain') } },
				]),
				alice.id,
			);
			expect(run.error).toBeUndefined();
			const out = run.output('Text');
			expect(out).toHaveLength(3);
			expect(out[0].json.error).toMatch(/"big.txt" has 5000 characters; a Telegram message holds 4096/);
			expect(out[1].json.error).toMatch(/"blank.txt" is empty/);
			expect(out[2].json.text).toBe('short one');
			expect(env.world.history(bob.id, { userId: alice.id }).length).toBe(before + 1);
		});
	});
});
