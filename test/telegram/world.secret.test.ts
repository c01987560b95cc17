import { createHash, randomBytes } from 'crypto';
import { Api } from 'telegram';
import bigInt from 'big-integer';
import { World } from './world';
import { createHandlers } from './handlers';
import { fakeSession, invoke } from './world/fakes';
import { secretChatsOf, MAX_ENCRYPTED_DATA, type TlLong } from './world/secret-chats';
import { SRP_PRIME } from './world/srp';
import type { CallContext, SessionRef, UpdateSink } from './types';
import { checkDhConfig } from '../../nodes/Tgl/secret/dh';

/** Records pushes with the auth keys they reach. */
class KeySink implements UpdateSink {
	readonly pushes: { userId: number; updates: Api.TypeUpdates; accept: (key: string) => boolean }[] = [];

	pushToUser(userId: number, updates: Api.TypeUpdates, except?: SessionRef): void {
		this.pushes.push({ userId, updates, accept: () => except === undefined });
	}

	pushToKeys(userId: number, updates: Api.TypeUpdates, accept: (key: string) => boolean): void {
		this.pushes.push({ userId, updates, accept });
	}

	/** The updates (unwrapped from updateShort) that sessions of this key received. */
	to(userId: number, key: string): Api.TypeUpdate[] {
		return this.pushes
			.filter((p) => p.userId === userId && p.accept(key))
			.flatMap((p) => (p.updates instanceof Api.UpdateShort ? [p.updates.update] : p.updates instanceof Api.Updates ? p.updates.updates : []));
	}
}

function ctx(userId: number, authKeyId: string): CallContext {
	return { userId, authKeyId, session: fakeSession(userId), bindUser: () => undefined };
}

/** A 256-byte value safely inside the DH range (not a real g^a: the server cannot tell). */
const dhValue = () => Buffer.concat([Buffer.from([0x40]), randomBytes(255)]);

function setup() {
	const sink = new KeySink();
	const world = new World(sink);
	const handlers = createHandlers(world);
	const alice = world.addUser({ firstName: 'Alice' });
	const bob = world.addUser({ firstName: 'Bob' });
	const a1 = ctx(alice.id, 'alice-key-1');
	const b1 = ctx(bob.id, 'bob-key-1');
	const b2 = ctx(bob.id, 'bob-key-2');
	const call = <T = any>(c: CallContext, request: { className: string }) => invoke<T>(handlers, c, request);
	const inputBob = new Api.InputUser({ userId: bigInt(bob.id), accessHash: bob.accessHash });
	const request = (randomId = 777001, gA = dhValue()) =>
		call<Api.EncryptedChatWaiting>(a1, new Api.messages.RequestEncryption({ userId: inputBob, randomId, gA }));
	const bobsView = (chatId: number) => {
		const requested = sink.to(bob.id, 'bob-key-1').find((u) => u instanceof Api.UpdateEncryption && u.chat.id === chatId) as Api.UpdateEncryption;
		return requested.chat as Api.EncryptedChatRequested;
	};
	const accept = async (chatId: number, c = b1, gB = dhValue()) => {
		const view = bobsView(chatId);
		return call<Api.EncryptedChat>(
			c,
			new Api.messages.AcceptEncryption({ peer: new Api.InputEncryptedChat({ chatId, accessHash: view.accessHash }), gB, keyFingerprint: bigInt(42) }),
		);
	};
	return { sink, world, relay: secretChatsOf(world), alice, bob, a1, b1, b2, call, request, accept, bobsView, inputBob };
}

const failure = async (promise: Promise<unknown>) => {
	try {
		await promise;
		return 'accepted';
	} catch (error) {
		return (error as { errorMessage?: string }).errorMessage ?? String(error);
	}
};

/** A well-formed ciphertext shape: fingerprint, msg_key and two AES blocks. */
const cipher = (blocks = 2) => randomBytes(24 + 16 * blocks);

