// Secret chats through the nodes, over MTProto, through n8n-core: two accounts each running the
// pack (two credentials, a trigger each). Chat → Create Secret Chat, the trigger's "Accept
// Incoming Secret Chats", on_secret_chat_update on both sides, Peer → Send Message with the
// secret chat as peer, on_msg_receive with the decrypted text, Get History / Search from the
// saved history, Chat → Discard Secret Chat with history deletion.
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { byId, chain, eventually, node, TestEnv, TGL_TRIGGER, tgl, triggered } from '../support/env';
import { byPrintName } from '../support/locators';
import { secretChatsOf as relayOf } from '../telegram/world/secret-chats';
import { clientPool } from '../../nodes/Tgl/transport/client-pool';
import { randomBytes } from 'crypto';
import { bytesOf, COF, createSecretChat, history, listen, loadFile, msgs, of, sendFile, sendTexts, texts, until, whats, workingChat } from './node-pair';

describe('secret chats through the nodes', () => {
	let env: TestEnv;

	beforeAll(async () => {
		env = await TestEnv.start();
	});

	afterAll(async () => {
		await env.stop();
	});

	/** Sends each text with Peer → Send Message, in order, as `userId`; `peer` is the chat id or a locator value. */
	async function send(userId: number, peer: number | ReturnType<typeof byId>, list: string[]) {
		const sent = await sendTexts(env, userId, peer, list);
		expect(sent.filter((i) => i.json.error)).toEqual([]);
		return sent;
	}
	const textsOf = async (userId: number, chatId: number) => (await history(env, userId, chatId)).map((m) => m.text);

	it('creates, accepts, carries three messages each way in order, keeps history, and discards with history', async () => {
		const alice = env.world.addUser({ firstName: 'Alice' });
		const bob = env.world.addUser({ firstName: 'Bob', lastName: 'Stone' });
		const aliceTrigger = await listen(env, alice.id);
		const bobTrigger = await listen(env, bob.id, { acceptSecretChats: true });
		try {
			const created = await createSecretChat(env, alice.id, bob.id);
			expect(created.error).toBeUndefined();
			const peer = created.output('Create')[0].json;
			expect(peer).toMatchObject({ type: 4, type_name: 'secret_chat', state: 'working', user_id: bob.id, name: '!_Bob_Stone', deleted: false });
			const chatId = peer.id as number;
			expect(relayOf(env.world).chat(chatId)).toMatchObject({ adminId: alice.id, participantId: bob.id, state: 'accepted' });

			await eventually(() => of(aliceTrigger.items(), 'on_secret_chat_update').length >= 2, 'working on Alice');
			await eventually(() => of(bobTrigger.items(), 'on_secret_chat_update').length >= 2, 'working on Bob');
			expect(whats(aliceTrigger.items())).toEqual([['created'], ['working']]);
			expect(whats(bobTrigger.items())).toEqual([['created', 'requested'], ['working']]);
			const bobSide = of(bobTrigger.items(), 'on_secret_chat_update')[1].peer as IDataObject;
			expect(bobSide).toMatchObject({ id: chatId, type: 4, state: 'working', user_id: alice.id, name: '!_Alice' });

			// Alice: the Peer object from the create item; Bob: secret_chat#<id>, then the print name.
			const sent = await send(alice.id, byId('={{ ' + JSON.stringify(peer) + ' }}'), ['a1', 'a2', 'a3']);
			expect(sent.map((i) => i.json)).toMatchObject([{ text: 'a1', out: true, dest: { id: chatId, type: 4 } }, { text: 'a2' }, { text: 'a3' }]);
			await send(bob.id, chatId, ['b1', 'b2']);
			await send(bob.id, byPrintName('!_Alice'), ['b3']);

			await eventually(() => texts(bobTrigger.items()).length >= 3, 'three messages on Bob');
			await eventually(() => texts(aliceTrigger.items()).length >= 3, 'three messages on Alice');
			expect(texts(bobTrigger.items())).toEqual(['a1', 'a2', 'a3']);
			expect(texts(aliceTrigger.items())).toEqual(['b1', 'b2', 'b3']);
			const received = of(bobTrigger.items(), 'on_msg_receive')[0].msg as IDataObject;
			expect(received).toMatchObject({ out: false, src: { id: alice.id, type: 1 }, dest: { id: chatId, type: 4, type_name: 'secret_chat' } });
			// Telegram saw only ciphertext: no message of the world holds the texts.
			expect(JSON.stringify(env.world.history(bob.id, { userId: alice.id }))).not.toContain('a1');

			expect((await history(env, alice.id, chatId, 10)).map((m) => [m.text, m.out])).toEqual([
				['b3', false],
				['b2', false],
				['b1', false],
				['a3', true],
				['a2', true],
				['a1', true],
			]);
			const search = await env.run(chain([{}], tgl('Search', 'peer', 'msgSearch', { peer: byId(`secret_chat#${chatId}`), text: 'B2' })), alice.id);
			expect(search.output('Search').map((i) => i.json.text)).toEqual(['b2']);

			// Msg → Delete with Alice's own Msg of "a2": gone here, and (for everyone) on Bob's side.
			const deleted = await env.run(chain([{ msg: sent[1].json }], tgl('Delete', 'msg', 'deleteMsg', { message: '={{ $json.msg }}' })), alice.id);
			expect(deleted.error).toBeUndefined();
			expect(deleted.output('Delete')[0].json).toEqual({ success: true });
			expect(await textsOf(alice.id, chatId)).toEqual(['b3', 'b2', 'b1', 'a3', 'a1']);
			await until(async () => !(await textsOf(bob.id, chatId)).includes('a2'), 'a2 deleted on Bob');
			expect(await textsOf(bob.id, chatId)).toEqual(['b3', 'b2', 'b1', 'a3', 'a1']);

			const discarded = await env.run(
				chain([{}], tgl('Discard', 'chat', 'discardSecretChat', { peer: byId(`secret_chat#${chatId}`), deleteHistory: true })),
				bob.id,
			);
			expect(discarded.error).toBeUndefined();
			expect(discarded.output('Discard')[0].json).toMatchObject({ id: chatId, type: 4, state: 'deleted', deleted: true });
			await eventually(() => whats(aliceTrigger.items()).length >= 3, 'deleted on Alice');
			expect(whats(aliceTrigger.items())[2]).toEqual(['deleted']);
			expect(relayOf(env.world).chat(chatId)).toMatchObject({ state: 'discarded', historyDeleted: true });
			expect(await history(env, alice.id, chatId, 10)).toEqual([]);
			const late = await env.run(chain([{}], tgl('Send', 'peer', 'sendMsg', { peer: byId(`secret_chat#${chatId}`), text: 'too late' }, COF)), alice.id);
			expect(late.output('Send')[0].json.error).toMatch(/secret chat "!_Bob_Stone" is discarded/);
		} finally {
			await aliceTrigger.close();
			await bobTrigger.close();
		}
	});

	it('emits messages saved while no trigger listened once, when a trigger starts', async () => {
		const carol = env.world.addUser({ firstName: 'Carol' });
		const dave = env.world.addUser({ firstName: 'Dave' });
		const daveTrigger = await listen(env, dave.id, { acceptSecretChats: true });
		const chatId = await workingChat(env, carol.id, dave.id);
		await daveTrigger.close();
		// Dave's connection stays open in the pool: his service receives and saves, nobody emits.
		await send(carol.id, chatId, ['while away', 'sentinel']);
		await until(async () => (await history(env, dave.id, chatId)).length === 2, 'saved on Dave');
		const again = await listen(env, dave.id);
		try {
			await eventually(() => texts(again.items()).length >= 2, 'the saved messages');
			expect(texts(again.items())).toEqual(['while away', 'sentinel']);
		} finally {
			await again.close();
		}
		const third = await listen(env, dave.id);
		try {
			// A later message as the sentinel: nothing saved before it comes again.
			await send(carol.id, chatId, ['later']);
			await eventually(() => texts(third.items()).includes('later'), 'the later message');
			expect(texts(third.items())).toEqual(['later']);
		} finally {
			await third.close();
		}
	});

	it('after the connection closed, catches up from the saved qts: messages sent meanwhile come once, in order', async () => {
		const gina = env.world.addUser({ firstName: 'Gina' });
		const hank = env.world.addUser({ firstName: 'Hank' });
		const hankTrigger = await listen(env, hank.id, { acceptSecretChats: true });
		const chatId = await workingChat(env, gina.id, hank.id);
		await send(gina.id, chatId, ['before']);
		await eventually(() => texts(hankTrigger.items()).length === 1, 'the first message on Hank');
		await hankTrigger.close();
		// Every connection closes (as when n8n stops); the state files stay.
		await clientPool.closeAll();
		await send(gina.id, chatId, ['while stopped 1', 'while stopped 2']);
		const calls = env.server.calls.length;
		const again = await listen(env, hank.id);
		try {
			await eventually(() => texts(again.items()).length >= 2, 'the missed messages on Hank');
			expect(texts(again.items())).toEqual(['while stopped 1', 'while stopped 2']);
			expect(env.server.calls.slice(calls).some((c) => c.method === 'updates.GetDifference' && c.userId === hank.id)).toBe(true);
			await send(hank.id, chatId, ['back']);
			await until(async () => (await textsOf(gina.id, chatId)).length === 4, 'the answer on Gina');
			expect(await textsOf(gina.id, chatId)).toEqual(['back', 'while stopped 2', 'while stopped 1', 'before']);
		} finally {
			await again.close();
		}
	});

	it('after a restart, messages saved while no trigger listened come first, then those the catch-up brings, in the order sent', async () => {
		const ivy = env.world.addUser({ firstName: 'Ivy' });
		const jack = env.world.addUser({ firstName: 'Jack' });
		const jackTrigger = await listen(env, jack.id, { acceptSecretChats: true });
		const chatId = await workingChat(env, ivy.id, jack.id);
		await jackTrigger.close();
		// Saved (and acknowledged) by Jack's open connection with no trigger listening…
		await send(ivy.id, chatId, ['saved 1', 'saved 2']);
		await until(async () => (await history(env, jack.id, chatId)).length === 2, 'saved on Jack');
		// …then the connection closes and more come while it is down (the catch-up brings those).
		await clientPool.closeAll();
		await send(ivy.id, chatId, ['missed 1', 'missed 2']);
		const again = await listen(env, jack.id);
		try {
			await eventually(() => texts(again.items()).length >= 4, 'the four messages on Jack');
			expect(texts(again.items())).toEqual(['saved 1', 'saved 2', 'missed 1', 'missed 2']);
		} finally {
			await again.close();
		}
	});

	it('two active workflows on one account both get a secret message, neither marked redelivered', async () => {
		const kim = env.world.addUser({ firstName: 'Kim' });
		const leo = env.world.addUser({ firstName: 'Leo' });
		const first = await listen(env, leo.id, { acceptSecretChats: true });
		const second = await listen(env, leo.id);
		try {
			await send(kim.id, await workingChat(env, kim.id, leo.id), ['hello both']);
			for (const trigger of [first, second]) {
				await eventually(() => texts(trigger.items()).includes('hello both'), 'the message on each trigger');
				expect(of(trigger.items(), 'on_msg_receive').map((j) => j.redelivered ?? false)).toEqual([false]);
			}
		} finally {
			await first.close();
			await second.close();
		}
	});

	it('sends a document and a photo each way, a video and an audio file; Msg → Load and the trigger\'s Download Media give the same bytes back', async () => {
		const ivy = env.world.addUser({ firstName: 'Ivy' });
		const jack = env.world.addUser({ firstName: 'Jack' });
		const ivyTrigger = await listen(env, ivy.id);
		const jackTrigger = await listen(env, jack.id, { acceptSecretChats: true, downloadMedia: true });
		try {
			const chatId = await workingChat(env, ivy.id, jack.id);
			const doc = randomBytes(700 * 1024 + 5); // two upload parts, not a multiple of 16
			const photo = randomBytes(3001);

			expect(await sendFile(env, ivy.id, chatId, 'sendDocument', doc, { caption: 'the report' })).toMatchObject({ text: 'the report', media: { type: 'document', size: doc.length } });
			await sendFile(env, ivy.id, chatId, 'sendPhoto', photo, { caption: '' });
			await sendFile(env, jack.id, chatId, 'sendDocument', photo, { caption: 'back' });
			await sendFile(env, jack.id, chatId, 'sendPhoto', doc, { caption: 'a big one' });
			await eventually(() => msgs(jackTrigger.items()).length >= 2, 'two files on Jack');
			await eventually(() => msgs(ivyTrigger.items()).length >= 2, 'two files on Ivy');
			const [jackDoc, jackPhoto] = msgs(jackTrigger.items());
			expect(jackDoc).toMatchObject({ text: 'the report', media: { type: 'document', size: doc.length }, dest: { id: chatId, type: 4 } });
			expect(jackPhoto).toMatchObject({ text: null, media: { type: 'photo', size: photo.length } });
			// Jack's trigger downloads media: the received items carry the decrypted files.
			const [docItem, photoItem] = jackTrigger.items().filter((i) => i.json.event === 'on_msg_receive');
			expect((await bytesOf(docItem)).equals(doc)).toBe(true);
			expect((await bytesOf(photoItem)).equals(photo)).toBe(true);
			expect(ivyTrigger.items().every((i) => !i.binary)).toBe(true);
			expect((await loadFile(env, jack.id, 'loadDocument', jackDoc)).bytes.equals(doc)).toBe(true);
			expect((await loadFile(env, jack.id, 'loadPhoto', jackPhoto)).bytes.equals(photo)).toBe(true);
			// A video and an audio file: documents with their attributes, loaded back the same.
			const clip = randomBytes(4097);
			await sendFile(env, ivy.id, chatId, 'sendVideo', clip, { caption: 'clip', duration: 7, width: 320, height: 240 });
			await sendFile(env, ivy.id, chatId, 'sendAudio', photo, { caption: '', duration: 3, title: 'Song', performer: 'Band' });
			await eventually(() => msgs(jackTrigger.items()).length >= 4, 'the video and the audio on Jack');
			const [, , jackVideo, jackAudio] = msgs(jackTrigger.items());
			expect(jackVideo).toMatchObject({ text: 'clip', media: { type: 'video', duration: 7, width: 320, height: 240, size: clip.length } });
			expect(jackAudio).toMatchObject({ media: { type: 'audio', duration: 3, title: 'Song', performer: 'Band' } });
			expect((await loadFile(env, jack.id, 'loadVideo', jackVideo)).bytes.equals(clip)).toBe(true);
			expect((await loadFile(env, jack.id, 'loadAudio', jackAudio)).bytes.equals(photo)).toBe(true);
			const [ivyDoc, ivyPhoto] = msgs(ivyTrigger.items());
			expect((await loadFile(env, ivy.id, 'loadDocument', ivyDoc)).bytes.equals(photo)).toBe(true);
			expect((await loadFile(env, ivy.id, 'loadPhoto', ivyPhoto)).bytes.equals(doc)).toBe(true);
		} finally {
			await ivyTrigger.close();
			await jackTrigger.close();
		}
	});

	it('a trigger that only receives messages, started before the account had secret chats, gets those of a chat created later', async () => {
		const kate = env.world.addUser({ firstName: 'Kate' });
		const leo = env.world.addUser({ firstName: 'Leo' });
		const kateTrigger = await env.trigger(
			triggered(node('Kate', TGL_TRIGGER, { events: ['on_msg_receive', 'on_get_difference_end'], options: { includeOutgoing: true } })),
			kate.id,
		);
		const leoTrigger = await listen(env, leo.id, { acceptSecretChats: true });
		try {
			await eventually(() => kateTrigger.items().some((i) => i.json.event === 'on_get_difference_end'), 'start-up');
			const chatId = await workingChat(env, kate.id, leo.id);
			await send(leo.id, chatId, ['hello Kate']);
			await eventually(() => texts(kateTrigger.items()).length === 1, 'the message on Kate');
			expect(of(kateTrigger.items(), 'on_msg_receive')[0].msg).toMatchObject({ text: 'hello Kate', out: false, dest: { id: chatId, type: 4 } });
			// "Include Outgoing Messages": her own answer comes too.
			await send(kate.id, chatId, ['hello Leo']);
			await eventually(() => texts(kateTrigger.items()).length === 2, 'her own message on Kate');
			expect(of(kateTrigger.items(), 'on_msg_receive')[1].msg).toMatchObject({ text: 'hello Leo', out: true });
			await eventually(() => texts(leoTrigger.items()).includes('hello Leo'), 'the answer on Leo');
			expect(texts(leoTrigger.items())).toEqual(['hello Leo']);
		} finally {
			await kateTrigger.close();
			await leoTrigger.close();
		}
	});

	it('refuses other operations on a secret chat with an item error that says why', async () => {
		const erin = env.world.addUser({ firstName: 'Erin' });
		const frank = env.world.addUser({ firstName: 'Frank' });
		const created = await createSecretChat(env, erin.id, frank.id, {});
		const peer = created.output('Create')[0].json;
		expect(peer).toMatchObject({ type: 4, state: 'waiting' });
		const run = await env.run(
			chain(
				[{}, {}],
				tgl('Send', 'peer', 'sendMsg', { peer: byId(`secret_chat#${peer.id}`), text: 'not yet' }, COF),
			),
			erin.id,
		);
		expect(run.output('Send')[0].json.error).toMatch(/still waiting for the other user to accept it/);
		const fwd = await env.run(
			chain([{}], tgl('Poll', 'peer', 'sendPoll', { peer: byId(`secret_chat#${peer.id}`), question: 'Which?', answers: { answer: [{ text: 'a' }, { text: 'b' }] } } as INodeParameters, COF)),
			erin.id,
		);
		expect(fwd.output('Poll')[0].json.error).toMatch(/does not work in secret chats/);
	});
});
