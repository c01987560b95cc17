// Secret chats through the nodes, the edges around the main flow: send options that have no
// meaning there are refused before anything is sent.
import type { IDataObject } from 'n8n-workflow';
import { chain, eventually, TestEnv, tgl } from '../support/env';
import { createHash, randomBytes } from 'crypto';
import bigInt from 'big-integer';
import { Api } from 'telegram';
import { encryptFile, fileKeyFingerprint, newFileSecret } from '../../nodes/Tgl/secret';
import { bytesOf, COF, listen, msgs, of, secretPeer, sendFile, sendText, texts, WITH_DELETES, workingChat } from './node-pair';
import { serviceDevice, workingChat as serviceChat } from './service-device';

describe('secret chats through the nodes: options and events', () => {
	let env: TestEnv;

	beforeAll(async () => {
		env = await TestEnv.start();
	});

	afterAll(async () => {
		await env.stop();
	});

	it('refuses Schedule At and Silent in a secret chat with an item error naming the option, and sends nothing', async () => {
		const olga = env.world.addUser({ firstName: 'Olga' });
		const pete = env.world.addUser({ firstName: 'Pete' });
		const peteTrigger = await listen(env, pete.id, { acceptSecretChats: true }, WITH_DELETES);
		try {
			const chatId = await workingChat(env, olga.id, pete.id);
			const peer = secretPeer(chatId);
			const tomorrow = new Date(Date.now() + 86400_000).toISOString();
			const run = await env.run(
				chain(
					[{}, {}],
					tgl('Scheduled', 'peer', 'sendMsg', { peer, text: 'scheduled', options: { scheduleAt: tomorrow } }, COF),
					tgl('Silent', 'peer', 'sendLocation', { peer, latitude: 1.5, longitude: 2.5, options: { silent: true } }, COF),
				),
				olga.id,
			);
			const scheduled = run.output('Scheduled').map((i) => i.json);
			expect(scheduled).toHaveLength(2);
			for (const item of scheduled) expect(item.error).toMatch(/Schedule At: Telegram has no scheduled messages in secret chats/);
			const silent = run.output('Silent').map((i) => i.json);
			for (const item of silent) expect(item.error).toMatch(/option Silent: a secret chat message has no silent flag/);
			// Nothing went out: the next message is the first Pete gets.
			expect(await sendText(env, olga.id, chatId, 'sentinel')).not.toHaveProperty('error');
			await eventually(() => texts(peteTrigger.items()).includes('sentinel'), 'the sentinel on Pete');
			expect(texts(peteTrigger.items())).toEqual(['sentinel']);
		} finally {
			await peteTrigger.close();
		}
	});

	it('a deletion in a secret chat raises on_msg_delete with the secret chat Peer, on both sides', async () => {
		const quinn = env.world.addUser({ firstName: 'Quinn' });
		const rosa = env.world.addUser({ firstName: 'Rosa' });
		const quinnTrigger = await listen(env, quinn.id, {}, WITH_DELETES);
		const rosaTrigger = await listen(env, rosa.id, { acceptSecretChats: true }, WITH_DELETES);
		try {
			const chatId = await workingChat(env, quinn.id, rosa.id);
			const peer = secretPeer(chatId);
			const sent = await env.run(chain([{ t: 'one' }, { t: 'two' }], tgl('Send', 'peer', 'sendMsg', { peer, text: '={{ $json.t }}' })), quinn.id);
			expect(sent.error).toBeUndefined();
			await eventually(() => texts(rosaTrigger.items()).length === 2, 'two messages on Rosa');
			const [rosaOne] = msgs(rosaTrigger.items());
			// Quinn deletes his first message for everyone: his trigger and Rosa's both report it.
			const quinnOne = sent.output('Send')[0].json;
			const del = await env.run(
				chain([{ msg: quinnOne }], tgl('Delete', 'msg', 'deleteMsg', { message: '={{ $json.msg }}', options: { revoke: true } })),
				quinn.id,
			);
			expect(del.error).toBeUndefined();
			await eventually(() => of(quinnTrigger.items(), 'on_msg_delete').length === 1, 'the deletion on Quinn');
			await eventually(() => of(rosaTrigger.items(), 'on_msg_delete').length === 1, 'the deletion on Rosa');
			expect(of(quinnTrigger.items(), 'on_msg_delete')[0]).toMatchObject({ ids: [quinnOne.id], peer: { id: chatId, type: 4, type_name: 'secret_chat' } });
			expect(of(rosaTrigger.items(), 'on_msg_delete')[0]).toEqual({
				event: 'on_msg_delete',
				ids: [rosaOne.id],
				peer: expect.objectContaining({ id: chatId, type: 4, type_name: 'secret_chat', user_id: quinn.id }),
			});
		} finally {
			await quinnTrigger.close();
			await rosaTrigger.close();
		}
	});

	it('"Only These Chats" names secret chats by secret_chat#<id> and by "!" name: only their messages and updates come', async () => {
		const sam = env.world.addUser({ firstName: 'Sam' });
		const tina = env.world.addUser({ firstName: 'Tina' });
		const uma = env.world.addUser({ firstName: 'Uma' });
		const vic = env.world.addUser({ firstName: 'Vic' });
		const others = await Promise.all([tina, uma, vic].map((u) => listen(env, u.id, { acceptSecretChats: true }, WITH_DELETES)));
		let samTrigger: Awaited<ReturnType<typeof listen>> | undefined;
		try {
			const [withTina, withUma, withVic] = [await workingChat(env, sam.id, tina.id), await workingChat(env, sam.id, uma.id), await workingChat(env, sam.id, vic.id)];
			samTrigger = await listen(env, sam.id, { onlyPeers: `secret_chat#${withTina}, !_Uma` }, WITH_DELETES);
			const say = async (userId: number, chatId: number, t: string) => expect(await sendText(env, userId, chatId, t)).not.toHaveProperty('error');
			await say(vic.id, withVic, 'from Vic');
			await say(tina.id, withTina, 'from Tina');
			await say(uma.id, withUma, 'from Uma');
			const discard = async (chatId: number) => {
				const run = await env.run(chain([{}], tgl('Discard', 'chat', 'discardSecretChat', { peer: secretPeer(chatId) })), sam.id);
				expect(run.error).toBeUndefined();
			};
			await discard(withVic);
			await discard(withTina);
			const trigger = samTrigger;
			await eventually(() => of(trigger.items(), 'on_secret_chat_update').some((j) => (j.peer as IDataObject).id === withTina), 'the Tina chat deleted');
			await eventually(() => texts(trigger.items()).length >= 2, 'the messages of the chosen chats');
			expect([...texts(trigger.items())].sort()).toEqual(['from Tina', 'from Uma']);
			const updated = of(trigger.items(), 'on_secret_chat_update').map((j) => (j.peer as IDataObject).id);
			expect(updated).toEqual([withTina]);
		} finally {
			await samTrigger?.close();
			for (const t of others) await t.close();
		}
	});

	it('Msg → Load Video Thumb gives the thumbnail another client sent inside a secret video', async () => {
		const wade = env.world.addUser({ firstName: 'Wade' });
		const xena = env.world.addUser({ firstName: 'Xena' });
		const wadeTrigger = await listen(env, wade.id, { acceptSecretChats: true }, WITH_DELETES);
		// Xena: a raw client with the pack's service (another app), its state in a folder of its own.
		const xenaApp = await serviceDevice(env.tg, xena.id);
		const { service, device: other } = xenaApp;
		try {
			const chat = await serviceChat(xenaApp, env.world.user(wade.id)!);
			const clip = randomBytes(2048);
			const thumb = randomBytes(600);
			const secret = newFileSecret();
			const cipher = encryptFile(clip, secret);
			const fileId = bigInt(Date.now());
			await other.client.invoke(new Api.upload.SaveFilePart({ fileId, filePart: 0, bytes: cipher }));
			const input = new Api.InputEncryptedFileUploaded({ id: fileId, parts: 1, md5Checksum: createHash('md5').update(cipher).digest('hex'), keyFingerprint: fileKeyFingerprint(secret) });
			await service.sendFile(
				chat.id,
				{
					message: 'clip',
					media: {
						_: 'document',
						mimeType: 'video/mp4',
						attributes: [{ _: 'video', duration: 2, w: 320, h: 240 }],
						key: secret.key,
						iv: secret.iv,
						size: clip.length,
						thumb,
						thumbW: 90,
						thumbH: 68,
						caption: '',
					},
				},
				input,
			);
			await eventually(() => texts(wadeTrigger.items()).includes('clip'), 'the video on Wade');
			const [msg] = msgs(wadeTrigger.items());
			const run = await env.run(chain([{ msg }], tgl('Load', 'msg', 'loadVideoThumb', { message: '={{ $json.msg }}' })), wade.id);
			expect(run.error).toBeUndefined();
			const [item] = run.output('Load');
			expect(item.json).toMatchObject({ mime_type: 'image/jpeg', size: thumb.length, width: 90, height: 68, msg_id: msg.id });
			expect((await bytesOf(item)).equals(thumb)).toBe(true);
			// The video itself is no photo: the item says so.
			const none = await env.run(chain([{ msg }], tgl('Load', 'msg', 'loadPhoto', { message: '={{ $json.msg }}' }, COF)), wade.id);
			expect(none.output('Load')[0].json.error).toMatch(/not a photo/);
		} finally {
			await xenaApp.stop();
			await wadeTrigger.close();
		}
	});

	it('a secret photo goes out with its width and height read from the image header', async () => {
		const yara = env.world.addUser({ firstName: 'Yara' });
		const zeke = env.world.addUser({ firstName: 'Zeke' });
		const zekeTrigger = await listen(env, zeke.id, { acceptSecretChats: true }, WITH_DELETES);
		try {
			const chatId = await workingChat(env, yara.id, zeke.id);
			// A PNG header (IHDR 640×480) and some bytes: enough for the size, which is all that is read.
			const png = Buffer.alloc(300);
			Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]).copy(png, 0);
			png.write('IHDR', 12, 'latin1');
			png.writeUInt32BE(640, 16);
			png.writeUInt32BE(480, 20);
			expect(await sendFile(env, yara.id, chatId, 'sendPhoto', png)).toMatchObject({ media: { type: 'photo', width: 640, height: 480 } });
			await eventually(() => of(zekeTrigger.items(), 'on_msg_receive').length === 1, 'the photo on Zeke');
			expect(of(zekeTrigger.items(), 'on_msg_receive')[0].msg).toMatchObject({ media: { type: 'photo', width: 640, height: 480, size: png.length } });
		} finally {
			await zekeTrigger.close();
		}
	});
});
