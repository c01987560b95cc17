// Two accounts with an established secret chat over the loopback, driven through raw GramJS
// clients and the pure secret layer: the fixture of the end-to-end secret-chat tests.
import { createHash, randomInt } from 'crypto';
import bigInt from 'big-integer';
import { Api } from 'telegram';
import type { LoopbackTelegram } from '../telegram/loopback';
import { rawClient, type RawClient } from './raw-client';
import {
	acceptRequest,
	beginRequest,
	completeRequest,
	DhConfigCache,
	decryptFile,
	encryptFile,
	fileKeyFingerprint,
	newFileSecret,
	SecretChat,
	type DecryptedMedia,
	type FileSecret,
	type DecryptedMessage,
	type DecryptedMessageLayer,
	type DhConfigResult,
	type SealedMessage,
} from '../../nodes/Tgl/secret';
import type { Arrival } from '../../nodes/Tgl/secret/sequence';
import type { ChatArrival } from '../../nodes/Tgl/secret/chat';

export const isEncryption =
	(chatId: number, className: string) =>
	(u: Api.TypeUpdate): u is Api.UpdateEncryption =>
		u instanceof Api.UpdateEncryption && u.chat.id === chatId && u.chat.className === className;

export const isEncrypted = (u: Api.TypeUpdate): u is Api.UpdateNewEncryptedMessage => u instanceof Api.UpdateNewEncryptedMessage;

export const text = (message: string): DecryptedMessage => ({ _: 'message', randomId: BigInt(randomInt(1, 2 ** 47)), ttl: 0, message });
export const long = (value: bigint) => bigInt(value.toString());
const native = (value: bigInt.BigInteger) => BigInt(value.toString());

/** One end of the chat: its device, its SecretChat, what it sealed (by out_seq_no) and what it has read so far. */
export class Side {
	readonly sent = new Map<number, SealedMessage>();
	private read = 0;

	constructor(
		public device: RawClient,
		readonly chat: SecretChat,
		readonly peer: Api.InputEncryptedChat,
	) {}

	/** Seals and sends one message (service actions through sendEncryptedService). */
	async send(message: DecryptedMessage): Promise<SealedMessage> {
		const sealed = this.chat.seal(message);
		await this.sendSealed([sealed]);
		return sealed;
	}

	/** Encrypts, uploads (512 KiB parts) and sends one file with its media; returns the sealed message. */
	async sendFile(bytes: Buffer, media: (secret: FileSecret) => DecryptedMedia): Promise<SealedMessage> {
		const secret = newFileSecret();
		const cipher = encryptFile(bytes, secret);
		const fileId = long(BigInt(randomInt(1, 2 ** 47)));
		const PART = 512 * 1024;
		const parts = Math.ceil(cipher.length / PART);
		for (let part = 0; part < parts; part++) {
			await this.device.client.invoke(new Api.upload.SaveFilePart({ fileId, filePart: part, bytes: cipher.subarray(part * PART, (part + 1) * PART) }));
		}
		const message: DecryptedMessage = { _: 'message', randomId: BigInt(randomInt(1, 2 ** 47)), ttl: 0, message: '', media: media(secret) };
		const sealed = this.chat.seal(message);
		this.sent.set(sealed.outSeqNo, sealed);
		const file = new Api.InputEncryptedFileUploaded({
			id: fileId,
			parts,
			md5Checksum: createHash('md5').update(cipher).digest('hex'),
			keyFingerprint: fileKeyFingerprint(secret),
		});
		await this.device.client.invoke(new Api.messages.SendEncryptedFile({ peer: this.peer, randomId: long(sealed.randomId), data: sealed.data, file }));
		return sealed;
	}