describe('loopback secret chats: key exchange', () => {
	it('serves a DH config that passes every client check, and dhConfigNotModified for the same version', async () => {
		const { call, a1 } = setup();
		const config = await call<Api.messages.DhConfig>(a1, new Api.messages.GetDhConfig({ version: 0, randomLength: 256 }));
		expect(config.className).toBe('messages.DhConfig');
		expect(config.p.equals(SRP_PRIME)).toBe(true);
		expect(config.random.length).toBe(256);
		expect(() => checkDhConfig(config.g, config.p)).not.toThrow();
		const same = await call(a1, new Api.messages.GetDhConfig({ version: config.version, randomLength: 256 }));
		expect(same.className).toBe('messages.DhConfigNotModified');
		expect(await failure(call(a1, new Api.messages.GetDhConfig({ version: 0, randomLength: 5000 })))).toBe('RANDOM_LENGTH_INVALID');
	});

	it('sends a request to every key of the participant, with the chat id = random_id and per-user access hashes', async () => {
		const { request, sink, bob, bobsView, alice } = setup();
		const waiting = await request(777001);
		expect(waiting.className).toBe('EncryptedChatWaiting');
		expect(waiting.id).toBe(777001);
		expect(waiting.adminId.toJSNumber()).toBe(alice.id);
		const seen = bobsView(777001);
		expect(seen.className).toBe('EncryptedChatRequested');
		expect(seen.accessHash.equals(waiting.accessHash)).toBe(false);
		expect(sink.to(bob.id, 'bob-key-2').some((u) => u instanceof Api.UpdateEncryption && u.chat.className === 'EncryptedChatRequested')).toBe(true);
	});

	it('refuses a request to oneself, a bad g_a, a reused random_id, and a user who blocked the requester', async () => {
		const { call, a1, request, world, alice, bob } = setup();
		const self = new Api.messages.RequestEncryption({ userId: new Api.InputUserSelf(), randomId: 5, gA: dhValue() });
		expect(await failure(call(a1, self))).toBe('USER_ID_INVALID');
		expect(await failure(request(6, Buffer.alloc(256, 0)))).toBe('DH_G_A_INVALID');
		expect(await failure(request(6, Buffer.from([2])))).toBe('DH_G_A_INVALID');
		expect(await failure(request(6, Buffer.from(SRP_PRIME)))).toBe('DH_G_A_INVALID');
		await request(7);
		expect(await failure(request(7))).toBe('RANDOM_ID_DUPLICATE');
		world.block(bob.id, alice.id);
		expect(await failure(request(8))).toBe('USER_IS_BLOCKED');
	});

	it("binds the chat to the accepting key: the creator's key learns g_b, the participant's other keys see it discarded", async () => {
		const { request, accept, sink, alice, bob, relay } = setup();
		const waiting = await request(900);
		const gB = dhValue();
		const chat = await accept(900, undefined, gB);
		expect(chat.className).toBe('EncryptedChat');
		expect(chat.gAOrB.equals(relay.chat(900)!.gA)).toBe(true);
		const forAlice = sink.to(alice.id, 'alice-key-1').map((u) => (u as Api.UpdateEncryption).chat);
		expect(forAlice).toHaveLength(1);
		const established = forAlice[0] as Api.EncryptedChat;
		expect(established.className).toBe('EncryptedChat');
		expect(established.gAOrB.equals(gB)).toBe(true);
		expect(established.keyFingerprint.toJSNumber()).toBe(42);
		expect(established.accessHash.equals(waiting.accessHash)).toBe(true);
		expect(sink.to(alice.id, 'alice-key-2')).toHaveLength(0);
		const onKey2 = sink.to(bob.id, 'bob-key-2').map((u) => (u as Api.UpdateEncryption).chat.className);
		expect(onKey2).toEqual(['EncryptedChatRequested', 'EncryptedChatDiscarded']);
		expect(sink.to(bob.id, 'bob-key-1').map((u) => (u as Api.UpdateEncryption).chat.className)).toEqual(['EncryptedChatRequested']);
		expect(relay.chat(900)).toMatchObject({ state: 'accepted', participantKey: 'bob-key-1' });
	});

	it('refuses a second acceptance, one from another key and a wrong access hash', async () => {
		const { request, accept, b2, call, bobsView, b1 } = setup();
		await request(901);
		const wrongHash = new Api.messages.AcceptEncryption({
			peer: new Api.InputEncryptedChat({ chatId: 901, accessHash: bobsView(901).accessHash.add(1) }),
			gB: dhValue(),
			keyFingerprint: bigInt(1),
		});
		expect(await failure(call(b1, wrongHash))).toBe('CHAT_ID_INVALID');
		await accept(901);
		expect(await failure(accept(901))).toBe('ENCRYPTION_ALREADY_ACCEPTED');
		expect(await failure(accept(901, b2))).toBe('CHAT_ID_INVALID');
	});

	it("relays a g_b out of range as Telegram does (acceptEncryption has no error for it): the creator's client must refuse it", async () => {
		const { request, accept, b1, alice, sink, relay } = setup();
		await request(902);
		const chat = await accept(902, b1, Buffer.alloc(256, 0xff));
		expect(chat.className).toBe('EncryptedChat');
		const forAlice = sink.to(alice.id, 'alice-key-1').map((u) => (u as Api.UpdateEncryption).chat as Api.EncryptedChat);
		expect(forAlice[0].gAOrB.equals(Buffer.alloc(256, 0xff))).toBe(true);
		expect(relay.chat(902)).toMatchObject({ state: 'accepted' });
	});

	it('declines and discards: both sides learn it, history deletion is flagged, repeats are refused', async () => {
		const { request, accept, call, a1, b1, b2, sink, alice, bob, world } = setup();
		await request(910);
		expect(await call(b2, new Api.messages.DiscardEncryption({ chatId: 910 }))).toBe(true);
		expect(await failure(accept(910))).toBe('ENCRYPTION_ALREADY_DECLINED');
		expect(sink.to(alice.id, 'alice-key-1').slice(-1)[0]).toMatchObject({ chat: { className: 'EncryptedChatDiscarded', id: 910 } });
		await request(911);
		await accept(911);
		expect(await call(a1, new Api.messages.DiscardEncryption({ chatId: 911, deleteHistory: true }))).toBe(true);
		const last = sink.to(bob.id, 'bob-key-1').slice(-1)[0] as Api.UpdateEncryption;
		expect(last.chat).toMatchObject({ className: 'EncryptedChatDiscarded', id: 911, historyDeleted: true });
		expect(await failure(call(b1, new Api.messages.DiscardEncryption({ chatId: 911 })))).toBe('ENCRYPTION_ALREADY_DECLINED');
		expect(await failure(call(a1, new Api.messages.DiscardEncryption({ chatId: 0 })))).toBe('CHAT_ID_EMPTY');
		const carol = world.addUser({ firstName: 'Carol' });
		expect(await failure(call(ctx(carol.id, 'carol-key'), new Api.messages.DiscardEncryption({ chatId: 911 })))).toBe('ENCRYPTION_ID_INVALID');
	});
});

