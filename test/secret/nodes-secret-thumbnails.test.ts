// Thumbnails sent into secret chats: a photo goes with a preview made from it, a video (or audio,
// or document) with one made from the image the "Thumbnail Binary Field" option names. The other
// side, another account running the pack, gets the preview inside the decrypted message.
import type { IBinaryData, ICredentialDataDecryptedObject } from 'n8n-workflow';
import { randomBytes } from 'crypto';
import { decode as decodeJpeg, encode as encodeJpeg } from 'jpeg-js';
import { PNG } from 'pngjs';
import { BLUE, exifSegment, GREEN, quadrantJpeg, RED, WHITE, withSegment } from '../support/exif-jpeg';
import { chain, eventually, TestEnv, tgl, type Workflow } from '../support/env';
import { clientPool } from '../../nodes/Tgl/transport/client-pool';
import { secretChatsOf } from '../../nodes/Tgl/transport/secret-chats';
import { toTglCredentials } from '../../nodes/Tgl/transport/credentials';
import { bytesOf, listen, msgs as received, secretPeer, workingChat } from './node-pair';

function rgba(width: number, height: number): Buffer {
	const data = Buffer.alloc(width * height * 4);
	for (let p = 0; p < width * height; p++) data.set([(p * 7) % 256, (p >> 4) % 256, 90, p % 3 ? 255 : 100], p * 4);
	return data;
}

const jpeg = (width: number, height: number) => Buffer.from(encodeJpeg({ data: rgba(width, height), width, height }, 85).data);

function png(width: number, height: number): Buffer {
	const image = new PNG({ width, height });
	rgba(width, height).copy(image.data);
	return PNG.sync.write(image);
}

const binary = (bytes: Buffer, fileName: string, mimeType: string): IBinaryData => ({ data: bytes.toString('base64'), fileName, mimeType, fileSize: String(bytes.length) });

/** The workflow with the Start node's item pinned, carrying binary data. */
function withBinary(workflow: Workflow, files: Record<string, IBinaryData>): Workflow {
	return { ...workflow, pinData: { Start: [{ json: {}, binary: files }] } } as Workflow;
}

/** A JPEG's real size, read by decoding it. */
function jpegDims(bytes: Buffer): { w: number; h: number } {
	const image = decodeJpeg(bytes, { useTArray: true });
	return { w: image.width, h: image.height };
}