	/** Downloads an EncryptedFile (upload.getFile in 512 KiB pieces) and decrypts it with the media's key and IV. */
	async download(file: Api.EncryptedFile, media: { key: Buffer; iv: Buffer; size: number }): Promise<Buffer> {
		const location = new Api.InputEncryptedFileLocation({ id: file.id, accessHash: file.accessHash });
		const chunks: Buffer[] = [];
		const total = file.size.toJSNumber();
		for (let offset = 0; offset < total; offset += 512 * 1024) {
			const part = (await this.device.client.invoke(new Api.upload.GetFile({ location, offset: bigInt(offset), limit: 512 * 1024 }))) as Api.upload.File;
			chunks.push(part.bytes);
		}
		return decryptFile(Buffer.concat(chunks), media, media.size, file.keyFingerprint);
	}

	/** The EncryptedFile that came with the message whose decrypted random_id is `randomId`. */
	fileOf(randomId: bigint): Api.EncryptedFile | undefined {
		for (const u of this.device.updates.filter(isEncrypted)) {
			const m = u.message;
			if (m instanceof Api.EncryptedMessage && m.randomId?.toString() === randomId.toString() && m.file instanceof Api.EncryptedFile) return m.file;
		}
		return undefined;
	}

	/** Sends already sealed bytes again (a resend, or a replay in a test). */
	sendBytes(sealed: { data: Buffer; randomId: bigint }, service = false): Promise<unknown> {
		const body = { peer: this.peer, randomId: long(sealed.randomId), data: sealed.data };
		return this.device.client.invoke(service ? new Api.messages.SendEncryptedService(body) : new Api.messages.SendEncrypted(body));
	}

	/** Waits until the device has received `count` encrypted events in all. */
	async waitFor(count: number): Promise<void> {
		await this.device.next((u): u is Api.UpdateNewEncryptedMessage => this.device.updates.filter(isEncrypted).length >= count && isEncrypted(u), `${count} encrypted events`);
	}

	/** The not yet read encrypted events' bytes, in arrival order. */
	unread(): Buffer[] {
		const events = this.device.updates.filter(isEncrypted).slice(this.read);
		this.read += events.length;
		return events.map((e) => e.message.bytes);
	}

	/** Sends sealed messages in order, keeping them for resends. */
	async sendSealed(sealed: SealedMessage[]): Promise<void> {
		for (const s of sealed) {
			this.sent.set(s.outSeqNo, s);
			await this.sendBytes(s, s.service);
		}
	}

	/**
	 * Opens and sequences every unread event; answers resend requests from its sent store and
	 * sends what the chat queued in its outbox (key exchange answers).
	 */
	async receiveAll(): Promise<ChatArrival[]> {
		const arrivals: ChatArrival[] = [];
		for (const bytes of this.unread()) {
			const arrival = this.chat.receive(bytes);
			arrivals.push(arrival);
			await this.sendSealed(this.chat.takeOutbox());
			// A resend request beyond a hole is answered at once (its queued copy became a noop).
			const answer = arrival.answerNow ? [arrival.answerNow] : arrival.kind === 'ready' ? arrival.items : [];
			for (const item of answer) {
				if (item.message._ === 'service' && item.message.action._ === 'resend') {
					const { startSeqNo, endSeqNo } = item.message.action;
					for (let n = startSeqNo; n <= endSeqNo; n += 2) {
						const stored = this.sent.get(n);
						if (stored) await this.sendBytes(stored);
					}
				}
			}
		}
		return arrivals;
	}
}

/** Texts of the user messages released by some arrivals. */
export function texts(arrivals: Arrival<DecryptedMessageLayer>[]): string[] {
	return arrivals.flatMap((a) => (a.kind === 'ready' ? a.items : [])).flatMap((l) => (l.message._ === 'message' ? [l.message.message] : []));
}

/**
 * `device` asks `user` for a chat; once the other side (a trigger or a service) accepts, the key is
 * completed: this end as a Side of the given layer (the current one by default), and the key.
 */