describe('loopback secret chats: messages and the qts queue', () => {
	async function established() {
		const s = setup();
		const waiting = await s.request(1000);
		const chat = await s.accept(1000);
		const alicePeer = new Api.InputEncryptedChat({ chatId: 1000, accessHash: waiting.accessHash });
		const bobPeer = new Api.InputEncryptedChat({ chatId: 1000, accessHash: chat.accessHash });
		return { ...s, alicePeer, bobPeer };
	}

	it("relays ciphertext to the other side's bound key only, numbered by that key's qts", async () => {
		const { call, a1, alicePeer, sink, bob } = await established();
		const data = cipher();
		const sent = await call<Api.messages.SentEncryptedMessage>(a1, new Api.messages.SendEncrypted({ peer: alicePeer, randomId: bigInt(11), data }));
		expect(sent.className).toBe('messages.SentEncryptedMessage');
		await call(a1, new Api.messages.SendEncryptedService({ peer: alicePeer, randomId: bigInt(12), data: cipher(3) }));
		const got = sink.to(bob.id, 'bob-key-1').filter((u): u is Api.UpdateNewEncryptedMessage => u instanceof Api.UpdateNewEncryptedMessage);
		expect(got.map((u) => [u.qts, u.message.className])).toEqual([
			[1, 'EncryptedMessage'],
			[2, 'EncryptedMessageService'],
		]);
		expect((got[0].message as Api.EncryptedMessage).bytes.equals(data)).toBe(true);
		expect(got[0].message.chatId).toBe(1000);
		expect(sink.to(bob.id, 'bob-key-2').some((u) => u instanceof Api.UpdateNewEncryptedMessage)).toBe(false);
	});

	it('refuses malformed or oversized data, other keys, unfinished and discarded chats', async () => {
		const { call, a1, b1, b2, alicePeer, bobPeer, request } = await established();
		const send = (c: CallContext, peer: Api.InputEncryptedChat, data: Buffer) => failure(call(c, new Api.messages.SendEncrypted({ peer, randomId: bigInt(1), data })));
		expect(await send(a1, alicePeer, randomBytes(30))).toBe('DATA_INVALID');
		expect(await send(a1, alicePeer, randomBytes(24 + 16 + 8))).toBe('DATA_INVALID');
		expect(await send(a1, alicePeer, cipher(MAX_ENCRYPTED_DATA / 16))).toBe('DATA_TOO_LONG');
		expect(await send(b2, bobPeer, cipher())).toBe('CHAT_ID_INVALID');
		expect(await send(b1, alicePeer, cipher())).toBe('CHAT_ID_INVALID');
		const waiting = await request(1001);
		expect(await send(a1, new Api.InputEncryptedChat({ chatId: 1001, accessHash: waiting.accessHash }), cipher())).toBe('CHAT_ID_INVALID');
		await call(b1, new Api.messages.DiscardEncryption({ chatId: 1000 }));
		expect(await send(a1, alicePeer, cipher())).toBe('ENCRYPTION_DECLINED');
	});

	it('reports qts in getState, encrypted messages in getDifference, and drops what receivedQueue acknowledged', async () => {
		const { call, a1, b1, b2, alicePeer, relay } = await established();
		const before = await call<Api.updates.State>(b1, new Api.updates.GetState());
		expect(before.qts).toBe(0);
		for (const id of [21, 22, 23]) await call(a1, new Api.messages.SendEncrypted({ peer: alicePeer, randomId: bigInt(id), data: cipher() }));
		const state = await call<Api.updates.State>(b1, new Api.updates.GetState());
		expect(state.qts).toBe(3);
		expect((await call<Api.updates.State>(b2, new Api.updates.GetState())).qts).toBe(0);
		const diff = await call<Api.updates.Difference>(b1, new Api.updates.GetDifference({ pts: state.pts, date: state.date, qts: 0 }));
		expect(diff.className).toBe('updates.Difference');
		expect(diff.newEncryptedMessages.map((m) => (m as Api.EncryptedMessage).randomId!.toJSNumber())).toEqual([21, 22, 23]);
		expect(diff.state.qts).toBe(3);
		const cancelled = await call<TlLong[]>(b1, new Api.messages.ReceivedQueue({ maxQts: 2 }));
		expect(cancelled.map((x) => x.value.toJSNumber())).toEqual([21, 22]);
		expect(relay.pending('bob-key-1').map((e) => e.qts)).toEqual([3]);
		const rest = await call<Api.updates.Difference>(b1, new Api.updates.GetDifference({ pts: state.pts, date: state.date, qts: 2 }));
		expect(rest.newEncryptedMessages).toHaveLength(1);
		expect(await failure(call(b1, new Api.messages.ReceivedQueue({ maxQts: 4 })))).toBe('MAX_QTS_INVALID');
		// Passing qts to getDifference acknowledges up to it.
		await call(b1, new Api.updates.GetDifference({ pts: state.pts, date: state.date, qts: 3 }));
		expect(relay.pending('bob-key-1')).toHaveLength(0);
	});

	it('gives a key that was offline its updateEncryption news through getDifference', async () => {
		const s = setup();
		const state = await s.call<Api.updates.State>(s.b2, new Api.updates.GetState());
		await s.request(1100);
		const diff = await s.call<Api.updates.Difference>(s.b2, new Api.updates.GetDifference({ pts: state.pts, date: state.date, qts: state.qts }));
		expect(diff.className).toBe('updates.Difference');
		expect(diff.otherUpdates.map((u) => (u as Api.UpdateEncryption).chat.className)).toEqual(['EncryptedChatRequested']);
	});

	it('passes read receipts and typing to the other side', async () => {
		const { call, b1, bobPeer, sink, alice } = await established();
		expect(await call(b1, new Api.messages.ReadEncryptedHistory({ peer: bobPeer, maxDate: 1234 }))).toBe(true);
		expect(await call(b1, new Api.messages.SetEncryptedTyping({ peer: bobPeer, typing: true }))).toBe(true);
		const got = sink.to(alice.id, 'alice-key-1').slice(-2);
		expect(got[0]).toMatchObject({ className: 'UpdateEncryptedMessagesRead', chatId: 1000, maxDate: 1234 });
		expect(got[1]).toMatchObject({ className: 'UpdateEncryptedChatTyping', chatId: 1000 });
	});

	it('can drop a message in the relay (for resend tests): accepted, never delivered, no qts taken', async () => {
		const { call, a1, alicePeer, relay } = await established();
		relay.dropNext = 1;
		await call(a1, new Api.messages.SendEncrypted({ peer: alicePeer, randomId: bigInt(31), data: cipher() }));
		await call(a1, new Api.messages.SendEncrypted({ peer: alicePeer, randomId: bigInt(32), data: cipher() }));
		expect(relay.pending('bob-key-1').map((e) => [(e.message as Api.EncryptedMessage).randomId!.toJSNumber(), e.qts])).toEqual([[32, 1]]);
	});
});