describe('secret chats: thumbnails sent', () => {
	let env: TestEnv;

	beforeAll(async () => {
		env = await TestEnv.start();
	});

	afterAll(async () => {
		await env.stop();
	});


	/** The decrypted message as the receiving account's service saved it (its thumb bytes). */
	async function savedMedia(userId: number, chatId: number, msgId: number) {
		const account = await clientPool.acquire(toTglCredentials((await env.credentials(userId)).tglApi as ICredentialDataDecryptedObject));
		try {
			const chat = (await secretChatsOf(account)).service.chats().find((c) => c.id === chatId)!;
			const stored = chat.history.find((m) => m.id === msgId)!;
			if (stored.message._ !== 'message' || !stored.message.media) throw new Error('no media');
			return stored.message.media as { thumb: Buffer; thumbW: number; thumbH: number };
		} finally {
			clientPool.release(account);
		}
	}

	it('a JPEG and a PNG photo go with a JPEG preview of at most 90 px, aspect kept; an undecodable "photo" goes without one', async () => {
		const ann = env.world.addUser({ firstName: 'Ann' });
		const ben = env.world.addUser({ firstName: 'Ben' });
		const benTrigger = await listen(env, ben.id, { acceptSecretChats: true });
		try {
			const chatId = await workingChat(env, ann.id, ben.id);
			const peer = secretPeer(chatId);
			const send = async (file: IBinaryData, caption: string) => {
				const run = await env.run(withBinary(chain([], tgl('Send', 'peer', 'sendPhoto', { peer, options: { caption } })), { data: file }), ann.id);
				expect(run.error).toBeUndefined();
				return run.output('Send')[0].json;
			};
			const sentJpeg = await send(binary(jpeg(400, 300), 'wide.jpg', 'image/jpeg'), 'jpeg');
			expect(sentJpeg.media).toMatchObject({ type: 'photo', width: 400, height: 300, thumb_width: 90, thumb_height: 68 });
			await send(binary(png(120, 360), 'tall.png', 'image/png'), 'png');
			const junk = randomBytes(3000);
			await send(binary(junk, 'photo.jpg', 'image/jpeg'), 'junk');
			await eventually(() => received(benTrigger.items()).length === 3, 'three photos on Ben');
			const [wide, tall, broken] = received(benTrigger.items());
			expect(wide.media).toMatchObject({ type: 'photo', width: 400, height: 300, thumb_width: 90, thumb_height: 68 });
			expect(tall.media).toMatchObject({ type: 'photo', width: 120, height: 360, thumb_width: 30, thumb_height: 90 });
			// The bytes Ben's side decrypted are a JPEG of exactly those sizes.
			const wideThumb = await savedMedia(ben.id, chatId, wide.id as number);
			expect(jpegDims(wideThumb.thumb)).toEqual({ w: 90, h: 68 });
			expect(wideThumb.thumb.length).toBeLessThan(8 * 1024);
			expect(jpegDims((await savedMedia(ben.id, chatId, tall.id as number)).thumb)).toEqual({ w: 30, h: 90 });
			// The undecodable one still went, whole, without a preview.
			expect(broken).toMatchObject({ text: 'junk', media: { type: 'photo', width: 0, height: 0, size: junk.length } });
			expect(broken.media).not.toHaveProperty('thumb_width');
			expect(await savedMedia(ben.id, chatId, broken.id as number)).toMatchObject({ thumb: Buffer.alloc(0), thumbW: 0, thumbH: 0 });
		} finally {
			await benTrigger.close();
		}
	});

	it('a phone photo taken upright (EXIF Orientation 6) arrives with its displayed width and height and an upright preview', async () => {
		const eve = env.world.addUser({ firstName: 'Eve' });
		const fay = env.world.addUser({ firstName: 'Fay' });
		const fayTrigger = await listen(env, fay.id, { acceptSecretChats: true });
		try {
			const chatId = await workingChat(env, eve.id, fay.id);
			// Seen upright the scene is 900 wide, 1200 tall: red, green over blue, white. The camera stored
			// it lying on its left side (1200×900: green, white over red, blue) and wrote Orientation 6.
			// Over a million pixels: its preview is made on a worker thread.
			const photo = withSegment(quadrantJpeg(1200, 900, [GREEN, WHITE, RED, BLUE]), exifSegment(6, 'MM'));
			const run = await env.run(withBinary(chain([], tgl('Send', 'peer', 'sendPhoto', { peer: secretPeer(chatId) })), { data: binary(photo, 'upright.jpg', 'image/jpeg') }), eve.id);
			expect(run.error).toBeUndefined();
			expect(run.output('Send')[0].json.media).toMatchObject({ type: 'photo', width: 900, height: 1200, thumb_width: 68, thumb_height: 90 });
			await eventually(() => received(fayTrigger.items()).length === 1, 'the photo on Fay');
			const [msg] = received(fayTrigger.items());
			expect(msg.media).toMatchObject({ type: 'photo', width: 900, height: 1200, thumb_width: 68, thumb_height: 90 });
			const thumb = decodeJpeg((await savedMedia(fay.id, chatId, msg.id as number)).thumb, { useTArray: true });
			expect({ w: thumb.width, h: thumb.height }).toEqual({ w: 68, h: 90 });
			const at = (x: number, y: number) => Array.from(thumb.data.subarray((y * 68 + x) * 4, (y * 68 + x) * 4 + 3));
			const near = (got: number[], want: number[]) => got.every((v, k) => Math.abs(v - want[k]) <= 24);
			expect([at(15, 20), at(52, 20), at(15, 70), at(52, 70)].map((got, k) => near(got, [RED, GREEN, BLUE, WHITE][k]))).toEqual([true, true, true, true]);
		} finally {
			await fayTrigger.close();
		}
	});

	it('a video with "Thumbnail Binary Field": the other side\'s Msg → Load Video Thumb gives a JPEG of the preview\'s size', async () => {
		const cal = env.world.addUser({ firstName: 'Cal' });
		const dee = env.world.addUser({ firstName: 'Dee' });
		const deeTrigger = await listen(env, dee.id, { acceptSecretChats: true });
		try {
			const chatId = await workingChat(env, cal.id, dee.id);
			const clip = randomBytes(5000);
			const run = await env.run(
				withBinary(
					chain([], tgl('Send', 'peer', 'sendVideo', { peer: secretPeer(chatId), options: { width: 320, height: 180, duration: 3, thumbnailBinaryField: 'cover' } })),
					{ data: binary(clip, 'clip.mp4', 'video/mp4'), cover: binary(png(320, 180), 'cover.png', 'image/png') },
				),
				cal.id,
			);
			expect(run.error).toBeUndefined();
			await eventually(() => received(deeTrigger.items()).length === 1, 'the video on Dee');
			const [msg] = received(deeTrigger.items());
			expect(msg.media).toMatchObject({ type: 'video', width: 320, height: 180, has_thumb: true, thumb_width: 90, thumb_height: 51 });
			const load = await env.run(chain([{ msg }], tgl('Load', 'msg', 'loadVideoThumb', { message: '={{ $json.msg }}' })), dee.id);
			expect(load.error).toBeUndefined();
			const [item] = load.output('Load');
			expect(item.json).toMatchObject({ mime_type: 'image/jpeg', width: 90, height: 51 });
			expect(jpegDims(await bytesOf(item))).toEqual({ w: 90, h: 51 });
		} finally {
			await deeTrigger.close();
		}
	});
});
