// Secret-chat service messages and self-destruct timers through the nodes (n8n-core, two accounts
// through the loopback): the peer's user-visible actions come as tgl service Msgs, messages with
// a timer leave the saved history after their time (also across a restart), Peer → Set
// Self-Destruct Timer, and Peer → Cancel Typing as decryptedMessageActionTyping(cancel).
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import bigInt from 'big-integer';
import { Api } from 'telegram';
import { byId, chain, eventually, TestEnv, tgl } from '../support/env';
import { serviceDevice, workingChat as serviceChat } from './service-device';
import { COF, history as historyOf, listen, msgs, of, secretPeer, sendText, texts, until, userRef, WITH_DELETES, workingChat } from './node-pair';
import { clientPool } from '../../nodes/Tgl/transport/client-pool';
import { MSG_FLAGS } from '../../nodes/Tgl/tgl/constants';

describe('secret chats through the nodes: service messages and self-destruct timers', () => {
	let env: TestEnv;

	beforeAll(async () => {
		env = await TestEnv.start();
	});

	afterAll(async () => {
		await env.stop();
	});

	const send = (userId: number, chatId: number, text: string, options: IDataObject = {}) => sendText(env, userId, chatId, text, options);
	const history = (userId: number, chatId: number) => historyOf(env, userId, chatId);

	/** Another app (a raw client running the pack's service) as the other end; it creates the chat. */
	async function otherApp(userId: number, withUserId: number) {
		const app = await serviceDevice(env.tg, userId);
		const chat = await serviceChat(app, env.world.user(withUserId)!);
		return { ...app, chatId: chat.id, client: app.device.client, received: app.messages, close: app.stop };
	}

	it("the peer's setMessageTTL, readMessages, screenshotMessages, deleteMessages and flushHistory come as service Msgs with tgl's actions; protocol actions do not", async () => {
		const wade = env.world.addUser({ firstName: 'Wade' });
		const xena = env.world.addUser({ firstName: 'Xena' });
		const wadeTrigger = await listen(env, wade.id, { acceptSecretChats: true, includeOutgoing: false }, WITH_DELETES);
		const xenaApp = await otherApp(xena.id, wade.id);
		try {
			const chatId = xenaApp.chatId;
			const one = await xenaApp.service.sendText(chatId, 'one');
			await xenaApp.service.sendText(chatId, 'two');
			const mine = await send(wade.id, chatId, 'from Wade');
			await eventually(() => xenaApp.received.some((m) => m.message._ === 'message' && m.message.message === 'from Wade'), 'Wade’s message on Xena');
			const wadeMsgOnXena = xenaApp.received.find((m) => m.message._ === 'message' && m.message.message === 'from Wade')!;
			await eventually(() => texts(wadeTrigger.items()).includes('two'), 'the texts on Wade');
			const [wadeOne] = msgs(wadeTrigger.items());
			await xenaApp.service.sendAction(chatId, { _: 'setMessageTTL', ttlSeconds: 5 });
			await xenaApp.service.sendAction(chatId, { _: 'readMessages', randomIds: [wadeMsgOnXena.randomId] });
			await xenaApp.service.sendAction(chatId, { _: 'screenshotMessages', randomIds: [wadeMsgOnXena.randomId] });
			await xenaApp.service.sendAction(chatId, { _: 'typing', action: 'typing' });
			await xenaApp.service.sendAction(chatId, { _: 'noop' });
			await xenaApp.service.sendAction(chatId, { _: 'deleteMessages', randomIds: [one.randomId] });
			// (Xena's chat now has a 5 s timer: her sentinels turn it off for themselves.)
			await xenaApp.service.send(chatId, { message: 'before flush', ttl: 0 });
			await eventually(() => texts(wadeTrigger.items()).includes('before flush'), 'the sentinel before the flush');
			const services = msgs(wadeTrigger.items()).filter((m) => m.service);
			const chatPeer = { id: chatId, type: 4, type_name: 'secret_chat' };
			expect(services.map((m) => [m.action, m.action_details])).toEqual([
				[10, { ttl: 5 }],
				[11, { message_ids: [mine.id] }],
				[13, { message_ids: [mine.id] }],
				[12, { message_ids: [wadeOne.id] }],
			]);
			for (const m of services) {
				expect(m).toMatchObject({ service: true, out: false, text: null, media: null, dest: chatPeer, src: { id: xena.id, type: 1 } });
				expect((m.flags as number) & (MSG_FLAGS.ENCRYPTED | MSG_FLAGS.SERVICE)).toBe(MSG_FLAGS.ENCRYPTED | MSG_FLAGS.SERVICE);
			}
			expect(services[0].action_type).toBe('decryptedMessageActionSetMessageTTL');
			// The deletion also raised on_msg_delete (both fire).
			expect(of(wadeTrigger.items(), 'on_msg_delete')).toEqual([expect.objectContaining({ ids: [wadeOne.id], peer: expect.objectContaining(chatPeer) })]);
			// Get History shows the timer and screenshot notices in order with the others, newest first
			// (read receipts and deletions leave no message, as in the apps); search only finds texts.
			const kept = (await history(wade.id, chatId)).map((m) => (m.service ? m.action : m.text));
			expect(kept).toEqual(['before flush', 13, 10, 'from Wade', 'two']);
			expect((await history(wade.id, chatId)).find((m) => m.action === 13)).toMatchObject({ action_details: { message_ids: [mine.id] } });
			const search = await env.run(chain([{}], tgl('Search', 'peer', 'msgSearch', { peer: secretPeer(chatId), text: 'o' })), wade.id);
			expect(search.output('Search').map((i) => i.json.text)).toEqual(['before flush', 'from Wade', 'two']);
			// The flush clears Wade's saved history.
			await xenaApp.service.sendAction(chatId, { _: 'flushHistory' });
			await xenaApp.service.send(chatId, { message: 'after flush', ttl: 0 });
			await eventually(() => texts(wadeTrigger.items()).includes('after flush'), 'the sentinel after the flush');
			expect(msgs(wadeTrigger.items()).filter((m) => m.service).map((m) => m.action)).toEqual([10, 11, 13, 12, 14]);
			expect((await history(wade.id, chatId)).map((m) => (m.service ? m.action : m.text))).toEqual(['after flush']);
			// Each service Msg has an id of its own, after those before it.
			const ids = msgs(wadeTrigger.items()).map((m) => m.id as number);
			expect([...ids].sort((a, b) => a - b)).toEqual(ids);
			expect(new Set(ids).size).toBe(ids.length);
			// The chat's timer set by Xena applies to Wade's next message (as the apps do).
			expect(await send(wade.id, chatId, 'timed by the chat')).toMatchObject({ ttl: 5 });
			// Cancel Typing reaches Xena as decryptedMessageActionTyping(cancel).
			const cancel = await env.run(chain([{}], tgl('Cancel', 'peer', 'sendTypingAbort', { peer: secretPeer(chatId) })), wade.id);
			expect(cancel.error).toBeUndefined();
			await eventually(() => xenaApp.typing.includes('cancel'), 'the typing cancel on Xena');
		} finally {
			await xenaApp.close();
			await wadeTrigger.close();
		}
	});

	it('a timed message handed to the trigger sends a read receipt: the sender sees readMessages, its copy counts down from then, both histories lose it', async () => {
		const yara = env.world.addUser({ firstName: 'Yara' });
		const zeke = env.world.addUser({ firstName: 'Zeke' });
		const yaraTrigger = await listen(env, yara.id, {}, WITH_DELETES);
		const zekeTrigger = await listen(env, zeke.id, { acceptSecretChats: true }, WITH_DELETES);
		try {
			const chatId = await workingChat(env, yara.id, zeke.id);
			const timed = await send(yara.id, chatId, 'burn after reading', { selfDestructSeconds: 3 });
			expect(timed).toMatchObject({ text: 'burn after reading', ttl: 3 });
			await send(yara.id, chatId, 'stays');
			await eventually(() => texts(zekeTrigger.items()).includes('stays'), 'both messages on Zeke');
			const received = msgs(zekeTrigger.items()).find((m) => m.text === 'burn after reading')!;
			expect(received).toMatchObject({ ttl: 3 });
			expect(msgs(zekeTrigger.items()).find((m) => m.text === 'stays')).not.toHaveProperty('ttl');
			// Zeke's trigger had it: Yara hears it was read (decryptedMessageActionReadMessages), for the timed one only.
			await eventually(() => msgs(yaraTrigger.items()).some((m) => m.action === 11), 'the read receipt on Yara', 20_000);
			await eventually(() => of(zekeTrigger.items(), 'on_msg_delete').length === 1, 'the self-destruct on Zeke', 20_000);
			expect(of(zekeTrigger.items(), 'on_msg_delete')[0]).toMatchObject({ ids: [received.id], peer: { id: chatId, type: 4 } });
			expect((await history(zeke.id, chatId)).map((m) => m.text)).toEqual(['stays']);
			// Yara's own copy goes too, counted from the reading: after the receipt.
			await eventually(() => of(yaraTrigger.items(), 'on_msg_delete').length === 1, 'the self-destruct on Yara', 20_000);
			const events = yaraTrigger.items().map((i) => i.json);
			const receipt = events.findIndex((j) => j.event === 'on_msg_receive' && (j.msg as IDataObject).action === 11);
			expect(receipt).toBeLessThan(events.findIndex((j) => j.event === 'on_msg_delete'));
			expect(events[receipt].msg).toMatchObject({ service: true, action_details: { message_ids: [timed.id] }, src: { id: zeke.id } });
			expect(of(yaraTrigger.items(), 'on_msg_delete')[0]).toMatchObject({ ids: [timed.id] });
			expect((await history(yara.id, chatId)).map((m) => m.text)).toEqual(['stays']);
			// No receipt for the message without a timer: a later sentinel from Zeke finds still one.
			await send(zeke.id, chatId, 'sentinel from Zeke');
			await eventually(() => texts(yaraTrigger.items()).includes('sentinel from Zeke'), 'the sentinel on Yara');
			expect(msgs(yaraTrigger.items()).filter((m) => m.action === 11)).toHaveLength(1);
			// Into a cloud chat the option is refused, naming it, and nothing is sent.
			const calls = env.server.calls.length;
			const cloud = await env.run(
				chain([{ who: userRef(env, zeke.id) }], tgl('Cloud', 'peer', 'sendMsg', { peer: byId('={{ $json.who }}'), text: 'lasting?', options: { selfDestructSeconds: 5 } }, COF)),
				yara.id,
			);
			expect(cloud.output('Cloud')[0].json.error).toMatch(/Self-Destruct Timer \(Seconds\) works only in secret chats/);
			expect(env.server.calls.slice(calls).filter((c) => c.method === 'messages.SendMessage')).toEqual([]);
		} finally {
			await yaraTrigger.close();
			await zekeTrigger.close();
		}
	});

	it('Peer → Mark as Read sends the read receipt for the timed messages only; both copies then go', async () => {
		const finn = env.world.addUser({ firstName: 'Finn' });
		const gwen = env.world.addUser({ firstName: 'Gwen' });
		const finnTrigger = await listen(env, finn.id, {}, WITH_DELETES);
		// Gwen's trigger accepts the chat but takes no messages: nothing is handed over until she reads.
		const gwenTrigger = await listen(env, gwen.id, { acceptSecretChats: true }, ['on_secret_chat_update', 'on_get_difference_end']);
		try {
			const chatId = await workingChat(env, finn.id, gwen.id);
			const timed = await send(finn.id, chatId, 'read me, then burn', { selfDestructSeconds: 3 });
			await send(finn.id, chatId, 'plain');
			await until(async () => (await history(gwen.id, chatId)).length >= 2, 'the messages on Gwen', 101);
			const read = await env.run(chain([{}], tgl('Read', 'peer', 'markRead', { peer: secretPeer(chatId) })), gwen.id);
			expect(read.error).toBeUndefined();
			await eventually(() => msgs(finnTrigger.items()).some((m) => m.action === 11), 'the read receipt on Finn', 20_000);
			expect(msgs(finnTrigger.items()).filter((m) => m.action === 11)).toEqual([expect.objectContaining({ action_details: { message_ids: [timed.id] } })]);
			await eventually(() => of(finnTrigger.items(), 'on_msg_delete').length === 1, 'the self-destruct on Finn', 20_000);
			expect(of(finnTrigger.items(), 'on_msg_delete')[0]).toMatchObject({ ids: [timed.id] });
			expect((await history(finn.id, chatId)).map((m) => m.text)).toEqual(['plain']);
			await until(async () => (await history(gwen.id, chatId)).length <= 1, 'the timed message gone on Gwen', 201);
			expect((await history(gwen.id, chatId)).map((m) => m.text)).toEqual(['plain']);
		} finally {
			await finnTrigger.close();
			await gwenTrigger.close();
		}
	});

	it('without a read receipt our timed copy stays past its time; the peer reading the history (readEncryptedHistory) starts its countdown', async () => {
		const hal = env.world.addUser({ firstName: 'Hal' });
		const ida = env.world.addUser({ firstName: 'Ida' });
		const halTrigger = await listen(env, hal.id, { acceptSecretChats: true }, WITH_DELETES);
		// Ida's other app never sends read receipts (nothing here hands its messages over).
		const idaApp = await otherApp(ida.id, hal.id);
		try {
			const chatId = idaApp.chatId;
			const ttl = 2;
			const timed = await send(hal.id, chatId, 'unread for now', { selfDestructSeconds: ttl });
			await eventually(() => idaApp.received.some((m) => m.message._ === 'message' && m.message.message === 'unread for now'), 'the message on Ida');
			// Well past the time counted from the send: no receipt came, so Hal's copy is still there.
			await new Promise((r) => setTimeout(r, ttl * 1000 + 1500));
			expect((await history(hal.id, chatId)).map((m) => m.text)).toEqual(['unread for now']);
			expect(of(halTrigger.items(), 'on_msg_delete')).toEqual([]);
			// Ida's app marks the chat read (as the apps do when it is opened): the countdown starts now.
			const record = idaApp.service.chatById(chatId)!;
			const peer = new Api.InputEncryptedChat({ chatId, accessHash: bigInt(record.accessHash.toString()) });
			await idaApp.client.invoke(new Api.messages.ReadEncryptedHistory({ peer, maxDate: Math.max(...record.history.map((m) => m.date)) }));
			await eventually(() => of(halTrigger.items(), 'on_msg_delete').length === 1, 'the self-destruct on Hal', 20_000);
			expect(of(halTrigger.items(), 'on_msg_delete')[0]).toMatchObject({ ids: [timed.id], peer: { id: chatId, type: 4 } });
			expect(await history(hal.id, chatId)).toEqual([]);
		} finally {
			await idaApp.close();
			await halTrigger.close();
		}
	});

	it('a self-destruct deadline survives a restart: the message is gone when the trigger starts again, its deletion emitted once', async () => {
		const ada = env.world.addUser({ firstName: 'Ada' });
		const bo = env.world.addUser({ firstName: 'Bo' });
		const boTrigger = await listen(env, bo.id, { acceptSecretChats: true }, WITH_DELETES);
		const chatId = await workingChat(env, ada.id, bo.id);
		// Long enough to close everything before it runs out, even on a loaded machine.
		const ttl = 10;
		await send(ada.id, chatId, 'short-lived', { selfDestructSeconds: ttl });
		await eventually(() => texts(boTrigger.items()).includes('short-lived'), 'the timed message on Bo');
		const handedAt = Date.now();
		const received = msgs(boTrigger.items())[0];
		await boTrigger.close();
		await clientPool.closeAll();
		// Nothing runs for Bo now; wait until its deadline has passed.
		await new Promise((r) => setTimeout(r, Math.max(0, handedAt + ttl * 1000 + 500 - Date.now())));
		const again = await listen(env, bo.id, {}, WITH_DELETES);
		try {
			await eventually(() => of(again.items(), 'on_msg_delete').length === 1, 'the overdue deletion');
			expect(of(again.items(), 'on_msg_delete')[0]).toMatchObject({ ids: [received.id], peer: { id: chatId, type: 4 } });
			expect(await history(bo.id, chatId)).toEqual([]);
			await send(ada.id, chatId, 'sentinel');
			await eventually(() => texts(again.items()).includes('sentinel'), 'the sentinel');
			expect(of(again.items(), 'on_msg_delete')).toHaveLength(1);
			expect(texts(again.items())).toEqual(['sentinel']);
		} finally {
			await again.close();
		}
	});

	it('Peer → Set Self-Destruct Timer sets the chat timer on both sides (0 turns it off) and refuses bad values and cloud chats', async () => {
		const cy = env.world.addUser({ firstName: 'Cy' });
		const di = env.world.addUser({ firstName: 'Di' });
		const diTrigger = await listen(env, di.id, { acceptSecretChats: true }, WITH_DELETES);
		try {
			const chatId = await workingChat(env, cy.id, di.id);
			const peer = secretPeer(chatId);
			const set = await env.run(chain([{ s: 7 }, { s: -1 }], tgl('Timer', 'peer', 'setSelfDestructTimer', { peer, seconds: '={{ $json.s }}' } as INodeParameters, COF)), cy.id);
			const [ok, bad] = set.output('Timer').map((i) => i.json);
			expect(ok).toMatchObject({ id: chatId, type: 4, state: 'working' });
			expect(bad.error).toMatch(/Self-Destruct Timer -1 is not a whole number of seconds/);
			await eventually(() => msgs(diTrigger.items()).some((m) => m.action === 10), 'the timer on Di');
			expect(msgs(diTrigger.items()).filter((m) => m.service)).toEqual([expect.objectContaining({ action: 10, action_details: { ttl: 7 }, src: expect.objectContaining({ id: cy.id }) })]);
			// Messages sent from now on take it, from either side; an explicit option wins.
			expect(await send(cy.id, chatId, 'timed')).toMatchObject({ ttl: 7 });
			expect(await send(di.id, chatId, 'timed too')).toMatchObject({ ttl: 7 });
			expect(await send(cy.id, chatId, 'untimed', { selfDestructSeconds: 0 })).not.toHaveProperty('ttl');
			// Cy's own history shows the timer he set.
			expect((await history(cy.id, chatId)).some((m) => m.service && m.action === 10 && m.out)).toBe(true);
			const off = await env.run(chain([{}], tgl('Timer', 'peer', 'setSelfDestructTimer', { peer, seconds: 0 })), cy.id);
			expect(off.error).toBeUndefined();
			expect(await send(cy.id, chatId, 'lasting')).not.toHaveProperty('ttl');
			const cloud = await env.run(chain([{ who: userRef(env, di.id) }], tgl('Timer', 'peer', 'setSelfDestructTimer', { peer: byId('={{ $json.who }}'), seconds: 5 }, COF)), cy.id);
			expect(cloud.output('Timer')[0].json.error).toMatch(/works only in secret chats/);
		} finally {
			await diTrigger.close();
		}
	});
});
