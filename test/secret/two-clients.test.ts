// Secret chats end to end over MTProto: two accounts on raw GramJS clients drive the pure
// secret layer (nodes/Tgl/secret) through the loopback relay.
import { generatePrimeSync, randomBytes } from 'crypto';
import { Api } from 'telegram';
import { secretChatsOf } from '../telegram/world/secret-chats';
import { onLoopback } from './service-device';
import { establish, isEncryption, isEncrypted, text, texts } from './secret-pair';
import { beginRequest, DhConfigCache, type DecryptedMedia, type DhConfigResult, type FileSecret } from '../../nodes/Tgl/secret';
import { png } from '../support/media-bytes';
import { refusalReason } from '../support/secret-refusal';

const loop = onLoopback();
const connect = (userId: number, session?: string) => loop.raw(userId, session);

describe('secret chat between two accounts through the loopback', () => {
	it('requests, accepts on one device, agrees on the key and carries messages both ways in order', async () => {
		const { alice, bob, bobLaptop, chatId } = await establish(loop.tg, connect);
		await bobLaptop.next(isEncryption(chatId, 'EncryptedChatDiscarded'), 'the discarded chat on the laptop');
		expect(secretChatsOf(loop.tg.world).chat(chatId)).toMatchObject({ state: 'accepted' });

		await alice.send({ _: 'service', randomId: 1n, action: { _: 'notifyLayer', layer: 144 } });
		await bob.send({ _: 'service', randomId: 2n, action: { _: 'notifyLayer', layer: 144 } });
		for (const n of [1, 2, 3]) {
			await alice.send(text(`to bob ${n}`));
			await bob.send(text(`to alice ${n}`));
		}
		await bob.waitFor(4);
		await alice.waitFor(4);
		expect(texts(await bob.receiveAll())).toEqual(['to bob 1', 'to bob 2', 'to bob 3']);
		expect(texts(await alice.receiveAll())).toEqual(['to alice 1', 'to alice 2', 'to alice 3']);
		expect(bob.chat.sendLayer).toBe(144);
		expect(bobLaptop.updates.some(isEncrypted)).toBe(false);

		// The phone's qts counts what it was sent; acknowledged events leave its queue.
		const state = await bob.device.client.invoke(new Api.updates.GetState());
		expect(state.qts).toBe(4);
		await bob.device.client.invoke(new Api.messages.ReceivedQueue({ maxQts: 4 }));
		const diff = await bob.device.client.invoke(new Api.updates.GetDifference({ pts: state.pts, date: state.date, qts: 0 }));
		expect('newEncryptedMessages' in diff ? diff.newEncryptedMessages : []).toHaveLength(0);
	});

	it('recovers a message the relay dropped through a resend request, in order', async () => {
		const { alice, bob } = await establish(loop.tg, connect);
		await alice.send(text('one'));
		secretChatsOf(loop.tg.world).dropNext = 1;
		await alice.send(text('two (dropped)'));
		await alice.send(text('three'));
		await bob.waitFor(2);
		const first = await bob.receiveAll();
		expect(texts(first)).toEqual(['one']);
		const gap = first[1];
		expect(gap).toEqual({ kind: 'gap', resend: { startSeqNo: 3, endSeqNo: 3 } });
		if (gap.kind !== 'gap' || !gap.resend) throw new Error('no resend range');
		await bob.send({ _: 'service', randomId: 77n, action: { _: 'resend', ...gap.resend } });
		await alice.waitFor(1);
		await alice.receiveAll(); // answers the resend with the stored bytes of out_seq_no 3
		await bob.waitFor(3);
		expect(texts(await bob.receiveAll())).toEqual(['two (dropped)', 'three']);
	});

	it('rejects tampered ciphertext, a wrong key fingerprint and a replay, and the chat keeps working', async () => {
		const { alice, bob } = await establish(loop.tg, connect);
		const sealed = alice.chat.seal(text('genuine'));
		const tampered = Buffer.from(sealed.data);
		tampered[tampered.length - 1] ^= 0x55;
		await alice.sendBytes({ data: tampered, randomId: 5n });
		const wrongKey = Buffer.from(sealed.data);
		wrongKey[3] ^= 1;
		await alice.sendBytes({ data: wrongKey, randomId: 6n });
		await alice.sendBytes(sealed);
		await alice.sendBytes(sealed); // the relay accepts a replay; the receiver must not
		await bob.waitFor(4);
		const [t, w, genuine, replay] = bob.unread();
		expect(refusalReason(() => bob.chat.receive(t))).toBe('MSG_KEY_MISMATCH');
		expect(refusalReason(() => bob.chat.receive(w))).toBe('KEY_FINGERPRINT_MISMATCH');
		expect(texts([bob.chat.receive(genuine)])).toEqual(['genuine']);
		expect(bob.chat.receive(replay)).toEqual({ kind: 'duplicate' });
		await alice.send(text('still working'));
		await bob.waitFor(5);
		expect(texts(await bob.receiveAll())).toEqual(['still working']);
	});

	it('re-keys after the 100th message with messages flowing on both sides, sequence numbers going on', async () => {
		const { alice, bob } = await establish(loop.tg, connect);
		const oldFingerprint = alice.chat.fingerprint;
		for (let n = 1; n <= 50; n++) {
			await alice.send(text(`a${n}`));
			await bob.send(text(`b${n}`));
		}
		await bob.waitFor(50);
		await alice.waitFor(50);
		expect(texts(await bob.receiveAll())).toHaveLength(50);
		expect(texts(await alice.receiveAll())).toHaveLength(50);
		expect(alice.chat.needsRekey()).toBe(true);
		await alice.sendSealed([alice.chat.startRekey()]);
		await bob.send(text('crossing the requestKey')); // still under the old key
		await bob.waitFor(51);
		expect(texts(await bob.receiveAll())).toEqual([]); // answers with acceptKey
		await alice.waitFor(52);
		expect(texts(await alice.receiveAll())).toEqual(['crossing the requestKey']); // sends commitKey, switches
		expect(alice.chat.fingerprint).not.toBe(oldFingerprint);
		await alice.send(text('first under the new key'));
		await bob.waitFor(53);
		expect(texts(await bob.receiveAll())).toEqual(['first under the new key']); // switches, sends noop
		expect(bob.chat.fingerprint).toBe(alice.chat.fingerprint);
		await bob.send(text('reply under the new key'));
		await alice.waitFor(54);
		expect(texts(await alice.receiveAll())).toEqual(['reply under the new key']);
		expect(alice.chat.needsRekey()).toBe(false);
	});

	it('sends a document and a photo each way: the bytes come out equal', async () => {
		const { alice, bob } = await establish(loop.tg, connect);
		const doc = (bytes: Buffer, name: string) => (secret: FileSecret): DecryptedMedia => ({
			_: 'document', ...secret, size: bytes.length, thumb: Buffer.alloc(0), thumbW: 0, thumbH: 0, caption: name,
			mimeType: 'application/octet-stream', attributes: [{ _: 'filename', fileName: name }],
		});
		const photo = (bytes: Buffer) => (secret: FileSecret): DecryptedMedia => ({
			_: 'photo', ...secret, size: bytes.length, thumb: Buffer.alloc(0), thumbW: 0, thumbH: 0, caption: '', w: 64, h: 48,
		});
		const files = { aliceDoc: randomBytes(700 * 1024 + 5), alicePhoto: png(64, 48), bobDoc: randomBytes(33), bobPhoto: png(64, 48, 5000) };
		await alice.sendFile(files.aliceDoc, doc(files.aliceDoc, 'report.bin'));
		await alice.sendFile(files.alicePhoto, photo(files.alicePhoto));
		await bob.sendFile(files.bobDoc, doc(files.bobDoc, 'tiny.bin'));
		await bob.sendFile(files.bobPhoto, photo(files.bobPhoto));
		await bob.waitFor(2);
		await alice.waitFor(2);
		const fetch = async (side: typeof alice) => {
			const out: Buffer[] = [];
			for (const arrival of await side.receiveAll()) {
				for (const layer of arrival.kind === 'ready' ? arrival.items : []) {
					const m = layer.message;
					if (m._ !== 'message' || !m.media || (m.media._ !== 'document' && m.media._ !== 'photo')) continue;
					out.push(await side.download(side.fileOf(m.randomId)!, m.media));
				}
			}
			return out;
		};
		const [gotDoc, gotPhoto] = await fetch(bob);
		expect(gotDoc.equals(files.aliceDoc)).toBe(true);
		expect(gotPhoto.equals(files.alicePhoto)).toBe(true);
		const [backDoc, backPhoto] = await fetch(alice);
		expect(backDoc.equals(files.bobDoc)).toBe(true);
		expect(backPhoto.equals(files.bobPhoto)).toBe(true);
	});

	it('delivers messages sent while the device was offline through getDifference (qts)', async () => {
		const { alice, bob, bobId } = await establish(loop.tg, connect);
		const before = await bob.device.client.invoke(new Api.updates.GetState());
		await bob.device.client.destroy();
		await alice.send(text('while you were away 1'));
		await alice.send(text('while you were away 2'));
		const again = await connect(bobId, bob.device.session);
		const diff = await again.client.invoke(new Api.updates.GetDifference({ pts: before.pts, date: before.date, qts: before.qts }));
		expect(diff.className).toBe('updates.Difference');
		const messages = (diff as Api.updates.Difference).newEncryptedMessages;
		expect(messages).toHaveLength(2);
		expect(texts(messages.map((m) => bob.chat.receive(m.bytes)))).toEqual(['while you were away 1', 'while you were away 2']);
		expect((diff as Api.updates.Difference).state.qts).toBe(before.qts + 2);
	});

	it('refuses a bad DH config from the server before requesting anything', async () => {
		const user = loop.tg.world.addUser({ firstName: 'Dora' });
		const dora = await connect(user.id);
		const relay = secretChatsOf(loop.tg.world);
		const good = relay.dhConfig;
		const ask = async () => {
			const cache = new DhConfigCache();
			const config = await dora.client.invoke(new Api.messages.GetDhConfig({ version: 0, randomLength: 256 }));
			return refusalReason(() => beginRequest(cache, config as DhConfigResult));
		};
		try {
			relay.dhConfig = { ...good, g: 2, version: 2 }; // Telegram's prime has p mod 8 = 3: g = 2 does not fit
			expect(await ask()).toBe('BAD_DH_CONFIG');
			let prime: bigint;
			do prime = generatePrimeSync(2048, { bigint: true }) as bigint;
			while (prime % 3n !== 2n);
			relay.dhConfig = { g: 3, p: Buffer.from(prime.toString(16).padStart(512, '0'), 'hex'), version: 3 }; // prime, not safe
			expect(await ask()).toBe('BAD_DH_CONFIG');
		} finally {
			relay.dhConfig = good;
		}
		expect(await ask()).toBe('accepted');
	});

	it('aborts on a sequence jump: a second hole while one is open', async () => {
		const { alice, bob } = await establish(loop.tg, connect);
		const sealed = [1, 2, 3, 4].map((n) => alice.chat.seal(text(`m${n}`)));
		await alice.sendBytes(sealed[1]);
		await alice.sendBytes(sealed[3]);
		await bob.waitFor(2);
		const [second, fourth] = bob.unread();
		expect(bob.chat.receive(second).kind).toBe('gap');
		expect(refusalReason(() => bob.chat.receive(fourth))).toBe('SEQ_SECOND_GAP');
	});
});
