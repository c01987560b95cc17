// "Thumbnail Binary Field" of Send Video / Audio / Document in a cloud chat: the image is scaled
// into a JPEG preview of at most 90 px and uploaded as the document's thumb, as in secret chats.
import type { IBinaryData, IDataObject } from 'n8n-workflow';
import { randomBytes } from 'crypto';
import { decode as decodeJpeg, encode as encodeJpeg } from 'jpeg-js';
import { Container } from '@n8n/di';
import { BinaryDataService } from 'n8n-core';
import { byId, chain, TestEnv, tgl, type Workflow } from '../support/env';

const binary = (bytes: Buffer, fileName: string, mimeType: string): IBinaryData => ({ data: bytes.toString('base64'), fileName, mimeType, fileSize: String(bytes.length) });

function withBinary(workflow: Workflow, files: Record<string, IBinaryData>): Workflow {
	return { ...workflow, pinData: { Start: [{ json: {}, binary: files }] } } as Workflow;
}

function jpeg(width: number, height: number): Buffer {
	const data = Buffer.alloc(width * height * 4);
	for (let p = 0; p < width * height; p++) data.set([p % 256, (p >> 5) % 256, 40, 255], p * 4);
	return Buffer.from(encodeJpeg({ data, width, height }, 85).data);
}

const jpegDims = (bytes: Buffer) => {
	const image = decodeJpeg(bytes, { useTArray: true });
	return { w: image.width, h: image.height };
};

describe('Peer: thumbnails of files sent to cloud chats', () => {
	let env: TestEnv;
	let alice: { id: number };
	let bob: { id: number };

	beforeAll(async () => {
		env = await TestEnv.start();
		alice = env.world.addUser({ firstName: 'Alice' });
		bob = env.world.addUser({ firstName: 'Bob' });
		env.world.sendMessage(bob.id, { userId: alice.id }, 'hi');
	});

	afterAll(async () => {
		await env.stop();
	});

	const lastDocument = () => {
		const atBob = env.world.history(bob.id, { userId: alice.id })[0];
		return env.world.db.files.documents.get((atBob.media as { documentId: number }).documentId)!;
	};

	it('a video goes with the image scaled to a 90 px JPEG thumb; Msg → Load Video Thumb gives it back', async () => {
		const run = await env.run(
			withBinary(chain([], tgl('Video', 'peer', 'sendVideo', { peer: byId(bob.id), options: { thumbnailBinaryField: 'cover' } })), {
				data: binary(randomBytes(4000), 'clip.mp4', 'video/mp4'),
				cover: binary(jpeg(1280, 720), 'cover.jpg', 'image/jpeg'),
			}),
			alice.id,
		);
		expect(run.error).toBeUndefined();
		const msg = run.output('Video')[0].json;
		expect(msg.media).toMatchObject({ type: 'video', has_thumb: true });
		const [thumb] = lastDocument().thumbs;
		expect(thumb).toMatchObject({ w: 90, h: 51 });
		expect(jpegDims(thumb.bytes)).toEqual({ w: 90, h: 51 });
		const load = await env.run(chain([{ msg }], tgl('Load', 'msg', 'loadVideoThumb', { message: '={{ $json.msg }}' })), alice.id);
		expect(load.error).toBeUndefined();
		expect(jpegDims(await Container.get(BinaryDataService).getAsBuffer(load.output('Load')[0].binary!.data))).toEqual({ w: 90, h: 51 });
	});

	it('a document whose "thumbnail" is no image goes without one; a thumbnail field that is missing fails the item, sending nothing', async () => {
		const before = env.world.history(bob.id, { userId: alice.id }).length;
		const sent = await env.run(
			withBinary(chain([], tgl('Doc', 'peer', 'sendDocument', { peer: byId(bob.id), options: { thumbnailBinaryField: 'cover' } })), {
				data: binary(Buffer.from('%PDF-1.4 report'), 'report.pdf', 'application/pdf'),
				cover: binary(Buffer.from('not an image'), 'cover.txt', 'text/plain'),
			}),
			alice.id,
		);
		expect(sent.error).toBeUndefined();
		expect(sent.output('Doc')[0].json.media).toMatchObject({ type: 'document', file_name: 'report.pdf', has_thumb: false });
		expect(lastDocument().thumbs).toEqual([]);
		const missing = await env.run(
			withBinary(chain([], tgl('Audio', 'peer', 'sendAudio', { peer: byId(bob.id), options: { thumbnailBinaryField: 'art' } }, { onError: 'continueRegularOutput' })), {
				data: binary(randomBytes(3000), 'song.mp3', 'audio/mpeg'),
			}),
			alice.id,
		);
		expect((missing.output('Audio')[0].json as IDataObject).error).toMatch(/no binary field 'art'/);
		expect(env.world.history(bob.id, { userId: alice.id })).toHaveLength(before + 1);
	});
});
