// The seven tgl events through n8n's trigger path, over MTProto, caused on the loopback server.
import bigInt from 'big-integer';
import { Api } from 'telegram';
import { eventually, node, TestEnv, TGL_TRIGGER, triggered } from '../support/env';

const ALL = ['on_msg_receive', 'on_user_update', 'on_chat_update', 'on_secret_chat_update', 'on_our_id', 'on_binlog_replay_end', 'on_get_difference_end'];

describe('trigger events', () => {
	let env: TestEnv;

	beforeAll(async () => {
		env = await TestEnv.start();
	});

	afterAll(async () => {
		await env.stop();
	});

	async function listen(userId: number, events: string[], options = {}) {
		const trigger = await env.trigger(triggered(node('Trigger', TGL_TRIGGER, { events, options })), userId);
		await eventually(() => trigger.items().some((i) => i.json.event === 'on_get_difference_end') || !events.includes('on_get_difference_end'), 'start-up');
		await eventually(() => env.server.calls.some((c) => c.method === 'updates.GetState' && c.userId === userId), 'engine start');
		return trigger;
	}

	const events = (items: { json: Record<string, unknown> }[]) => items.map((i) => i.json.event);

	it('emits the start-up sequence once: binlog replay end, our id, difference end', async () => {
		const alice = env.world.addUser({ firstName: 'Alice' });
		const trigger = await listen(alice.id, ALL);
		try {
			expect(events(trigger.items())).toEqual(['on_binlog_replay_end', 'on_our_id', 'on_get_difference_end']);
			expect(trigger.items()[1].json).toEqual({ event: 'on_our_id', our_id: alice.id });
			expect(trigger.emits).toHaveLength(3);
		} finally {
			await trigger.close();
		}
	});

	it('on_msg_receive for private, group and supergroup messages; outgoing only when asked', async () => {
		const alice = env.world.addUser({ firstName: 'Alice', username: 'alice_ev' });
		const bob = env.world.addUser({ firstName: 'Bob' });
		const group = env.world.createGroup(bob.id, 'Garden', [alice.id]);
		const sg = env.world.createChannel(bob.id, 'Square', { megagroup: true, memberIds: [alice.id] });
		const trigger = await listen(alice.id, ['on_msg_receive']);
		try {
			env.world.sendMessage(bob.id, { userId: alice.id }, 'private');
			env.world.sendMessage(bob.id, { chatId: group.id }, 'group');
			env.world.sendMessage(bob.id, { channelId: sg.id }, 'super');
			env.world.sendMessage(alice.id, { userId: bob.id }, 'mine (from another device)');
			// An emit for the outgoing one would come before this later private message (the
			// supergroup's own sequence may go either side of it).
			env.world.sendMessage(bob.id, { userId: alice.id }, 'sentinel');
			const seen = () => trigger.items().map((i) => (i.json.msg as Record<string, any>).text);
			await eventually(() => seen().includes('sentinel') && seen().includes('super'), 'the sentinel and the supergroup message');
			const items = trigger.items().filter((i) => (i.json.msg as Record<string, any>).text !== 'sentinel');
			const msgs = items.map((i) => i.json.msg as Record<string, any>);
			expect(msgs.map((m) => m.text)).toEqual(['private', 'group', 'super']);
			expect(msgs[1].dest).toMatchObject({ type_name: 'chat', id: group.id, title: 'Garden' });
			expect(msgs[2].dest).toMatchObject({ type_name: 'channel', id: sg.id, megagroup: true });
			expect(items[0].json.msg).toMatchObject({ src: { id: bob.id }, dest: { id: alice.id }, out: false });
		} finally {
			await trigger.close();
		}
		const withOut = await listen(alice.id, ['on_msg_receive'], { includeOutgoing: true });
		try {
			env.world.sendMessage(alice.id, { userId: bob.id }, 'mine again');
			const [item] = await withOut.waitForItems(1);
			expect(item.json.msg).toMatchObject({ text: 'mine again', out: true, src: { id: alice.id }, dest: { id: bob.id } });
		} finally {
			await withOut.close();
		}
	});

	it('on_user_update: first sight (created), name, username, status, blocked', async () => {
		const alice = env.world.addUser({ firstName: 'Alice' });
		const bob = env.world.addUser({ firstName: 'Bob', username: 'bob_evts' });
		env.world.addContact(alice.id, bob.id);
		const trigger = await listen(alice.id, ['on_user_update']);
		try {
			env.world.sendMessage(bob.id, { userId: alice.id }, 'hello');
			const [created] = await trigger.waitForItems(1);
			expect(created.json).toMatchObject({ event: 'on_user_update', peer: { id: bob.id, first_name: 'Bob' } });
			expect(created.json.what_changed).toEqual(expect.arrayContaining(['created', 'real_name', 'name', 'username']));
			expect((created.json.what_changed as string[])[0]).toBe('created');

			env.world.setUserName(bob.id, 'Robert', 'Builder');
			const [, renamed] = await trigger.waitForItems(2);
			expect(renamed.json).toMatchObject({ peer: { id: bob.id, first_name: 'Robert', last_name: 'Builder', name: 'Robert_Builder' } });
			expect(renamed.json.what_changed).toEqual(['real_name', 'name']);

			env.world.setUsername(bob.id, 'robert_b');
			const [, , user] = await trigger.waitForItems(3);
			expect(user.json.what_changed).toEqual(['username']);
			expect(user.json.peer).toMatchObject({ username: 'robert_b' });

			env.world.setStatus(bob.id, true);
			const [, , , status] = await trigger.waitForItems(4);
			expect(status.json.what_changed).toEqual(['status']);
			expect((status.json.peer as any).user_status).toMatchObject({ online: true, status: 'online' });

			env.world.block(alice.id, bob.id, true);
			const [, , , , blocked] = await trigger.waitForItems(5);
			expect(blocked.json.what_changed).toEqual(['blocked']);
			expect(blocked.json.peer).toMatchObject({ blocked: true });
		} finally {
			await trigger.close();
		}
	});

	it('on_chat_update: title, members added and removed, from service messages and participant updates', async () => {
		const alice = env.world.addUser({ firstName: 'Alice' });
		const bob = env.world.addUser({ firstName: 'Bob' });
		const carol = env.world.addUser({ firstName: 'Carol' });
		const group = env.world.createGroup(alice.id, 'Club', [bob.id]);
		const trigger = await listen(alice.id, ['on_chat_update']);
		try {
			env.world.renameChat(group.id, 'Book Club', bob.id);
			const titled = (await trigger.waitForItems(1)).find((i) => (i.json.what_changed as string[]).includes('title'))!;
			expect(titled.json).toMatchObject({ event: 'on_chat_update', peer: { id: group.id, type_name: 'chat', title: 'Book Club', name: 'Book_Club' } });
			expect(titled.json.what_changed).toEqual(expect.arrayContaining(['name', 'title']));

			const before = trigger.items().length;
			env.world.addChatMember(group.id, carol.id, alice.id);
			await eventually(() => trigger.items().slice(before).some((i) => (i.json.what_changed as string[]).includes('members')), 'members');
			const added = trigger.items().slice(before).find((i) => (i.json.what_changed as string[]).includes('members'))!;
			expect(added.json.peer).toMatchObject({ id: group.id });
			expect((added.json.peer as any).user_list).toEqual(expect.arrayContaining([alice.id, bob.id, carol.id]));

			const before2 = trigger.items().length;
			env.world.removeChatMember(group.id, carol.id, alice.id);
			await eventually(() => trigger.items().slice(before2).some((i) => (i.json.what_changed as string[]).includes('members')), 'members removed');
		} finally {
			await trigger.close();
		}
	});

	it('on_secret_chat_update: the states the server reports (requested, then discarded)', async () => {
		const alice = env.world.addUser({ firstName: 'Alice' });
		const bob = env.world.addUser({ firstName: 'Bob' });
		const trigger = await listen(alice.id, ['on_secret_chat_update']);
		try {
			const now = Math.floor(Date.now() / 1000);
			const requested = new Api.EncryptedChatRequested({
				id: 77,
				accessHash: bigInt(5),
				date: now,
				adminId: bigInt(bob.id),
				participantId: bigInt(alice.id),
				gA: Buffer.alloc(256, 1),
			});
			env.server.pushToUser(alice.id, new Api.UpdateShort({ update: new Api.UpdateEncryption({ chat: requested, date: now }), date: now }));
			const [first] = await trigger.waitForItems(1);
			expect(first.json).toMatchObject({ event: 'on_secret_chat_update', peer: { id: 77, type_name: 'secret_chat', type: 4 } });
			expect(first.json.what_changed).toContain('requested');
			env.server.pushToUser(
				alice.id,
				new Api.UpdateShort({ update: new Api.UpdateEncryption({ chat: new Api.EncryptedChatDiscarded({ id: 77 }), date: now }), date: now }),
			);
			const [, second] = await trigger.waitForItems(2);
			expect(second.json.what_changed).toContain('deleted');
		} finally {
			await trigger.close();
		}
	});

	it('only emits for the chats it is limited to', async () => {
		const alice = env.world.addUser({ firstName: 'Alice' });
		const bob = env.world.addUser({ firstName: 'Bob', username: 'bob_only' });
		const carol = env.world.addUser({ firstName: 'Carol' });
		env.world.sendMessage(bob.id, { userId: alice.id }, 'so that bob is a dialog');
		const trigger = await listen(alice.id, ['on_msg_receive'], { onlyPeers: '@bob_only' });
		try {
			env.world.sendMessage(carol.id, { userId: alice.id }, 'from carol');
			env.world.sendMessage(bob.id, { userId: alice.id }, 'from bob');
			env.world.sendMessage(bob.id, { userId: alice.id }, 'sentinel from bob');
			await trigger.waitForItems(2);
			expect(trigger.items().map((i) => (i.json.msg as any).text)).toEqual(['from bob', 'sentinel from bob']);
		} finally {
			await trigger.close();
		}
	});

	it('emits edited messages only when asked', async () => {
		const alice = env.world.addUser({ firstName: 'Alice' });
		const bob = env.world.addUser({ firstName: 'Bob' });
		const trigger = await listen(alice.id, ['on_msg_receive'], { emitEdited: true });
		try {
			const sent = env.world.sendMessage(bob.id, { userId: alice.id }, 'typo');
			await trigger.waitForItems(1);
			env.world.editMessage(bob.id, { userId: alice.id }, sent.id, 'fixed');
			const [, edited] = await trigger.waitForItems(2);
			expect(edited.json).toMatchObject({ edited: true, msg: { text: 'fixed', id: sent.boxes[alice.id] } });
		} finally {
			await trigger.close();
		}
	});

	it('listens for one event in manual mode (the editor), asynchronously', async () => {
		const alice = env.world.addUser({ firstName: 'Alice' });
		const bob = env.world.addUser({ firstName: 'Bob' });
		const trigger = await env.trigger(triggered(node('Trigger', TGL_TRIGGER, { events: ['on_msg_receive'] })), alice.id, { mode: 'manual' });
		try {
			await eventually(() => env.server.calls.some((c) => c.method === 'updates.GetState' && c.userId === alice.id), 'engine start');
			env.world.sendMessage(bob.id, { userId: alice.id }, 'test event');
			const [item] = await trigger.waitForItems(1);
			expect((item.json.msg as any).text).toBe('test event');
		} finally {
			await trigger.close();
		}
	});
});
