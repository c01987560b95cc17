// Bad input against the pack's secret chats, the receiving side running the pack through n8n-core
// (its trigger with "Accept Incoming Secret Chats", Chat → Create Secret Chat) and the malicious
// side a raw GramJS client driving the pure secret layer. Each is rejected with the chat left
// intact or cleanly discarded.
import { generatePrimeSync, randomInt } from 'crypto';
import bigInt from 'big-integer';
import { Api } from 'telegram';
import { TestEnv, eventually } from '../support/env';
import { secretChatsOf as relayOf, type EncryptedChatRecord } from '../telegram/world/secret-chats';
import { userTl } from '../telegram/world/tl';
import { SecretChat } from '../../nodes/Tgl/secret';
import { keyFingerprint, toBig, toBytes } from '../../nodes/Tgl/secret/dh';
import { rawClient, type RawClient } from './raw-client';
import { long, requestChat, Side, text, texts as rawTexts } from './secret-pair';
import { createSecretChat, listen, of, sendTexts, texts, whats, type Trigger } from './node-pair';

describe('secret chats through the nodes: bad input', () => {
	let env: TestEnv;
	const clients: RawClient[] = [];

	beforeAll(async () => {
		env = await TestEnv.start();
	});

	afterAll(async () => {
		for (const c of clients) await c.client.destroy();
		await env.stop();
	});

	async function connect(userId: number): Promise<RawClient> {
		const c = await rawClient(env.tg, userId);
		clients.push(c);
		return c;
	}

	const relay = () => relayOf(env.world);

	/** The raw side requests a chat with `packUserId` (whose trigger accepts it) and completes the key. */
	async function rawCreates(packUserId: number, name: string): Promise<{ side: Side; chatId: number; rawId: number }> {
		const user = env.world.addUser({ firstName: name });
		const { side, chatId } = await requestChat(await connect(user.id), env.world.user(packUserId)!);
		return { side, chatId, rawId: user.id };
	}

	/** A copy of the raw side's chat: what it seals takes the very sequence number the real chat seals next. */
	const twin = (side: Side) => SecretChat.restore(side.chat.snapshot());

	it('drops tampered ciphertext, a wrong key fingerprint and a replay unseen; the chat keeps working both ways', async () => {
		const pack = env.world.addUser({ firstName: 'Pia' });
		const trigger = await listen(env, pack.id, { acceptSecretChats: true });
		try {
			const { side, chatId } = await rawCreates(pack.id, 'Mallory');
			await eventually(() => whats(trigger.items()).length >= 2, 'the chat working on the pack');
			expect(whats(trigger.items())).toEqual([['created', 'requested'], ['working']]);

			// Tampered in transit: a block inside the text changes (IGE garbles the rest), so it still
			// parses; only msg_key gives it away.
			const forged = twin(side).seal(text(`tampered ${'x'.repeat(400)}`));
			const tampered = Buffer.from(forged.data);
			tampered[24 + 160] ^= 0x55;
			await side.sendBytes({ data: tampered, randomId: forged.randomId });
			// Sealed correctly, but naming another key.
			const otherKey = twin(side).seal(text('under another key fingerprint'));
			const renamed = Buffer.from(otherKey.data);
			renamed[3] ^= 1;
			await side.sendBytes({ data: renamed, randomId: otherKey.randomId });
			// The genuine message with that sequence number, then the same bytes again (the relay accepts a replay).
			const genuine = await side.send(text('genuine'));
			await side.sendBytes(genuine);
			await side.send(text('sentinel'));
			await eventually(() => texts(trigger.items()).includes('sentinel'), 'the sentinel');
			expect(texts(trigger.items())).toEqual(['genuine', 'sentinel']);
			expect(relay().chat(chatId)).toMatchObject({ state: 'accepted' });

			// The pack answers through the node; the raw side reads it under the same key.
			const sent = await sendTexts(env, pack.id, chatId, ['still here']);
			expect(sent[0].json).toMatchObject({ text: 'still here', out: true });
			await eventually(() => side.device.updates.filter((u) => u instanceof Api.UpdateNewEncryptedMessage).length >= 2, 'the answer on the raw side');
			expect(rawTexts(await side.receiveAll())).toEqual(['still here']);
			expect(whats(trigger.items())).toEqual([['created', 'requested'], ['working']]);
		} finally {
			await trigger.close();
		}
	});

	it('discards the chat cleanly on a sequence jump (a second hole while one is open)', async () => {
		const pack = env.world.addUser({ firstName: 'Quinn', lastName: 'Ray' });
		const trigger = await listen(env, pack.id, { acceptSecretChats: true });
		try {
			const { side, chatId } = await rawCreates(pack.id, 'Trudy');
			await eventually(() => whats(trigger.items()).length >= 2, 'the chat working on the pack');
			const [, second, , fourth] = ['m1', 'm2', 'm3', 'm4'].map((t) => side.chat.seal(text(t)));
			await side.sendBytes(second); // a hole: the pack asks for m1 and waits
			await side.sendBytes(fourth); // a second hole while the first is open
			await eventually(() => whats(trigger.items()).length >= 3, 'the chat discarded on the pack');
			expect(whats(trigger.items())[2]).toEqual(['deleted']);
			expect(relay().chat(chatId)).toMatchObject({ state: 'discarded' });
			expect(texts(trigger.items())).toEqual([]);
			const late = await sendTexts(env, pack.id, chatId, ['after the jump']);
			expect(late[0].json.error).toMatch(/is discarded/);
		} finally {
			await trigger.close();
		}
	});

	describe('a bad DH config served by Telegram', () => {
		const good = () => ({ g: 3, p: relay().dhConfig.p, version: 1 });

		async function createUnder(config: { g: number; p: Buffer; version: number }, name: string) {
			const pack = env.world.addUser({ firstName: name });
			const other = env.world.addUser({ firstName: `${name}'s friend` });
			const saved = relay().dhConfig;
			relay().dhConfig = config;
			const calls = env.server.calls.length;
			try {
				const run = await createSecretChat(env, pack.id, other.id);
				const requested = env.server.calls.slice(calls).filter((c) => c.method === 'messages.RequestEncryption');
				return { item: run.output('Create')[0].json, requested, chats: [...relay().chats.values()].filter((c) => c.adminId === pack.id) };
			} finally {
				relay().dhConfig = saved;
			}
		}

		it('g not matching p: Create Secret Chat fails the item with a clear sentence, and nothing is requested', async () => {
			// Telegram's prime has p mod 8 = 3: g = 2 does not generate the subgroup of order (p-1)/2.
			const { item, requested, chats } = await createUnder({ ...good(), g: 2, version: 2 }, 'Gus');
			expect(item.error).toMatch(/^Telegram served Diffie-Hellman parameters that fail the secret-chat checks \(g = 2 does not generate .*\), so no secret chat was requested$/);
			expect(requested).toEqual([]);
			expect(chats).toEqual([]);
		});

		it('a prime that is not safe: the same', async () => {
			let prime: bigint;
			do prime = generatePrimeSync(2048, { bigint: true }) as bigint;
			while (prime % 3n !== 2n);
			const { item, requested, chats } = await createUnder({ g: 3, p: toBytes(prime), version: 3 }, 'Hal');
			expect(item.error).toMatch(/Diffie-Hellman parameters .*\(p is not a safe prime\), so no secret chat was requested/);
			expect(requested).toEqual([]);
			expect(chats).toEqual([]);
		});
	});

	it('g_b out of range from the acceptor: Create Secret Chat fails the item, the chat is discarded on the relay, and the trigger says deleted', async () => {
		const pack = env.world.addUser({ firstName: 'Iris' });
		const evil = env.world.addUser({ firstName: 'Eve' });
		const raw = await connect(evil.id);
		const trigger = await listen(env, pack.id);
		try {
			const p = toBig(relay().dhConfig.p);
			// 1 and p-1 make a key the acceptor can predict (1, or p-1 for an odd a: the fingerprint says 1);
			// 2^1983 is below the margin. The item names the range, not a key mismatch: the range check caught it.
			for (const [n, gB] of [1n, p - 1n, 1n << 1983n].entries()) {
				const before = whats(trigger.items()).length;
				const answer = (async () => {
					const requested = await eventually(
						() => raw.updates.filter((u) => u instanceof Api.UpdateEncryption && u.chat instanceof Api.EncryptedChatRequested).length > n,
						'the request on the raw side',
					).then(() => raw.updates.filter((u): u is Api.UpdateEncryption => u instanceof Api.UpdateEncryption && u.chat instanceof Api.EncryptedChatRequested)[n].chat as Api.EncryptedChatRequested);
					const peer = new Api.InputEncryptedChat({ chatId: requested.id, accessHash: requested.accessHash });
					// Telegram relays it (acceptEncryption checks no range); the fingerprint is the predicted key's.
					await raw.client.invoke(new Api.messages.AcceptEncryption({ peer, gB: toBytes(gB), keyFingerprint: long(keyFingerprint(toBytes(1n))) }));
					return requested.id;
				})();
				const run = await createSecretChat(env, pack.id, evil.id);
				const chatId = await answer;
				expect(run.output('Create')[0].json.error).toBe('The secret chat was discarded because its key exchange failed a check: g_b is out of range (1 < v < p-1, 2^1984 from either end)');
				expect(relay().chat(chatId)).toMatchObject({ state: 'discarded' });
				await eventually(() => whats(trigger.items()).length >= before + 2, 'deleted on the trigger');
				expect(whats(trigger.items()).slice(before)).toEqual([['created'], ['deleted']]);
				expect(lastPeerOf(trigger, chatId)).toMatchObject({ id: chatId, state: 'deleted' });
				expect(lastUpdateOf(trigger, chatId).reason).toMatch(/^g_b is out of range/);
			}
		} finally {
			await trigger.close();
		}
	});

	it('a request whose g_a is out of range is not accepted but discarded, and the next good request still works', async () => {
		const pack = env.world.addUser({ firstName: 'Jo' });
		const trigger = await listen(env, pack.id, { acceptSecretChats: true });
		try {
			// Telegram refuses such a g_a itself (DH_G_A_INVALID), so this is a server that let one
			// through: the request is put in the relay and pushed as the relay would.
			const sender = env.world.addUser({ firstName: 'Oscar' });
			const chatId = randomInt(1, 2 ** 31 - 1);
			const forged: EncryptedChatRecord = {
				id: chatId,
				adminId: sender.id,
				participantId: pack.id,
				adminKey: 'a key the server let through',
				adminHash: bigInt(1001),
				participantHash: bigInt(1002),
				date: Math.floor(Date.now() / 1000),
				gA: toBytes(1n << 1983n),
				state: 'requested',
			};
			relay().chats.set(chatId, forged);
			const update = new Api.UpdateEncryption({ chat: relay().view(forged, pack.id), date: forged.date });
			env.world.delivery.sink.pushToKeys!(pack.id, new Api.Updates({ updates: [update], users: [userTl(env.world, pack.id, sender.id)], chats: [], date: forged.date, seq: 0 }), () => true);
			await eventually(() => whats(trigger.items()).length >= 2, 'the request declined on the pack');
			expect(whats(trigger.items())).toEqual([['created', 'requested'], ['deleted']]);
			expect(lastUpdateOf(trigger, chatId).reason).toMatch(/^g_a is out of range/);
			expect(relay().chat(chatId)).toMatchObject({ state: 'discarded' });
			expect(relay().chat(chatId)!.gB).toBeUndefined(); // never accepted

			// Nothing crashed: a good request is accepted and carries a message.
			const { side, chatId: goodId } = await rawCreates(pack.id, 'Olga');
			await eventually(() => whats(trigger.items()).length >= 4, 'the good chat working');
			expect(whats(trigger.items()).slice(2)).toEqual([['created', 'requested'], ['working']]);
			await side.send(text('hello'));
			await eventually(() => texts(trigger.items()).includes('hello'), 'the message');
			expect(relay().chat(goodId)).toMatchObject({ state: 'accepted' });
		} finally {
			await trigger.close();
		}
	});
});

/** The trigger's last on_secret_chat_update item for the chat. */
function lastUpdateOf(trigger: Trigger, chatId: number) {
	const updates = of(trigger.items(), 'on_secret_chat_update').filter((j) => (j.peer as { id: number }).id === chatId);
	return updates[updates.length - 1] ?? {};
}

/** The Peer of the trigger's last on_secret_chat_update for the chat. */
const lastPeerOf = (trigger: Trigger, chatId: number) => lastUpdateOf(trigger, chatId).peer;
