// Secret chats with an older app, through the nodes (n8n-core): the pack's account (trigger with
// "Accept Incoming", Peer → Send Message / Photo / Document) against a raw client that plays a
// layer-46 app (its messages wrapped at layer 46, notifyLayer 46). What the pack sends is decoded
// at the layer the raw side claims and must be of that layer's forms; then the app "updates" to
// 73 and to 144 and the pack's later messages take the newer forms.
import { randomBytes, randomInt } from 'crypto';
import { Api } from 'telegram';
import { eventually, TestEnv } from '../support/env';
import { bytesOf, listen, msgs, of, sendFile, sendText, texts, type Trigger } from './node-pair';
import { rawClient } from './raw-client';
import { requestChat, Side } from './secret-pair';
import { decryptSecretMessage, ID, parseLayer, SecretChat, xForSender } from '../../nodes/Tgl/secret';
import type { DecryptedMedia, DecryptedMessage, FileSecret } from '../../nodes/Tgl/secret';
import { TlReader } from '../../nodes/Tgl/secret/tl-bytes';

/** What the raw side saw of one message of the pack's: the wrapper's layer and the constructors used. */
interface Seen {
	layer: number;
	message: number;
	media?: number;
	decoded: DecryptedMessage;
	/** The EncryptedFile that came with it. */
	file?: Api.EncryptedFile;
}

/** Reads the constructor ids out of a decrypted decryptedMessageLayer (the codec's parse hides them). */
function constructors(plain: Buffer): { message: number; media?: number } {
	const r = new TlReader(plain);
	r.readInt(false); // decryptedMessageLayer
	r.tgReadBytes();
	r.readInt(); // layer
	r.readInt(); // in_seq_no
	r.readInt(); // out_seq_no
	const message = r.readInt(false);
	if (message === ID.service) return { message };
	const flags = r.readInt();
	r.readLongBig();
	r.readInt(); // ttl
	r.tgReadString();
	return { message, media: flags & (1 << 9) ? r.readInt(false) : undefined };
}

