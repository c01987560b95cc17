// Secret chats end to end over MTProto: two accounts on raw GramJS clients drive the pure
// secret layer (nodes/Tgl/secret) through the loopback relay. Request → accept → the same
// key on both sides → messages decrypted both ways; the participant's other device loses the chat.
import { randomInt } from 'crypto';
import bigInt from 'big-integer';
import { Api } from 'telegram';
import { LoopbackTelegram } from '../telegram/loopback';
import { secretChatsOf } from '../telegram/world/secret-chats';
import { rawClient, type RawClient } from './raw-client';
import { acceptRequest, beginRequest, completeRequest, DhConfigCache, SecretChat, type DecryptedMessage, type DhConfigResult } from '../../nodes/Tgl/secret';

let tg: LoopbackTelegram;
const clients: RawClient[] = [];

beforeAll(async () => {
	tg = await LoopbackTelegram.start();
});

afterAll(async () => {
	for (const c of clients) await c.client.destroy();
	await tg.stop();
});

async function device(userId: number): Promise<RawClient> {
	const c = await rawClient(tg, userId);
	clients.push(c);
	return c;
}

const isEncryption = (chatId: number, className: string) => (u: Api.TypeUpdate): u is Api.UpdateEncryption =>
	u instanceof Api.UpdateEncryption && u.chat.id === chatId && u.chat.className === className;

const isEncrypted = (u: Api.TypeUpdate): u is Api.UpdateNewEncryptedMessage => u instanceof Api.UpdateNewEncryptedMessage;

const text = (message: string): DecryptedMessage => ({ _: 'message', randomId: BigInt(randomInt(1, 2 ** 47)), ttl: 0, message });
const long = (value: bigint) => bigInt(value.toString());
const native = (value: bigInt.BigInteger) => BigInt(value.toString());

/** Every released message a device has received so far, decrypted and in order. */
function drain(device: RawClient, chat: SecretChat, from: number): { texts: string[]; next: number; qts: number } {
	const texts: string[] = [];
	const events = device.updates.filter(isEncrypted).slice(from);
	for (const event of events) {
		const arrival = chat.receive((event.message as Api.EncryptedMessage).bytes);
		if (arrival.kind !== 'ready') throw new Error(`unexpected ${arrival.kind}`);
		for (const layer of arrival.items) if (layer.message._ === 'message') texts.push(layer.message.message);
	}
	return { texts, next: from + events.length, qts: Math.max(0, ...device.updates.filter(isEncrypted).map((e) => e.qts)) };
}

