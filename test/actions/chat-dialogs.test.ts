// Chat → Get Dialog List through the n8n engine, over MTProto, checked against the world's dialogs.
import { chain, TestEnv, tgl } from '../support/env';
import type { PeerRef } from '../telegram/world';

const keyOf = (p: PeerRef) => ('userId' in p ? `user#${p.userId}` : 'chatId' in p ? `chat#${p.chatId}` : `channel#${p.channelId}`);

describe('Chat: dialog list', () => {
	let env: TestEnv;
	let alice: { id: number };
	let bob: { id: number };
	let carol: { id: number };

	beforeAll(async () => {
		env = await TestEnv.start();
		alice = env.world.addUser({ firstName: 'Alice', username: 'alice_d' });
		bob = env.world.addUser({ firstName: 'Bob', lastName: 'Brown', username: 'bob_d' });
		carol = env.world.addUser({ firstName: 'Carol', username: 'carol_d' });
		env.world.sendMessage(bob.id, { userId: alice.id }, 'hi from bob');
		const group = env.world.createGroup(carol.id, 'Knitting', [alice.id, bob.id]);
		env.world.sendMessage(carol.id, { chatId: group.id }, 'group news');
		const channel = env.world.createChannel(bob.id, 'Bob Daily', { megagroup: false, memberIds: [alice.id] });
		env.world.sendMessage(bob.id, { channelId: channel.id }, 'issue 1');
		env.world.sendMessage(alice.id, { userId: carol.id }, 'hello carol');
	});

	afterAll(async () => {
		await env.stop();
	});

	it('lists conversations newest first as {peer, message, unread}, up to the limit', async () => {
		const run = await env.run(chain([{}], tgl('Dialogs', 'chat', 'getDialogList', { limit: 3 })), alice.id);
		expect(run.error).toBeUndefined();
		const out = run.output('Dialogs').map((i) => i.json);
		expect(out).toHaveLength(3);
		const expected = env.world.dialogsOf(alice.id).slice(0, 3);
		expect(out.map((d) => `${(d.peer as { type_name: string }).type_name}#${(d.peer as { id: number }).id}`)).toEqual(expected.map((d) => keyOf(d.peer)));
		// Newest: Alice's own message to Carol, read by nobody yet but outgoing, so not unread.
		expect(out[0]).toMatchObject({
			peer: { id: carol.id, type: 1, type_name: 'user', name: 'Carol', username: 'carol_d' },
			message: { text: 'hello carol', out: true, src: { id: alice.id }, dest: { id: carol.id } },
			unread: false,
			unread_count: 0,
		});
		expect(out[1]).toMatchObject({
			peer: { type: 5, type_name: 'channel', title: 'Bob Daily', megagroup: false },
			message: { text: 'issue 1', out: false },
			unread: true,
		});
		expect(out[2]).toMatchObject({
			peer: { type: 2, type_name: 'chat', title: 'Knitting' },
			message: { text: 'group news', src: { id: carol.id }, unread: true },
			unread: true,
			unread_count: 2, // "Carol created the group" and her message
		});
		expect(run.output('Dialogs')[0].pairedItem).toEqual({ item: 0 });
	});

	it('marks a dialog read once the other client read it', async () => {
		env.world.readHistory(alice.id, { userId: bob.id });
		const run = await env.run(chain([{}], tgl('Dialogs', 'chat', 'getDialogList', { returnAll: true })), alice.id);
		const bobDialog = run.output('Dialogs').find((i) => (i.json.peer as { id: number }).id === bob.id)!;
		expect(bobDialog.json).toMatchObject({
			peer: { name: 'Bob_Brown' },
			message: { text: 'hi from bob', unread: false },
			unread: false,
			unread_count: 0,
		});
	});

	it('returns all dialogs past one page of 100, in the server order', async () => {
		for (let n = 0; n < 130; n++) {
			const user = env.world.addUser({ firstName: `Fan${n}` });
			env.world.sendMessage(user.id, { userId: alice.id }, `fan mail ${n}`);
		}
		const run = await env.run(chain([{}], tgl('Dialogs', 'chat', 'getDialogList', { returnAll: true })), alice.id);
		expect(run.error).toBeUndefined();
		const out = run.output('Dialogs').map((i) => i.json);
		const expected = env.world.dialogsOf(alice.id);
		expect(expected.length).toBeGreaterThan(130);
		expect(out.map((d) => `${(d.peer as { type_name: string }).type_name}#${(d.peer as { id: number }).id}`)).toEqual(expected.map((d) => keyOf(d.peer)));
		expect(out[0]).toMatchObject({ message: { text: 'fan mail 129' }, unread: true });
	});

	it('gives one list per input item', async () => {
		const run = await env.run(chain([{}, {}], tgl('Dialogs', 'chat', 'getDialogList', { limit: 2 })), alice.id);
		expect(run.output('Dialogs').map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 0 }, { item: 1 }, { item: 1 }]);
	});
});
