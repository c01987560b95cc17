// Secret chats through the nodes, the edges around the main flow: send options that have no
// meaning there are refused before anything is sent.
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { byId, chain, eventually, node, TestEnv, TGL_TRIGGER, tgl, triggered } from '../support/env';
import { createHash, randomBytes } from 'crypto';
import { mkdtemp } from 'fs/promises';
import { tmpdir } from 'os';
import * as path from 'path';
import bigInt from 'big-integer';
import { Container } from '@n8n/di';
import { BinaryDataService } from 'n8n-core';
import { Api } from 'telegram';
import { Raw } from 'telegram/events';
import { rawClient } from './raw-client';
import { SecretChatService, type SecretServiceState, type StoredMessage, type WhatChanged } from '../../nodes/Tgl/secret/service';
import { StateFile, stateFileName, stateKey } from '../../nodes/Tgl/secret/state-file';
import { encryptFile, fileKeyFingerprint, newFileSecret } from '../../nodes/Tgl/secret';
import { runWorkflow } from '../harness';
import { ATTACH, fileNodeTypes } from '../support/attach-file';

const EVENTS = ['on_secret_chat_update', 'on_msg_receive', 'on_msg_delete', 'on_get_difference_end'];
const COF = { onError: 'continueRegularOutput' as const };

