// A secret message Telegram refused (FLOOD_WAIT past the Request Settings, or any other RPC error)
// fails its item: the other side must then never get it, not even later through a resend request
// for its sequence number (the user, told it failed, may well send it again).
import { eventually, TestEnv } from '../support/env';
import { listen, sendText, texts, workingChat } from './node-pair';

describe('a refused secret send', () => {
	let env: TestEnv;

	beforeAll(async () => {
		env = await TestEnv.start();
	});

	afterAll(async () => {
		await env.stop();
	});

	// it.failing until service.ts's transmit puts chat.sealNoopAs in a refused message's place
	// (proposed in brief s14's report; service.ts is being split meanwhile): then make it `it`.
	it.failing('fails its item and never reaches the other side, and the chat goes on', async () => {
		const vera = env.world.addUser({ firstName: 'Vera' });
		const walt = env.world.addUser({ firstName: 'Walt' });
		const veraTrigger = await listen(env, vera.id);
		const waltTrigger = await listen(env, walt.id, { acceptSecretChats: true });
		try {
			const chatId = await workingChat(env, vera.id, walt.id);
			env.faults.failNext('messages.SendEncrypted', 'FLOOD_WAIT_300');
			const refused = await sendText(env, vera.id, chatId, 'refused by Telegram');
			expect(refused.error).toBeDefined();
			expect(await sendText(env, vera.id, chatId, 'next')).not.toHaveProperty('error');
			expect(await sendText(env, vera.id, chatId, 'sentinel')).not.toHaveProperty('error');
			await eventually(() => texts(waltTrigger.items()).includes('sentinel'), 'the sentinel on Walt', 60_000, 100);
			// And Walt's own messages still reach Vera (no hole left open on either side).
			expect(await sendText(env, walt.id, chatId, 'from Walt')).not.toHaveProperty('error');
			await eventually(() => texts(veraTrigger.items()).includes('from Walt'), 'Walt’s message on Vera', 60_000, 100);
			expect(texts(waltTrigger.items())).toEqual(['next', 'sentinel']);
		} finally {
			await veraTrigger.close();
			await waltTrigger.close();
		}
	}, 120_000);
});