describe('secret chats with an older app (layer 46, then 73 and 144) through the nodes', () => {
	let env: TestEnv;

	beforeAll(async () => {
		env = await TestEnv.start();
	});

	afterAll(async () => {
		await env.stop();
	});

	/** The old app (user `appUserId`) requests a chat with `withUserId`, whose trigger accepts it. */
	async function oldApp(appUserId: number, withUserId: number, layer: number) {
		const device = await rawClient(env.tg, appUserId);
		const requested = await requestChat(device, env.world.user(withUserId)!, layer);
		const { chatId, key } = requested;
		let side = requested.side;
		const peer = side.peer;
		const seen: Seen[] = [];
		let read = 0;
		/** Opens the pack's messages that arrived (checking each against the layer this app claims). */
		const receive = async (claimed: number) => {
			const events = device.updates.filter((u): u is Api.UpdateNewEncryptedMessage => u instanceof Api.UpdateNewEncryptedMessage).slice(read);
			read += events.length;
			side.unread(); // the side's own cursor follows (these are opened here)
			for (const event of events) {
				const plain = decryptSecretMessage(key, event.message.bytes, xForSender(false));
				const decoded = parseLayer(plain);
				// An app of layer `claimed` refuses anything newer: flag it.
				if (decoded.layer > claimed) throw new Error(`the pack wrote layer ${decoded.layer} to a layer-${claimed} app`);
				const arrival = side.chat.receive(event.message.bytes);
				if (arrival.kind !== 'ready') throw new Error(`the pack's message did not arrive in order (${arrival.kind})`);
				await side.sendSealed(side.chat.takeOutbox());
				const file = event.message instanceof Api.EncryptedMessage && event.message.file instanceof Api.EncryptedFile ? event.message.file : undefined;
				seen.push({ layer: decoded.layer, ...constructors(plain), decoded: decoded.message, file });
			}
		};
		return {
			chatId,
			seen,
			receive,
			get side() {
				return side;
			},
			/** The app updates to `newer` and tells the pack (notifyLayer, wrapped at its new layer). */
			async update(newer: number) {
				const before = side;
				side = new Side(device, SecretChat.restore(before.chat.snapshot(), newer), peer);
				side.unread();
				await side.send({ _: 'service', randomId: BigInt(randomInt(1, 2 ** 47)), action: { _: 'notifyLayer', layer: newer } });
				// A text after it: once the pack has it, it has the notifyLayer too.
				await side.send({ _: 'message', randomId: BigInt(randomInt(1, 2 ** 47)), ttl: 0, message: `now at ${newer}` });
			},
			close: () => device.client.destroy(),
		};
	}

	const itemsOf = (trigger: Trigger) => trigger.items().filter((i) => i.json.event === 'on_msg_receive');
	const say = async (userId: number, chatId: number, text: string) => expect(await sendText(env, userId, chatId, text)).not.toHaveProperty('error');

	const photoMedia = (bytes: Buffer) => (secret: FileSecret): DecryptedMedia => ({ _: 'photo', thumb: Buffer.alloc(0), thumbW: 0, thumbH: 0, w: 0, h: 0, size: bytes.length, ...secret, caption: '' });
	const documentMedia = (bytes: Buffer) => (secret: FileSecret): DecryptedMedia => ({
		_: 'document',
		thumb: Buffer.alloc(0),
		thumbW: 0,
		thumbH: 0,
		mimeType: 'application/pdf',
		size: bytes.length,
		...secret,
		attributes: [{ _: 'filename', fileName: 'old.pdf' }],
		caption: '',
	});

	it('talks to a layer-46 app in its forms both ways (texts with entities, a photo and a document), and in the newer forms once it updates to 73 and 144', async () => {
		const pam = env.world.addUser({ firstName: 'Pam' });
		const olga = env.world.addUser({ firstName: 'Olga' });
		const trigger = await listen(env, pam.id, { acceptSecretChats: true, downloadMedia: true });
		const app = await oldApp(olga.id, pam.id, 46);
		try {
			const { chatId } = app;
			await eventually(() => of(trigger.items(), 'on_secret_chat_update').some((j) => (j.what_changed as string[]).includes('working')), 'working on Pam');
			// The old app announces its layer, then writes texts with the entities layer 46 knows, a photo and a document.
			await app.side.send({ _: 'service', randomId: 1n, action: { _: 'notifyLayer', layer: 46 } });
			await app.side.send({
				_: 'message',
				randomId: 2n,
				ttl: 0,
				message: 'bold and a link',
				entities: [
					{ type: 'bold', offset: 0, length: 4 },
					{ type: 'textUrl', offset: 11, length: 4, url: 'https://example.com' },
				],
			});
			const photo = randomBytes(2999);
			const doc = randomBytes(600 * 1024 + 3);
			await app.side.sendFile(photo, photoMedia(photo));
			await app.side.sendFile(doc, documentMedia(doc));
			await app.side.send({ _: 'message', randomId: 3n, ttl: 0, message: 'old sentinel' });
			await eventually(() => texts(trigger.items()).includes('old sentinel'), 'the old app’s messages on Pam');
			const [boldText, photoMsg, docMsg] = msgs(trigger.items());
			expect(boldText).toMatchObject({ text: 'bold and a link', dest: { id: chatId, type: 4 } });
			expect(photoMsg).toMatchObject({ media: { type: 'photo', size: photo.length } });
			expect(docMsg).toMatchObject({ media: { type: 'document', size: doc.length } });
			const [, photoItem, docItem] = itemsOf(trigger);
			expect((await bytesOf(photoItem)).equals(photo)).toBe(true);
			expect((await bytesOf(docItem)).equals(doc)).toBe(true);

			// The pack writes to it: a text, a photo and a document, each in layer-46 forms.
			await say(pam.id, chatId, 'hello old friend');
			const backPhoto = randomBytes(3001);
			const backDoc = randomBytes(700 * 1024 + 5);
			await sendFile(env, pam.id, chatId, 'sendPhoto', backPhoto, { caption: '' });
			await sendFile(env, pam.id, chatId, 'sendDocument', backDoc, { caption: 'the report' });
			// notifyLayer, the three, and nothing else.
			await app.side.waitFor(4);
			await app.receive(46);
			expect(app.seen.map((s) => s.layer)).toEqual([46, 46, 46, 46]);
			expect(app.seen[0]).toMatchObject({ message: ID.service, decoded: { action: { _: 'notifyLayer', layer: 144 } } });
			const [, text46, photo46, doc46] = app.seen;
			expect(text46).toMatchObject({ message: ID.message46, decoded: { message: 'hello old friend' } });
			expect(photo46).toMatchObject({ message: ID.message46, media: ID.mediaPhoto });
			expect(doc46).toMatchObject({ message: ID.message46, media: ID.mediaDocument45, decoded: { message: 'the report' } });
			for (const [s, bytes] of [
				[photo46, backPhoto],
				[doc46, backDoc],
			] as const) {
				const media = (s.decoded as Extract<DecryptedMessage, { _: 'message' }>).media as { key: Buffer; iv: Buffer; size: number };
				expect((await app.side.download(s.file!, media)).equals(bytes)).toBe(true);
			}

			// The app updates to layer 73: the current decryptedMessage, still the int-sized document.
			await app.update(73);
			await eventually(() => texts(trigger.items()).includes('now at 73'), 'the update on Pam');
			await say(pam.id, chatId, 'at 73');
			await sendFile(env, pam.id, chatId, 'sendDocument', backPhoto, { caption: '' });
			await app.side.waitFor(6);
			await app.receive(73);
			expect(app.seen.slice(4).map((s) => [s.layer, s.message, s.media])).toEqual([
				[73, ID.message, undefined],
				[73, ID.message, ID.mediaDocument45],
			]);
			// Then to 144: the long-sized document.
			await app.update(144);
			await eventually(() => texts(trigger.items()).includes('now at 144'), 'the second update on Pam');
			await say(pam.id, chatId, 'at 144');
			await sendFile(env, pam.id, chatId, 'sendDocument', backPhoto, { caption: '' });
			await app.side.waitFor(8);
			await app.receive(144);
			expect(app.seen.slice(6).map((s) => [s.layer, s.message, s.media])).toEqual([
				[144, ID.message, undefined],
				[144, ID.message, ID.mediaDocument],
			]);
			const last = app.seen[7];
			const media = (last.decoded as Extract<DecryptedMessage, { _: 'message' }>).media as { key: Buffer; iv: Buffer; size: number };
			expect((await app.side.download(last.file!, media)).equals(backPhoto)).toBe(true);
			// The updated app's messages still reach the pack.
			await app.side.send({ _: 'message', randomId: 4n, ttl: 0, message: 'updated', entities: [{ type: 'spoiler', offset: 0, length: 7 }] });
			await eventually(() => texts(trigger.items()).includes('updated'), 'the updated app’s message on Pam');
		} finally {
			await app.close();
			await trigger.close();
		}
	});
});
