// Msg → Download Photo / Video / Video Thumbnail / Audio / Document / Document Thumbnail
// (tgl msg.load_*) through the n8n engine, over MTProto: the bytes that come out are the
// bytes the world stored.
import { Container } from '@n8n/di';
import { BinaryDataService, InstanceSettings } from 'n8n-core';
import { SecurityConfig } from '@n8n/config';
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { randomBytes } from 'crypto';
import { Api } from 'telegram';
import { byId, chain, eventually, TestEnv, tgl } from '../support/env';
import { clientPool } from '../../nodes/Tgl/transport/client-pool';
import type { MessageRecord, PeerRef, SentMessage } from '../telegram/world';
import { png } from '../support/media-bytes';

/** JPEG magic and random bytes (no frame header: the world falls back to 90x90). */
function jpeg(extra = 600): Buffer {
	return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(extra)]);
}

async function bytesOf(item: INodeExecutionData, property = 'data'): Promise<Buffer> {
	const binary = item.binary?.[property];
	if (!binary) throw new Error(`no binary property "${property}"`);
	return Container.get(BinaryDataService).getAsBuffer(binary);
}

describe('Msg: download media', () => {
	let env: TestEnv;
	let alice: { id: number };
	let bob: { id: number };
	let supergroup: { id: number };
	let dir: string;
	let outside: string;

	beforeAll(async () => {
		env = await TestEnv.start();
		alice = env.world.addUser({ firstName: 'Alice', username: 'alice_d' });
		bob = env.world.addUser({ firstName: 'Bob', username: 'bob_d' });
		supergroup = env.world.createChannel(bob.id, 'Files', { megagroup: true, memberIds: [alice.id] });
		dir = mkdtempSync(join(tmpdir(), 'tgl-load-'));
		outside = mkdtempSync(join(tmpdir(), 'tgl-outside-'));
		// n8n 2.x lets nodes touch files only under N8N_RESTRICT_FILE_ACCESS_TO (default ~/.n8n-files).
		Container.get(SecurityConfig).restrictFileAccessTo = dir;
		// Connect once, so that tests can count the connections a download opens.
		await env.run(chain([{}], tgl('Warm', 'peer', 'info', { peer: 'me' })), alice.id);
	});

	afterAll(async () => {
		await env.stop();
		rmSync(dir, { recursive: true, force: true });
		rmSync(outside, { recursive: true, force: true });
	});

	/** Bob sends media; the id and record as Alice sees them. */
	function bobSends(media: Parameters<typeof env.world.sendMedia>[2], to: PeerRef = { userId: alice.id }, caption = '') {
		const sent: SentMessage = env.world.sendMedia(bob.id, to, media, caption);
		const id = sent.boxes[alice.id] ?? sent.id;
		const view: PeerRef = 'userId' in to ? { userId: bob.id } : to;
		const record = env.world.history(alice.id, view).find((m) => m.id === id) as MessageRecord;
		return { id, record };
	}

	function thumbBytes(record: MessageRecord): Buffer {
		if (record.media?.kind !== 'document') throw new Error('not a document');
		return env.world.db.files.documents.get(record.media.documentId)!.thumbs[0].bytes;
	}

	const load = (operation: string, params: INodeParameters, extra = {}) => tgl('Load', 'msg', operation, params, extra);

	it('downloads a photo in its largest size, byte-identical', async () => {
		const { id, record } = bobSends({ photo: png(800, 600) }, undefined, 'a view');
		const opened = env.server.connectionsOpened;
		const run = await env.run(chain([{}], load('loadPhoto', { message: String(id) })), alice.id);
		expect(run.error).toBeUndefined();
		const [item] = run.output('Load');
		const stored = env.world.fileBytes(record)!;
		expect(item.json).toEqual({ file_name: `photo_${id}.png`, mime_type: 'image/png', size: stored.length, msg_id: id });
		expect(item.binary!.data).toMatchObject({ fileName: `photo_${id}.png`, mimeType: 'image/png' });
		expect((await bytesOf(item)).equals(stored)).toBe(true);
		expect(item.pairedItem).toEqual({ item: 0 });
		// A file on the account's own DC comes over the account's one connection.
		expect(env.server.connectionsOpened).toBe(opened);
	});

	it('downloads a video, its thumbnail, and the same video as a document', async () => {
		const video = randomBytes(300_000);
		const thumb = jpeg();
		const { id, record } = bobSends({
			document: video,
			mimeType: 'video/mp4',
			fileName: 'clip.mp4',
			attributes: [new Api.DocumentAttributeVideo({ duration: 3, w: 320, h: 240 })],
			thumb,
		});
		const run = await env.run(
			chain(
				[{ id }],
				tgl('Video', 'msg', 'loadVideo', { message: '={{ $json.id }}' }),
				tgl('Thumb', 'msg', 'loadVideoThumb', { message: `${id}`, binaryPropertyName: 'thumb' }),
				tgl('Doc', 'msg', 'loadDocument', { message: `${id}` }),
			),
			alice.id,
		);
		expect(run.error).toBeUndefined();
		const [v] = run.output('Video');
		expect(v.json).toEqual({ file_name: 'clip.mp4', mime_type: 'video/mp4', size: video.length, msg_id: id });
		expect((await bytesOf(v)).equals(env.world.fileBytes(record)!)).toBe(true);
		const [t] = run.output('Thumb');
		expect(t.json).toEqual({ file_name: `thumbnail_${id}.jpg`, mime_type: 'image/jpeg', size: thumb.length, msg_id: id });
		expect(t.binary!.data).toBeUndefined();
		expect((await bytesOf(t, 'thumb')).equals(thumbBytes(record))).toBe(true);
		const [d] = run.output('Doc');
		expect(d.json.file_name).toBe('clip.mp4');
		expect((await bytesOf(d)).equals(video)).toBe(true);
	});

	it('downloads a voice message as audio (no file name from Telegram)', async () => {
		const voice = randomBytes(20_000);
		const { id, record } = bobSends({
			document: voice,
			mimeType: 'audio/ogg',
			attributes: [new Api.DocumentAttributeAudio({ voice: true, duration: 4 })],
		});
		const run = await env.run(chain([{}], load('loadAudio', { message: `${id}` })), alice.id);
		expect(run.error).toBeUndefined();
		const [item] = run.output('Load');
		expect(item.json).toEqual({ file_name: `audio_${id}.oga`, mime_type: 'audio/ogg', size: voice.length, msg_id: id });
		expect((await bytesOf(item)).equals(env.world.fileBytes(record)!)).toBe(true);
	});

	it('downloads a large document and its thumbnail from a supergroup (ids per channel), and from a Msg object', async () => {
		const big = randomBytes(1_500_000);
		const thumb = png(90, 60, 300);
		const { id, record } = bobSends({ document: big, mimeType: 'application/pdf', fileName: 'report.pdf', thumb }, { channelId: supergroup.id });
		const peer = byId(`-100${supergroup.id}`);
		const run = await env.run(
			chain(
				[{}],
				tgl('Doc', 'msg', 'loadDocument', { message: `${id}`, peer }),
				tgl('Thumb', 'msg', 'loadDocumentThumb', { message: `${id}`, peer }),
				tgl('History', 'peer', 'getHistory', { peer, offset: 0, limit: 1 }),
				tgl('FromMsg', 'msg', 'loadDocument', { message: '={{ $json }}' }),
			),
			alice.id,
		);
		expect(run.error).toBeUndefined();
		const [doc] = run.output('Doc');
		expect(doc.json).toEqual({ file_name: 'report.pdf', mime_type: 'application/pdf', size: big.length, msg_id: id });
		expect((await bytesOf(doc)).equals(env.world.fileBytes(record)!)).toBe(true);
		const [t] = run.output('Thumb');
		expect(t.json).toMatchObject({ mime_type: 'image/png', file_name: `thumbnail_${id}.png` });
		expect((await bytesOf(t)).equals(thumbBytes(record))).toBe(true);
		const [fromMsg] = run.output('FromMsg');
		expect(fromMsg.json.msg_id).toBe(id);
		expect((await bytesOf(fromMsg)).equals(big)).toBe(true);
	});

	it('refuses media of another kind, no media, no thumbnail and unknown ids, naming what the message has', async () => {
		const video = bobSends({ document: randomBytes(1000), mimeType: 'video/mp4', attributes: [new Api.DocumentAttributeVideo({ duration: 1, w: 10, h: 10 })] });
		const photo = bobSends({ photo: png(10, 10) });
		const text = env.world.sendMessage(bob.id, { userId: alice.id }, 'just words').boxes[alice.id];
		const good = bobSends({ document: Buffer.from('hello'), mimeType: 'text/plain', fileName: 'hello.txt' });
		const cases: [string, number, string | RegExp][] = [
			['loadPhoto', video.id, `Message ${video.id} has a video, not a photo`],
			['loadVideo', text, `Message ${text} has no media`],
			['loadVideoThumb', video.id, `Message ${video.id} has a video without a thumbnail`],
			['loadAudio', photo.id, `Message ${photo.id} has a photo, not an audio file`],
			['loadDocument', photo.id, `Message ${photo.id} has a photo, not a document`],
			['loadDocumentThumb', good.id, `Message ${good.id} has a document without a thumbnail`],
			['loadDocument', 999_999, /^Message 999999 does not exist \(or was deleted\)\. If it is in a channel or supergroup, also set Peer/],
		];
		for (const [operation, id, error] of cases) {
			const run = await env.run(chain([{}], load(operation, { message: `${id}` })), alice.id);
			expect(run.error?.message).toMatch(typeof error === 'string' ? `${error} [node "Load", item 0]` : error);
		}
		const unknownPeer = await env.run(chain([{}], load('loadDocument', { message: `${good.id}`, peer: byId('-1009999999999') })), alice.id);
		expect(unknownPeer.error?.message).toMatch(/^Peer -1009999999999 is not known to this account/);
		const otherChat = await env.run(chain([{}], load('loadDocument', { message: `${good.id}`, peer: byId('-4242') })), alice.id);
		expect(otherChat.error?.message).toMatch(`Message ${good.id} is not in the group -4242: it belongs to another chat of this account`);
		// Under Continue On Fail the bad item becomes an error item and the others still go.
		const run = await env.run(
			chain([{ id: good.id }, { id: photo.id }, { id: 'x1' }, { id: good.id }], load('loadDocument', { message: '={{ $json.id }}' }, { onError: 'continueRegularOutput' })),
			alice.id,
		);
		expect(run.error).toBeUndefined();
		expect(run.output('Load').map((i) => [i.json.error ?? i.json.file_name, i.pairedItem])).toEqual([
			['hello.txt', { item: 0 }],
			[`Message ${photo.id} has a photo, not a document`, { item: 1 }],
			['"x1" is not a message ID', { item: 2 }],
			['hello.txt', { item: 3 }],
		]);
		expect((await bytesOf(run.output('Load')[3])).toString()).toBe('hello');
	});

	it('refuses a file over the size limit before downloading anything', async () => {
		const { id } = bobSends({ document: randomBytes(5000), mimeType: 'application/zip', fileName: 'a.zip' });
		env.server.resetStats();
		const run = await env.run(chain([{}], load('loadDocument', { message: `${id}`, options: { maxFileSizeMb: 0.001 } })), alice.id);
		expect(run.error?.message).toMatch(/The document of message \d+ is 0\.005 MB, over the limit of 0\.001 MB \(option "Max File Size \(MB\)"\): nothing was downloaded/);
		expect(env.server.callCount('upload.GetFile')).toBe(0);
	});

	it('also writes to a directory under a sanitized name that cannot escape it, never overwriting', async () => {
		const hostile = bobSends({ document: Buffer.from('root:x:0:0'), mimeType: 'text/plain', fileName: '../../etc/passwd' });
		const dots = bobSends({ document: Buffer.from('dots'), mimeType: 'text/plain', fileName: '..' });
		const control = bobSends({ document: Buffer.from('ctl'), mimeType: 'text/plain', fileName: 'a\u0000b\nc\\d.txt' });
		const run = await env.run(
			chain(
				[{ id: hostile.id }, { id: dots.id }, { id: control.id }, { id: hostile.id }],
				load('loadDocument', { message: '={{ $json.id }}', options: { directory: dir } }),
			),
			alice.id,
		);
		expect(run.error).toBeUndefined();
		const out = run.output('Load').map((i) => i.json);
		expect(out.map((j) => j.file_name)).toEqual(['_._etc_passwd', `document_${dots.id}.txt`, 'a_b_c_d.txt', '_._etc_passwd']);
		expect(out.map((j) => j.file_path)).toEqual([
			join(dir, '_._etc_passwd'),
			join(dir, `document_${dots.id}.txt`),
			join(dir, 'a_b_c_d.txt'),
			join(dir, '__1._etc_passwd'),
		]);
		for (const j of out) expect(dirname(j.file_path as string)).toBe(dir);
		expect(readdirSync(dir).sort()).toEqual(['_._etc_passwd', '__1._etc_passwd', 'a_b_c_d.txt', `document_${dots.id}.txt`].sort());
		expect(readFileSync(join(dir, '_._etc_passwd'), 'utf8')).toBe('root:x:0:0');
		expect(readFileSync(join(dir, '__1._etc_passwd'), 'utf8')).toBe('root:x:0:0');
		expect(existsSync(join(dir, '..', '..', 'etc', 'passwd')) && readFileSync(join(dir, '..', '..', 'etc', 'passwd'), 'utf8') === 'root:x:0:0').toBe(false);
		expect(out[0].file_name).toBe(run.output('Load')[0].binary!.data.fileName);
	});

	it('never follows a symlink named like the file; long and direction-spoofing names are made safe', async () => {
		symlinkSync(join(outside, 'target.txt'), join(dir, 'link.txt'));
		const linked = bobSends({ document: Buffer.from('through the link?'), mimeType: 'text/plain', fileName: 'link.txt' });
		const spoof = bobSends({ document: Buffer.from('spoof'), mimeType: 'text/plain', fileName: 'invoice\u202Etxt.exe' });
		const long = bobSends({ document: Buffer.from('long'), mimeType: 'text/plain', fileName: `${'é'.repeat(300)}.txt` });
		const run = await env.run(
			chain(
				[{ id: linked.id }, { id: spoof.id }, { id: long.id }],
				load('loadDocument', { message: '={{ $json.id }}', options: { directory: dir } }),
			),
			alice.id,
		);
		expect(run.error).toBeUndefined();
		const out = run.output('Load').map((i) => i.json);
		expect(out[0].file_path).toBe(join(dir, 'link_1.txt'));
		expect(readFileSync(join(dir, 'link_1.txt'), 'utf8')).toBe('through the link?');
		expect(existsSync(join(outside, 'target.txt'))).toBe(false);
		expect(out[1].file_name).toBe('invoice_txt.exe');
		const longName = out[2].file_name as string;
		expect(Buffer.byteLength(longName)).toBeLessThanOrEqual(200);
		expect(longName).toMatch(/^é+\.txt$/);
		expect(readFileSync(out[2].file_path as string, 'utf8')).toBe('long');
	});

	it("refuses a missing directory and one that n8n's file access settings block", async () => {
		const { id } = bobSends({ document: Buffer.from('x'), mimeType: 'text/plain', fileName: 'x.txt' });
		const n8nFolder = Container.get(InstanceSettings).n8nFolder;
		const run = await env.run(
			chain(
				[{ to: join(dir, 'nope') }, { to: n8nFolder }, { to: outside }, { to: dir }],
				load('loadDocument', { message: `${id}`, options: { directory: '={{ $json.to }}' } }, { onError: 'continueRegularOutput' }),
			),
			alice.id,
		);
		const out = run.output('Load').map((i) => i.json);
		expect(out[0].error).toBe(`The directory "${join(dir, 'nope')}" does not exist (Also Write To Directory)`);
		expect(out[1].error).toMatch(/is not allowed by n8n's file access settings/);
		expect(out[2].error).toBe(`Writing to "${outside}" is not allowed by n8n's file access settings (N8N_RESTRICT_FILE_ACCESS_TO)`);
		expect(existsSync(join(n8nFolder, 'x.txt'))).toBe(false);
		expect(readdirSync(outside)).toEqual([]);
		expect(out[3].file_path).toBe(join(dir, 'x.txt'));
	});

	it('closing the pool closes the connection to a file DC too (nothing keeps the process alive)', async () => {
		env.world.settings.fileDcs[bob.id] = 4;
		const { id } = bobSends({ document: randomBytes(10_000), mimeType: 'application/zip', fileName: 'z.zip' });
		delete env.world.settings.fileDcs[bob.id];
		const run = await env.run(chain([{}], load('loadDocument', { message: `${id}` })), alice.id);
		expect(run.error).toBeUndefined();
		const dc4 = env.tg.dcs.get(4)!;
		expect(dc4.connections.size).toBe(1);
		await clientPool.closeAll();
		await eventually(() => env.server.connections.size === 0 && dc4.connections.size === 0, 'every connection to close');
	});
});
