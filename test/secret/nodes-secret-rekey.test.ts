// Secret chats through the nodes under load: two accounts each running the pack (a trigger each,
// Peer → Send Message with n8n items) re-key after the 100th message while messages flow both
// ways, and a message the relay drops comes back through a resend request.
import { TestEnv, eventually } from '../support/env';
import { secretChatsOf as relayOf } from '../telegram/world/secret-chats';
import { createSecretChat, historyTexts, listen, sendTexts, texts } from './node-pair';

const SLOW = 60_000;

describe('secret chats through the nodes: re-key and resend', () => {
	let env: TestEnv;

	beforeAll(async () => {
		env = await TestEnv.start();
	});

	afterAll(async () => {
		await env.stop();
	});

	/** Two accounts with a working secret chat made through the nodes, and their triggers. */
	async function pair(first: string, second: string) {
		const a = env.world.addUser({ firstName: first });
		const b = env.world.addUser({ firstName: second });
		const aTrigger = await listen(env, a.id);
		const bTrigger = await listen(env, b.id, { acceptSecretChats: true });
		const created = await createSecretChat(env, a.id, b.id);
		expect(created.output('Create')[0].json).toMatchObject({ type: 4, state: 'working' });
		return { a: a.id, b: b.id, aTrigger, bTrigger, chatId: created.output('Create')[0].json.id as number };
	}

	it(
		're-keys after the 100th message with runs of 60 items flowing from both sides at once; every message arrives once, in order, and the history has them all',
		async () => {
			const { a, b, aTrigger, bTrigger, chatId } = await pair('Amy', 'Ben');
			try {
				const relay = relayOf(env.world);
				const first = BigInt(relay.chat(chatId)!.keyFingerprint!.toString());
				const fromA = Array.from({ length: 70 }, (_, n) => `a${n + 1}`);
				const fromB = Array.from({ length: 70 }, (_, n) => `b${n + 1}`);
				// One run of 60 items from each side, both running at the same time.
				const [sentA, sentB] = await Promise.all([sendTexts(env, a, chatId, fromA.slice(0, 60)), sendTexts(env, b, chatId, fromB.slice(0, 60))]);
				expect([...sentA, ...sentB].filter((i) => i.json.error)).toEqual([]);
				await eventually(() => texts(bTrigger.items()).length >= 60 && texts(aTrigger.items()).length >= 60, '60 messages on each side', SLOW);
				// The first 120 messages (plus the layer notices) passed 100 under one key: both now send under a new one.
				await eventually(() => relay.keyFingerprintsFrom(chatId, a).length === 2 || relay.keyFingerprintsFrom(chatId, b).length === 2, 'a message under the new key', SLOW);
				// After the re-key, two more interleaved runs each way.
				await Promise.all([sendTexts(env, a, chatId, fromA.slice(60, 65)), sendTexts(env, b, chatId, fromB.slice(60, 65))]);
				await sendTexts(env, a, chatId, fromA.slice(65));
				await sendTexts(env, b, chatId, fromB.slice(65));
				await eventually(() => texts(bTrigger.items()).length >= 70 && texts(aTrigger.items()).length >= 70, 'all 70 messages on each side', SLOW);
				expect(texts(bTrigger.items())).toEqual(fromA);
				expect(texts(aTrigger.items())).toEqual(fromB);

				// The relay saw each side switch once, from the chat's first key to the same new key.
				const keysA = relay.keyFingerprintsFrom(chatId, a);
				const keysB = relay.keyFingerprintsFrom(chatId, b);
				expect(keysA).toHaveLength(2);
				expect(keysA[0]).toBe(first);
				expect(keysA[1]).not.toBe(first);
				expect(keysB).toEqual(keysA);

				// Get History on both sides has all 140, each side in the order it saw them.
				const historyA = await historyTexts(env, a, chatId, 200);
				const historyB = await historyTexts(env, b, chatId, 200);
				for (const h of [historyA, historyB]) {
					expect(h).toHaveLength(140);
					expect(h.filter((t) => String(t).startsWith('a'))).toEqual(fromA);
					expect(h.filter((t) => String(t).startsWith('b'))).toEqual(fromB);
				}
			} finally {
				await aTrigger.close();
				await bTrigger.close();
			}
		},
		3 * SLOW,
	);

	it('recovers a message the relay dropped through a resend request: the trigger emits all three once, in order', async () => {
		const { a, aTrigger, bTrigger, chatId } = await pair('Cleo', 'Dan');
		try {
			await sendTexts(env, a, chatId, ['one']);
			await eventually(() => texts(bTrigger.items()).length === 1, 'the first message');
			relayOf(env.world).dropNext = 1;
			await sendTexts(env, a, chatId, ['two (dropped by the relay)', 'three']);
			expect(relayOf(env.world).dropNext).toBe(0);
			await eventually(() => texts(bTrigger.items()).length >= 3, 'the dropped message, resent');
			// A later message as the sentinel: nothing comes twice.
			await sendTexts(env, a, chatId, ['four']);
			await eventually(() => texts(bTrigger.items()).includes('four'), 'the sentinel');
			expect(texts(bTrigger.items())).toEqual(['one', 'two (dropped by the relay)', 'three', 'four']);
		} finally {
			await aTrigger.close();
			await bTrigger.close();
		}
	});
});