describe('secret chats through the nodes: options and events', () => {
	let env: TestEnv;

	beforeAll(async () => {
		env = await TestEnv.start();
	});

	afterAll(async () => {
		await env.stop();
	});

	async function listen(userId: number, options: INodeParameters = {}, events = EVENTS) {
		const trigger = await env.trigger(triggered(node(`Trigger ${userId}`, TGL_TRIGGER, { events, options })), userId);
		await eventually(() => trigger.items().some((i) => i.json.event === 'on_get_difference_end'), 'start-up');
		return trigger;
	}

	const of = (items: INodeExecutionData[], event: string) => items.map((i) => i.json).filter((j) => j.event === event);
	const texts = (items: INodeExecutionData[]) => of(items, 'on_msg_receive').map((j) => (j.msg as IDataObject).text);
	const userRef = (id: number) => ({ id, type: 1, access_hash: env.world.user(id)!.accessHash.toString() });

	/** A working secret chat from `adminId` to `otherId` (whose trigger accepts it); its id. */
	async function working(adminId: number, otherId: number): Promise<number> {
		const created = await env.run(
			chain([{ who: userRef(otherId) }], tgl('Create', 'chat', 'createSecretChat', { peer: byId('={{ $json.who }}'), options: { waitForAcceptance: true, waitSeconds: 20 } })),
			adminId,
		);
		expect(created.error).toBeUndefined();
		expect(created.output('Create')[0].json).toMatchObject({ type: 4, state: 'working' });
		return created.output('Create')[0].json.id as number;
	}

	it('refuses Schedule At and Silent in a secret chat with an item error naming the option, and sends nothing', async () => {
		const olga = env.world.addUser({ firstName: 'Olga' });
		const pete = env.world.addUser({ firstName: 'Pete' });
		const peteTrigger = await listen(pete.id, { acceptSecretChats: true });
		try {
			const chatId = await working(olga.id, pete.id);
			const peer = byId(`secret_chat#${chatId}`);
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
			const ok = await env.run(chain([{}], tgl('Send', 'peer', 'sendMsg', { peer, text: 'sentinel' })), olga.id);
			expect(ok.error).toBeUndefined();
			await eventually(() => texts(peteTrigger.items()).includes('sentinel'), 'the sentinel on Pete');
			expect(texts(peteTrigger.items())).toEqual(['sentinel']);
		} finally {
			await peteTrigger.close();
		}
	});

	it('a deletion in a secret chat raises on_msg_delete with the secret chat Peer, on both sides', async () => {
		const quinn = env.world.addUser({ firstName: 'Quinn' });
		const rosa = env.world.addUser({ firstName: 'Rosa' });
		const quinnTrigger = await listen(quinn.id);
		const rosaTrigger = await listen(rosa.id, { acceptSecretChats: true });
		try {
			const chatId = await working(quinn.id, rosa.id);
			const peer = byId(`secret_chat#${chatId}`);
			const sent = await env.run(chain([{ t: 'one' }, { t: 'two' }], tgl('Send', 'peer', 'sendMsg', { peer, text: '={{ $json.t }}' })), quinn.id);
			expect(sent.error).toBeUndefined();
			await eventually(() => texts(rosaTrigger.items()).length === 2, 'two messages on Rosa');
			const [rosaOne] = of(rosaTrigger.items(), 'on_msg_receive').map((j) => j.msg as IDataObject);
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
		const others = await Promise.all([tina, uma, vic].map((u) => listen(u.id, { acceptSecretChats: true })));
		let samTrigger: Awaited<ReturnType<typeof listen>> | undefined;
		try {
			const [withTina, withUma, withVic] = [await working(sam.id, tina.id), await working(sam.id, uma.id), await working(sam.id, vic.id)];
			samTrigger = await listen(sam.id, { onlyPeers: `secret_chat#${withTina}, !_Uma` });
			const say = async (userId: number, chatId: number, t: string) => {
				const run = await env.run(chain([{}], tgl('Send', 'peer', 'sendMsg', { peer: byId(`secret_chat#${chatId}`), text: t })), userId);
				expect(run.error).toBeUndefined();
			};
			await say(vic.id, withVic, 'from Vic');
			await say(tina.id, withTina, 'from Tina');
			await say(uma.id, withUma, 'from Uma');
			const discard = async (chatId: number) => {
				const run = await env.run(chain([{}], tgl('Discard', 'chat', 'discardSecretChat', { peer: byId(`secret_chat#${chatId}`) })), sam.id);
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
		const wadeTrigger = await listen(wade.id, { acceptSecretChats: true });
		// Xena: a raw client with the pack's service (another app), its state in a folder of its own.
		const other = await rawClient(env.tg, xena.id);
		const authKey = other.client.session.getAuthKey()!.getKey()!;
		const dir = await mkdtemp(path.join(tmpdir(), 'tgl-xena-'));
		const changes: WhatChanged[][] = [];
		const service = new SecretChatService(other.client, new StateFile<SecretServiceState>(path.join(dir, stateFileName(authKey)), stateKey(authKey)), {}, {
			chatUpdate: (_c, what) => void changes.push(what),
			message: (_c, _m: StoredMessage) => undefined,
		});
		try {
			await service.start();
			other.client.addEventHandler((update: Api.TypeUpdate) => void service.handleUpdate(update), new Raw({}));
			const chat = await service.create(new Api.InputUser({ userId: bigInt(wade.id), accessHash: env.world.user(wade.id)!.accessHash }), wade.id);
			await eventually(() => changes.some((w) => w.includes('working')), 'the chat accepted by the trigger');
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
			const msg = of(wadeTrigger.items(), 'on_msg_receive')[0].msg as IDataObject;
			const run = await env.run(chain([{ msg }], tgl('Load', 'msg', 'loadVideoThumb', { message: '={{ $json.msg }}' })), wade.id);
			expect(run.error).toBeUndefined();
			const [item] = run.output('Load');
			expect(item.json).toMatchObject({ mime_type: 'image/jpeg', size: thumb.length, width: 90, height: 68, msg_id: msg.id });
			expect((await Container.get(BinaryDataService).getAsBuffer(item.binary!.data)).equals(thumb)).toBe(true);
			// The video itself is no photo: the item says so.
			const none = await env.run(chain([{ msg }], tgl('Load', 'msg', 'loadPhoto', { message: '={{ $json.msg }}' }, COF)), wade.id);
			expect(none.output('Load')[0].json.error).toMatch(/not a photo/);
		} finally {
			await service.stop();
			await other.client.destroy();
			await wadeTrigger.close();
		}
	});

	it('a secret photo goes out with its width and height read from the image header', async () => {
		const yara = env.world.addUser({ firstName: 'Yara' });
		const zeke = env.world.addUser({ firstName: 'Zeke' });
		const zekeTrigger = await listen(zeke.id, { acceptSecretChats: true });
		try {
			const chatId = await working(yara.id, zeke.id);
			// A PNG header (IHDR 640×480) and some bytes: enough for the size, which is all that is read.
			const png = Buffer.alloc(300);
			Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]).copy(png, 0);
			png.write('IHDR', 12, 'latin1');
			png.writeUInt32BE(640, 16);
			png.writeUInt32BE(480, 20);
			const run = await runWorkflow(
				chain(
					[{ b64: png.toString('base64') }],
					node('Attach', ATTACH, { base64: '={{ $json.b64 }}' }),
					tgl('Send', 'peer', 'sendPhoto', { peer: byId(`secret_chat#${chatId}`) }),
				),
				{ nodeTypes: fileNodeTypes, credentials: await env.credentials(yara.id) },
			);
			expect(run.error).toBeUndefined();
			expect(run.output('Send')[0].json).toMatchObject({ media: { type: 'photo', width: 640, height: 480 } });
			await eventually(() => of(zekeTrigger.items(), 'on_msg_receive').length === 1, 'the photo on Zeke');
			expect(of(zekeTrigger.items(), 'on_msg_receive')[0].msg).toMatchObject({ media: { type: 'photo', width: 640, height: 480, size: png.length } });
		} finally {
			await zekeTrigger.close();
		}
	});
});
