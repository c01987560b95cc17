// Parse Mode in secret chats, through the nodes (n8n-core): the pack maps GramJS's parsed
// entities onto the secret layer's own; the other account's trigger shows them as `entities`;
// a layer-46 app (a raw client) gets only the entities layer 46 knows, the others left plain.
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { randomInt } from 'crypto';
import bigInt from 'big-integer';
import { Api } from 'telegram';
import { byId, chain, eventually, node, TestEnv, tgl } from '../support/env';
import { runWorkflow } from '../harness';
import { ATTACH, fileNodeTypes } from '../support/attach-file';
import { png } from '../support/media-bytes';
import { createSecretChat, listen, of, sendTexts, texts } from './node-pair';
import { rawClient } from './raw-client';
import { isEncrypted, isEncryption, Side } from './secret-pair';
import { beginRequest, completeRequest, decryptSecretMessage, DhConfigCache, parseLayer, SecretChat, xForSender } from '../../nodes/Tgl/secret';
import type { DecryptedMessageLayer, DhConfigResult } from '../../nodes/Tgl/secret';

const FORMATTED = (userId: number) =>
	`<b>Hi</b> <u>there</u>, <a href="https://n8n.io">a link</a>, <a href="tg://user?id=${userId}">you</a> and <spoiler>a secret</spoiler>`;
const PLAIN = 'Hi there, a link, you and a secret';

describe('Parse Mode in secret chats', () => {
	let env: TestEnv;

	beforeAll(async () => {
		env = await TestEnv.start();
	});

	afterAll(async () => {
		await env.stop();
	});

	it('a formatted text and caption reach the other account’s trigger with their entities', async () => {
		const alice = env.world.addUser({ firstName: 'Alice' });
		const bob = env.world.addUser({ firstName: 'Bob' });
		const aliceTrigger = await listen(env, alice.id);
		const bobTrigger = await listen(env, bob.id, { acceptSecretChats: true });
		try {
			const created = await createSecretChat(env, alice.id, bob.id);
			const chatId = created.output('Create')[0].json.id as number;
			// Until a message of Bob's says his layer, Alice writes layer 46, which has no underline or
			// spoiler (the protocol's rule): his first message is the sentinel that she knows it.
			await sendTexts(env, bob.id, chatId, ['ready']);
			await eventually(() => texts(aliceTrigger.items()).includes('ready'), "Bob's layer known to Alice");
			const run = await env.run(
				chain([{}], tgl('Send', 'peer', 'sendMsg', { peer: byId(`secret_chat#${chatId}`), text: FORMATTED(bob.id), options: { parseMode: 'html' } })),
				alice.id,
			);
			expect(run.error).toBeUndefined();
			const expected = [
				{ type: 'bold', offset: 0, length: 2 },
				{ type: 'underline', offset: 3, length: 5 },
				{ type: 'text_link', offset: 10, length: 6, url: 'https://n8n.io' },
				{ type: 'text_mention', offset: 18, length: 3, user_id: bob.id },
				{ type: 'spoiler', offset: 26, length: 8 },
			];
			expect(run.output('Send')[0].json).toMatchObject({ text: PLAIN, entities: expected });

			const photo = await runWorkflow(
				chain(
					[{ b64: png(40, 30).toString('base64') }],
					node('Attach', ATTACH, { base64: '={{ $json.b64 }}' }),
					tgl('Send', 'peer', 'sendPhoto', { peer: byId(`secret_chat#${chatId}`), options: { caption: 'The **plan**', parseMode: 'markdown' } as INodeParameters }),
				),
				{ nodeTypes: fileNodeTypes, credentials: await env.credentials(alice.id) },
			);
			expect(photo.error).toBeUndefined();

			await eventually(() => texts(bobTrigger.items()).includes('The plan'), 'both on Bob');
			const [text, caption] = of(bobTrigger.items(), 'on_msg_receive').map((j) => j.msg as IDataObject);
			expect(text).toMatchObject({ text: PLAIN, dest: { id: chatId, type: 4 }, entities: expected });
			expect(caption).toMatchObject({ text: 'The plan', media: { type: 'photo' }, entities: [{ type: 'bold', offset: 4, length: 4 }] });
		} finally {
			await aliceTrigger.close();
			await bobTrigger.close();
		}
	});

	it('a layer-46 app gets only the entities layer 46 knows (bold, link, mention); underline and spoiler stay plain', async () => {
		const pam = env.world.addUser({ firstName: 'Pam' });
		const olga = env.world.addUser({ firstName: 'Olga' });
		const trigger = await listen(env, pam.id, { acceptSecretChats: true });
		const device = await rawClient(env.tg, olga.id);
		try {
			// Olga's old app asks for the chat; Pam's trigger accepts it.
			const cache = new DhConfigCache();
			const pending = beginRequest(cache, (await device.client.invoke(new Api.messages.GetDhConfig({ version: 0, randomLength: 256 }))) as DhConfigResult);
			const chatId = randomInt(1, 2 ** 31 - 1);
			const waiting = (await device.client.invoke(
				new Api.messages.RequestEncryption({ userId: new Api.InputUser({ userId: bigInt(pam.id), accessHash: env.world.user(pam.id)!.accessHash }), randomId: chatId, gA: pending.gA }),
			)) as Api.EncryptedChatWaiting;
			const accepted = (await device.next(isEncryption(chatId, 'EncryptedChat'), 'the chat accepted by the trigger')).chat as Api.EncryptedChat;
			const key = completeRequest(pending, accepted.gAOrB, BigInt(accepted.keyFingerprint.toString()));
			const side = new Side(device, new SecretChat(true, key, { dh: pending.params, layer: 46 }), new Api.InputEncryptedChat({ chatId, accessHash: waiting.accessHash }));
			await side.send({ _: 'service', randomId: 1n, action: { _: 'notifyLayer', layer: 46 } });
			await side.send({ _: 'message', randomId: 2n, ttl: 0, message: 'layer 46 here' });
			await eventually(() => texts(trigger.items()).includes('layer 46 here'), 'the old app’s text on Pam');

			const run = await env.run(
				chain([{}], tgl('Send', 'peer', 'sendMsg', { peer: byId(`secret_chat#${chatId}`), text: FORMATTED(olga.id), options: { parseMode: 'html' } })),
				pam.id,
			);
			expect(run.error).toBeUndefined();

			const opened = (): DecryptedMessageLayer[] => device.updates.filter(isEncrypted).map((u) => parseLayer(decryptSecretMessage(key, u.message.bytes, xForSender(false))));
			await eventually(() => opened().some((l) => l.message._ === 'message' && l.message.message === PLAIN), 'the formatted text at the old app');
			const arrived = opened().find((l) => l.message._ === 'message' && l.message.message === PLAIN)!;
			expect(arrived.layer).toBe(46);
			expect(arrived.message).toMatchObject({
				entities: [
					{ type: 'bold', offset: 0, length: 2 },
					{ type: 'textUrl', offset: 10, length: 6, url: 'https://n8n.io' },
					{ type: 'mentionName', offset: 18, length: 3, userId: olga.id },
				],
			});
			expect((arrived.message as { entities: unknown[] }).entities).toHaveLength(3);
		} finally {
			await device.client.destroy();
			await trigger.close();
		}
	});
});
