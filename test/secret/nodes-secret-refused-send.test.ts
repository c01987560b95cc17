// A secret message Telegram refused (FLOOD_WAIT past the Request Settings, or any other RPC error)
// fails its item: the other side must then never get it, not even later through a resend request
// for its sequence number (the user, told it failed, may well send it again).
import { eventually, TestEnv } from '../support/env';
import type { INodeParameters } from 'n8n-workflow';
import { chain, tgl } from '../support/env';
import { COF, listen, secretPeer, sendText, texts, workingChat } from './node-pair';

describe('a refused secret send', () => {
	let env: TestEnv;

	beforeAll(async () => {
		env = await TestEnv.start();
	});

	afterAll(async () => {
		await env.stop();
	});

	it('fails its item and never reaches the other side, and the chat goes on', async () => {
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
	it('a FLOOD_WAIT the Request Settings allow is waited out outside the chat: messages from the other side come meanwhile, and the message goes once', async () => {
		const xena = env.world.addUser({ firstName: 'Xena' });
		const yuri = env.world.addUser({ firstName: 'Yuri' });
		const xenaTrigger = await listen(env, xena.id);
		const yuriTrigger = await listen(env, yuri.id, { acceptSecretChats: true });
		try {
			const chatId = await workingChat(env, xena.id, yuri.id);
			const sends = () => env.server.calls.filter((c) => c.method === 'messages.SendEncrypted' && c.userId === xena.id).length;
			const before = sends();
			env.faults.failNext('messages.SendEncrypted', 'FLOOD_WAIT_20');
			let sendDone = false;
			const slow = env
				.run(chain([{}], tgl('Send', 'peer', 'sendMsg', { peer: secretPeer(chatId), text: 'after the wait', requestSettings: { floodWaitMaxSeconds: 60 } } as INodeParameters, COF)), xena.id)
				.finally(() => (sendDone = true));
			await eventually(() => sends() > before, 'the refused send');
			// While Xena's send waits, Yuri's message reaches her trigger: her chat's queue is not held.
			expect(await sendText(env, yuri.id, chatId, 'meanwhile')).not.toHaveProperty('error');
			await eventually(() => texts(xenaTrigger.items()).includes('meanwhile'), 'Yuri’s message on Xena during the wait', 60_000, 50);
			expect(sendDone).toBe(false);
			const run = await slow;
			expect(run.output('Send')[0].json).toMatchObject({ text: 'after the wait', out: true });
			await eventually(() => texts(yuriTrigger.items()).includes('after the wait'), 'the message on Yuri', 60_000, 100);
			expect(await sendText(env, xena.id, chatId, 'sentinel')).not.toHaveProperty('error');
			await eventually(() => texts(yuriTrigger.items()).includes('sentinel'), 'the sentinel on Yuri', 60_000, 100);
			expect(texts(yuriTrigger.items())).toEqual(['after the wait', 'sentinel']);
		} finally {
			await xenaTrigger.close();
			await yuriTrigger.close();
		}
	}, 120_000);
});