describe('secret chat between two accounts through the loopback', () => {
	it('requests, accepts on one device, agrees on the key and carries messages both ways', async () => {
		const aliceUser = tg.world.addUser({ firstName: 'Alice' });
		const bobUser = tg.world.addUser({ firstName: 'Bob' });
		const alice = await device(aliceUser.id);
		const bobPhone = await device(bobUser.id);
		const bobLaptop = await device(bobUser.id);

		// Alice: getDhConfig, a checked key pair, requestEncryption (random_id is the chat id).
		const aliceCache = new DhConfigCache();
		const aliceDh = await alice.client.invoke(new Api.messages.GetDhConfig({ version: aliceCache.version, randomLength: 256 }));
		const pending = beginRequest(aliceCache, aliceDh as DhConfigResult);
		const chatId = randomInt(1, 2 ** 31 - 1);
		const inputBob = new Api.InputUser({ userId: bigInt(bobUser.id), accessHash: bobUser.accessHash });
		const waiting = await alice.client.invoke(new Api.messages.RequestEncryption({ userId: inputBob, randomId: chatId, gA: pending.gA }));
		expect(waiting).toMatchObject({ className: 'EncryptedChatWaiting', id: chatId });

		// Both of Bob's devices see the request; the phone accepts it.
		const requested = (await bobPhone.next(isEncryption(chatId, 'EncryptedChatRequested'), 'the request on the phone')).chat as Api.EncryptedChatRequested;
		await bobLaptop.next(isEncryption(chatId, 'EncryptedChatRequested'), 'the request on the laptop');
		const bobCache = new DhConfigCache();
		const bobDh = await bobPhone.client.invoke(new Api.messages.GetDhConfig({ version: bobCache.version, randomLength: 256 }));
		const accepted = acceptRequest(bobCache, bobDh as DhConfigResult, requested.gA);
		const bobPeer = new Api.InputEncryptedChat({ chatId, accessHash: requested.accessHash });
		const bobView = await bobPhone.client.invoke(new Api.messages.AcceptEncryption({ peer: bobPeer, gB: accepted.gB, keyFingerprint: long(accepted.fingerprint) }));
		expect(bobView.className).toBe('EncryptedChat');

		// Alice's device learns g_b and computes the same key; the laptop loses the chat.
		const established = (await alice.next(isEncryption(chatId, 'EncryptedChat'), 'the accepted chat')).chat as Api.EncryptedChat;
		const key = completeRequest(pending, established.gAOrB, native(established.keyFingerprint));
		expect(key.equals(accepted.key)).toBe(true);
		await bobLaptop.next(isEncryption(chatId, 'EncryptedChatDiscarded'), 'the discarded chat on the laptop');
		expect(secretChatsOf(tg.world).chat(chatId)).toMatchObject({ state: 'accepted' });

		const aliceChat = new SecretChat(true, key);
		const bobChat = new SecretChat(false, accepted.key);
		const alicePeer = new Api.InputEncryptedChat({ chatId, accessHash: (waiting as Api.EncryptedChatWaiting).accessHash });
		const send = (c: RawClient, peer: Api.InputEncryptedChat, chat: SecretChat, message: DecryptedMessage) =>
			message._ === 'service'
				? c.client.invoke(new Api.messages.SendEncryptedService({ peer, randomId: long(message.randomId), data: chat.seal(message) }))
				: c.client.invoke(new Api.messages.SendEncrypted({ peer, randomId: long(message.randomId), data: chat.seal(message) }));

		// Each side announces its layer, then three messages go each way.
		await send(alice, alicePeer, aliceChat, { _: 'service', randomId: 1n, action: { _: 'notifyLayer', layer: 144 } });
		await send(bobPhone, bobPeer, bobChat, { _: 'service', randomId: 2n, action: { _: 'notifyLayer', layer: 144 } });
		for (const n of [1, 2, 3]) {
			await send(alice, alicePeer, aliceChat, text(`to bob ${n}`));
			await send(bobPhone, bobPeer, bobChat, text(`to alice ${n}`));
		}
		await bobPhone.next((u): u is Api.UpdateNewEncryptedMessage => isEncrypted(u) && u.qts === 4, "Alice's four messages");
		await alice.next((u): u is Api.UpdateNewEncryptedMessage => isEncrypted(u) && u.qts === 4, "Bob's four messages");
		const atBob = drain(bobPhone, bobChat, 0);
		const atAlice = drain(alice, aliceChat, 0);
		expect(atBob.texts).toEqual(['to bob 1', 'to bob 2', 'to bob 3']);
		expect(atAlice.texts).toEqual(['to alice 1', 'to alice 2', 'to alice 3']);
		expect(bobChat.sendLayer).toBe(144);
		expect(bobLaptop.updates.some(isEncrypted)).toBe(false);

		// Acknowledged events leave the queue; getDifference has nothing more for the phone.
		await bobPhone.client.invoke(new Api.messages.ReceivedQueue({ maxQts: atBob.qts }));
		expect(secretChatsOf(tg.world).pending(tg.server.keys.ofUser(bobUser.id)[0].id)).toHaveLength(0);
		const state = await bobPhone.client.invoke(new Api.updates.GetState());
		expect(state.qts).toBe(4);
	});
});