describe('loopback secret chats: encrypted files', () => {
	async function established() {
		const s = setup();
		const waiting = await s.request(2000);
		const chat = await s.accept(2000);
		const alicePeer = new Api.InputEncryptedChat({ chatId: 2000, accessHash: waiting.accessHash });
		const bobPeer = new Api.InputEncryptedChat({ chatId: 2000, accessHash: chat.accessHash });
		const upload = async (c: CallContext, fileId: number, bytes: Buffer) => {
			for (let part = 0; part * 1024 < bytes.length; part++) {
				await s.call(c, new Api.upload.SaveFilePart({ fileId: bigInt(fileId), filePart: part, bytes: bytes.subarray(part * 1024, (part + 1) * 1024) }));
			}
			return Math.ceil(bytes.length / 1024);
		};
		return { ...s, alicePeer, bobPeer, upload };
	}

	it('stores the uploaded ciphertext, relays an EncryptedFile with its fingerprint, and serves it to the receiver', async () => {
		const { call, a1, b1, alicePeer, upload, sink, bob } = await established();
		const cipher = randomBytes(2500 * 16);
		const parts = await upload(a1, 77, cipher);
		const md5Checksum = createHash('md5').update(cipher).digest('hex');
		const file = new Api.InputEncryptedFileUploaded({ id: bigInt(77), parts, md5Checksum, keyFingerprint: -12345 });
		const sent = await call<Api.messages.SentEncryptedFile>(a1, new Api.messages.SendEncryptedFile({ peer: alicePeer, randomId: bigInt(5), data: cipher.subarray(0, 56), file }));
		expect(sent.className).toBe('messages.SentEncryptedFile');
		expect(sent.file).toMatchObject({ className: 'EncryptedFile', keyFingerprint: -12345, dcId: 2 });
		const got = sink.to(bob.id, 'bob-key-1').find((u): u is Api.UpdateNewEncryptedMessage => u instanceof Api.UpdateNewEncryptedMessage)!;
		const delivered = (got.message as Api.EncryptedMessage).file as Api.EncryptedFile;
		expect(delivered.id.equals((sent.file as Api.EncryptedFile).id)).toBe(true);
		expect(delivered.size.toJSNumber()).toBe(cipher.length);
		const location = new Api.InputEncryptedFileLocation({ id: delivered.id, accessHash: delivered.accessHash });
		const chunks: Buffer[] = [];
		for (let offset = 0; offset < cipher.length; offset += 16 * 1024) {
			const part = await call<Api.upload.File>(b1, new Api.upload.GetFile({ location, offset: bigInt(offset), limit: 16 * 1024 }));
			chunks.push(part.bytes);
		}
		expect(Buffer.concat(chunks).equals(cipher)).toBe(true);
		const wrong = new Api.InputEncryptedFileLocation({ id: delivered.id, accessHash: delivered.accessHash.add(1) });
		expect(await failure(call(b1, new Api.upload.GetFile({ location: wrong, offset: bigInt(0), limit: 1024 })))).toBe('LOCATION_INVALID');
		// The stored file can be sent again by reference.
		const again = new Api.InputEncryptedFile({ id: delivered.id, accessHash: (sent.file as Api.EncryptedFile).accessHash });
		const resent = await call<Api.messages.SentEncryptedFile>(a1, new Api.messages.SendEncryptedFile({ peer: alicePeer, randomId: bigInt(6), data: cipher.subarray(0, 56), file: again }));
		expect((resent.file as Api.EncryptedFile).id.equals(delivered.id)).toBe(true);
	});

	it('refuses a wrong md5 of the ciphertext, an empty file and missing parts', async () => {
		const { call, a1, alicePeer, upload } = await established();
		const cipher = randomBytes(64);
		const parts = await upload(a1, 88, cipher);
		const send = (file: Api.TypeInputEncryptedFile) =>
			failure(call(a1, new Api.messages.SendEncryptedFile({ peer: alicePeer, randomId: bigInt(7), data: cipher.subarray(0, 56), file })));
		expect(await send(new Api.InputEncryptedFileUploaded({ id: bigInt(88), parts, md5Checksum: 'ab'.repeat(16), keyFingerprint: 1 }))).toBe('MD5_CHECKSUM_INVALID');
		expect(await send(new Api.InputEncryptedFileEmpty())).toBe('FILE_EMTPY');
		expect(await send(new Api.InputEncryptedFileUploaded({ id: bigInt(89), parts: 2, md5Checksum: '', keyFingerprint: 1 }))).toBe('FILE_PARTS_INVALID');
	});
});
