// A message whose execution is still running belongs to the trigger that emitted it: a second
// workflow activated meanwhile on the same account does not take it from the backlog, also after
// the service reloaded its saved state (recover(): every message is a new object then).
import { clientPool } from '../../nodes/Tgl/transport/client-pool';
import { toTglCredentials } from '../../nodes/Tgl/transport/credentials';
import { secretChatsOf } from '../../nodes/Tgl/transport/secret-chats';
import { byId, eventually, node, TestEnv, TGL_TRIGGER, tgl, triggered } from '../support/env';
import { COF, listen, sendTexts, texts, userRef, workingChat } from './node-pair';

describe('a secret message whose execution is still running', () => {
	let env: TestEnv;

	beforeAll(async () => {
		env = await TestEnv.start();
	});

	afterAll(async () => {
		await env.stop();
	});

	it('is not emitted again by a second workflow activated after a reload of the state', async () => {
		const kim = env.world.addUser({ firstName: 'Kim' });
		const leo = env.world.addUser({ firstName: 'Leo' });
		const zed = env.world.addUser({ firstName: 'Zed' });
		// Zed's device keeps the requests that hold the executions (it accepts them at the end).
		const zedHolds = await listen(env, zed.id, {}, ['on_secret_chat_update', 'on_get_difference_end']);
		const acceptor = await listen(env, leo.id, { acceptSecretChats: true }, ['on_secret_chat_update', 'on_get_difference_end']);
		// Each message's execution waits until Zed accepts a secret chat: it runs until the test lets it end.
		const who = JSON.stringify(userRef(env, zed.id));
		const busy = await env.trigger(
			triggered(
				node('Busy', TGL_TRIGGER, { events: ['on_msg_receive'], options: {} }),
				tgl('Hold', 'chat', 'createSecretChat', { peer: byId(`={{ ${who} }}`), options: { waitForAcceptance: true, waitSeconds: 120 } }, COF),
			),
			leo.id,
		);
		let second: Awaited<ReturnType<typeof listen>> | undefined;
		let zedTrigger: Awaited<ReturnType<typeof listen>> | undefined;
		try {
			const chatId = await workingChat(env, kim.id, leo.id);
			await sendTexts(env, kim.id, chatId, ['hello']);
			await eventually(() => texts(busy.items()).includes('hello'), 'the message on the busy workflow');

			// Leo's service reloads its saved state (as after a failed step) while that execution runs.
			const account = await clientPool.acquire(toTglCredentials((await env.credentials(leo.id)).tglApi as never));
			try {
				await (await secretChatsOf(account)).service.recover();
			} finally {
				clientPool.release(account);
			}
			second = await listen(env, leo.id, {}, ['on_msg_receive', 'on_get_difference_end']);
			await sendTexts(env, kim.id, chatId, ['sentinel']);
			await eventually(() => texts(second!.items()).includes('sentinel'), 'the sentinel on the second workflow');
			expect(texts(second.items())).toEqual(['sentinel']);
		} finally {
			// Zed accepts: the held executions end.
			zedTrigger = await listen(env, zed.id, { acceptSecretChats: true }, ['on_get_difference_end']);
			await second?.close();
			await busy.close();
			await acceptor.close();
			await zedTrigger.close();
			await zedHolds.close();
		}
	});
});
