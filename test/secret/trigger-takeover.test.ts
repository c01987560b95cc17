// A trigger whose connection the pool replaced keeps marking what it emits in the service that
// now holds the state file: its deliveries are saved, so a restart does not emit them again.
import { AccountClient } from '../../nodes/Tgl/transport/account-client';
import { toTglCredentials } from '../../nodes/Tgl/transport/credentials';
import { secretChatsOf } from '../../nodes/Tgl/transport/secret-chats';
import { eventually, TestEnv } from '../support/env';
import { createSecretChat, listen, sendTexts, texts } from './node-pair';

describe('a secret-chat trigger after its connection was replaced', () => {
	let env: TestEnv;

	beforeAll(async () => {
		env = await TestEnv.start();
	});

	afterAll(async () => {
		await env.stop();
	});

	it('marks the messages it emits delivered in the service that took the state over', async () => {
		const alice = env.world.addUser({ firstName: 'Alice' });
		const bob = env.world.addUser({ firstName: 'Bob' });
		const bobTrigger = await listen(env, bob.id, { acceptSecretChats: true });
		let second: AccountClient | undefined;
		try {
			const created = await createSecretChat(env, alice.id, bob.id);
			const chatId = created.output('Create')[0].json.id as number;
			// As when the pool replaced Bob's dead connection while the trigger still held it.
			const credentials = toTglCredentials((await env.credentials(bob.id)).tglApi as never);
			second = await AccountClient.open(credentials);
			const taken = await secretChatsOf(second);
			await sendTexts(env, alice.id, chatId, ['after the takeover']);
			await eventually(() => texts(bobTrigger.items()).includes('after the takeover'), 'the message on the trigger');
			await eventually(() => taken.service.chatById(chatId)?.history.some((m) => !m.out && m.delivered) === true, 'the message saved as delivered');
		} finally {
			await bobTrigger.close();
			await second?.close();
		}
	});
});
