// Who owns an account's secret chats in one n8n process: one service per connection, and when
// the pool replaces a connection that is still held, the new connection takes the state file
// (and the listeners) over instead of failing on the lock.
import bigInt from 'big-integer';
import { Api } from 'telegram';
import { byId, chain, eventually, node, TestEnv, TGL_TRIGGER, tgl, triggered } from '../support/env';
import { AccountClient } from '../../nodes/Tgl/transport/account-client';
import { clientPool } from '../../nodes/Tgl/transport/client-pool';
import { toTglCredentials } from '../../nodes/Tgl/transport/credentials';
import { secretChatsOf } from '../../nodes/Tgl/transport/secret-chats';
import type { StoredMessage } from '../../nodes/Tgl/secret/service';

describe('secret chats per connection', () => {
	let env: TestEnv;

	beforeAll(async () => {
		env = await TestEnv.start();
	});

	afterAll(async () => {
		await env.stop();
	});

	it('a second connection of the same account takes the chats and their listeners over', async () => {
		const mia = env.world.addUser({ firstName: 'Mia' });
		const ned = env.world.addUser({ firstName: 'Ned' });
		const nedTrigger = await env.trigger(
			triggered(node('Ned', TGL_TRIGGER, { events: ['on_get_difference_end'], options: { acceptSecretChats: true } })),
			ned.id,
		);
		const credentials = toTglCredentials((await env.credentials(mia.id)).tglApi as never);
		const first = await clientPool.acquire(credentials);
		let second: AccountClient | undefined;
		try {
			await eventually(() => nedTrigger.items().length > 0, "Ned's trigger");
			const hub = await secretChatsOf(first);
			const heard: string[] = [];
			hub.listen({ message: (_chat, m: StoredMessage) => void heard.push(m.message._ === 'message' ? m.message.message : '') });
			const nedUser = env.world.user(ned.id)!;
			const chat = await hub.service.create(new Api.InputUser({ userId: bigInt(ned.id), accessHash: nedUser.accessHash }), ned.id);
			await eventually(() => hub.service.chatById(chat.id)?.state === 'working', 'the chat working');

			// As when the pool replaced a dead connection still held by a trigger.
			second = await AccountClient.open(credentials);
			const taken = await secretChatsOf(second);
			expect(taken).not.toBe(hub);
			expect(taken.service.chatById(chat.id)?.state).toBe('working');
			const run = await env.run(chain([{}], tgl('Send', 'peer', 'sendMsg', { peer: byId(`secret_chat#${chat.id}`), text: 'to the new connection' })), ned.id);
			expect(run.error).toBeUndefined();
			await eventually(() => heard.length === 1, 'the message through the new connection');
			expect(heard).toEqual(['to the new connection']);
			expect(taken.service.chatById(chat.id)?.history.map((m) => m.message._ === 'message' && m.message.message)).toEqual(['to the new connection']);
		} finally {
			await nedTrigger.close();
			await second?.close();
			clientPool.release(first);
		}
	});
});