export async function requestChat(device: RawClient, user: { id: number; accessHash: bigInt.BigInteger }, layer?: number): Promise<{ side: Side; chatId: number; key: Buffer }> {
	const pending = beginRequest(new DhConfigCache(), (await device.client.invoke(new Api.messages.GetDhConfig({ version: 0, randomLength: 256 }))) as DhConfigResult);
	const chatId = randomInt(1, 2 ** 31 - 1);
	const waiting = (await device.client.invoke(
		new Api.messages.RequestEncryption({ userId: new Api.InputUser({ userId: bigInt(user.id), accessHash: user.accessHash }), randomId: chatId, gA: pending.gA }),
	)) as Api.EncryptedChatWaiting;
	const accepted = (await device.next(isEncryption(chatId, 'EncryptedChat'), 'the accepted chat')).chat as Api.EncryptedChat;
	const key = completeRequest(pending, accepted.gAOrB, native(accepted.keyFingerprint));
	const chat = new SecretChat(true, key, layer === undefined ? { dh: pending.params } : { dh: pending.params, layer });
	return { side: new Side(device, chat, new Api.InputEncryptedChat({ chatId, accessHash: waiting.accessHash })), chatId, key };
}

export interface SecretPair {
	chatId: number;
	alice: Side;
	bob: Side;
	aliceId: number;
	bobId: number;
	/** Bob's second device, which saw the request and then lost the chat. */
	bobLaptop: RawClient;
	key: Buffer;
}

/** Alice requests a chat with Bob; Bob's first device accepts; both keys are checked equal. */
export async function establish(tg: LoopbackTelegram, connect: (userId: number, session?: string) => Promise<RawClient> = (id, s) => rawClient(tg, id, s)): Promise<SecretPair> {
	const aliceUser = tg.world.addUser({ firstName: 'Alice' });
	const bobUser = tg.world.addUser({ firstName: 'Bob' });
	const alice = await connect(aliceUser.id);
	const bobPhone = await connect(bobUser.id);
	const bobLaptop = await connect(bobUser.id);

	const aliceCache = new DhConfigCache();
	const aliceDh = await alice.client.invoke(new Api.messages.GetDhConfig({ version: aliceCache.version, randomLength: 256 }));
	const pending = beginRequest(aliceCache, aliceDh as DhConfigResult);
	const chatId = randomInt(1, 2 ** 31 - 1);
	const inputBob = new Api.InputUser({ userId: bigInt(bobUser.id), accessHash: bobUser.accessHash });
	const waiting = (await alice.client.invoke(new Api.messages.RequestEncryption({ userId: inputBob, randomId: chatId, gA: pending.gA }))) as Api.EncryptedChatWaiting;

	const requested = (await bobPhone.next(isEncryption(chatId, 'EncryptedChatRequested'), 'the request on the phone')).chat as Api.EncryptedChatRequested;
	await bobLaptop.next(isEncryption(chatId, 'EncryptedChatRequested'), 'the request on the laptop');
	const bobCache = new DhConfigCache();
	const bobDh = await bobPhone.client.invoke(new Api.messages.GetDhConfig({ version: bobCache.version, randomLength: 256 }));
	const accepted = acceptRequest(bobCache, bobDh as DhConfigResult, requested.gA);
	const bobPeer = new Api.InputEncryptedChat({ chatId, accessHash: requested.accessHash });
	await bobPhone.client.invoke(new Api.messages.AcceptEncryption({ peer: bobPeer, gB: accepted.gB, keyFingerprint: long(accepted.fingerprint) }));

	const established = (await alice.next(isEncryption(chatId, 'EncryptedChat'), 'the accepted chat')).chat as Api.EncryptedChat;
	const key = completeRequest(pending, established.gAOrB, native(established.keyFingerprint));
	if (!key.equals(accepted.key)) throw new Error('the two sides computed different keys');
	const alicePeer = new Api.InputEncryptedChat({ chatId, accessHash: waiting.accessHash });
	return {
		chatId,
		alice: new Side(alice, new SecretChat(true, key, { dh: pending.params }), alicePeer),
		bob: new Side(bobPhone, new SecretChat(false, accepted.key, { dh: accepted.params }), bobPeer),
		aliceId: aliceUser.id,
		bobId: bobUser.id,
		bobLaptop,
		key,
	};
}
