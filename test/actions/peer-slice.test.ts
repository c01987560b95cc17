// Peer → Send Message / Get Info / Get History through the n8n engine, over MTProto, checked
// in the items and on the server.
import { byId, byUsername, chain, TestEnv, tgl } from '../support/env';

describe('Peer: send, info, history', () => {
	let env: TestEnv;
	let alice: { id: number };
	let bob: { id: number };
	let carol: { id: number };

	beforeAll(async () => {
		env = await TestEnv.start();
		alice = env.world.addUser({ firstName: 'Alice', lastName: 'Liddell', username: 'alice_l', phone: '15550001' });
		bob = env.world.addUser({ firstName: 'Bob', lastName: 'Stone', username: 'bob_stone', phone: '15550002' });
		carol = env.world.addUser({ firstName: 'Carol', username: 'carol_c' });
	});

	afterAll(async () => {
		await env.stop();
	});

	it('sends a message by @username; the item is the tgl Msg and Bob has it', async () => {
		const run = await env.run(chain([{}], tgl('Send', 'peer', 'sendMsg', { peer: byUsername('@bob_stone'), text: 'Hello Bob' })), alice.id);
		expect(run.error).toBeUndefined();
		const [item] = run.output('Send');
		expect(item.json).toMatchObject({
			out: true,
			text: 'Hello Bob',
			service: false,
			src: { id: alice.id, type: 1, type_name: 'user', name: 'Alice_Liddell' },
			dest: { id: bob.id, type: 1, type_name: 'user', name: 'Bob_Stone', username: 'bob_stone' },
		});
		expect(typeof item.json.id).toBe('number');
		expect((item.json.flags as number) & 2).toBe(2); // OUT
		expect(item.pairedItem).toEqual({ item: 0 });
		const [received] = env.world.history(bob.id, { userId: alice.id });
		expect(received.text).toBe('Hello Bob');
		expect(received.out).toBe(false);
	});

	it('replies to a message and turns the link preview off', async () => {
		const first = env.world.sendMessage(bob.id, { userId: alice.id }, 'question?');
		const replyTo = first.boxes[alice.id];
		const run = await env.run(
			chain([{}], tgl('Send', 'peer', 'sendMsg', { peer: byId(bob.id), text: 'see https://example.org', options: { reply: replyTo, preview: 'off' } })),
			alice.id,
		);
		expect(run.error).toBeUndefined();
		const [item] = run.output('Send');
		expect(item.json.reply_id).toBe(replyTo);
		expect((item.json.flags as number) & 4).toBe(4); // DISABLE_PREVIEW
		const [sent] = env.world.history(alice.id, { userId: bob.id });
		expect(sent.replyToId).toBe(replyTo);
		expect(sent.noWebpage).toBe(true);
		const [atBob] = env.world.history(bob.id, { userId: alice.id });
		expect(atBob.replyToId).toBe(first.boxes[bob.id]);
	});

	it('sends one message per input item, each paired with its item, using expressions', async () => {
		const items = [{ who: '@carol_c', n: 1 }, { who: '@carol_c', n: 2 }, { who: '@carol_c', n: 3 }];
		const run = await env.run(
			chain(items, tgl('Send', 'peer', 'sendMsg', { peer: byUsername('={{ $json.who }}'), text: '=number {{ $json.n }}' })),
			alice.id,
		);
		expect(run.error).toBeUndefined();
		expect(run.output('Send').map((i) => [i.json.text, i.pairedItem])).toEqual([
			['number 1', { item: 0 }],
			['number 2', { item: 1 }],
			['number 3', { item: 2 }],
		]);
		expect(env.world.history(carol.id, { userId: alice.id }).map((m) => m.text)).toEqual(['number 3', 'number 2', 'number 1']);
	});

	it('gets info on a user and on a basic group with its members', async () => {
		const group = env.world.createGroup(alice.id, 'Tea Party', [bob.id, carol.id]);
		const run = await env.run(
			chain(
				[{}],
				tgl('User', 'peer', 'info', { peer: byUsername('bob_stone') }),
				tgl('Group', 'peer', 'info', { peer: byId(-group.id) }),
			),
			alice.id,
		);
		expect(run.error).toBeUndefined();
		expect(run.output('User')[0].json).toMatchObject({
			id: bob.id,
			type: 1,
			type_name: 'user',
			first_name: 'Bob',
			last_name: 'Stone',
			username: 'bob_stone',
			user_id: bob.id,
			access_hash: expect.any(String),
		});
		const g = run.output('Group')[0].json;
		expect(g).toMatchObject({ id: group.id, type: 2, type_name: 'chat', name: 'Tea_Party', title: 'Tea Party' });
		expect([...(g.user_list as number[])].sort()).toEqual([alice.id, bob.id, carol.id].sort());
	});

	it('gets info on a supergroup (type 5, megagroup)', async () => {
		const channel = env.world.createChannel(alice.id, 'Wonderland', { megagroup: true, memberIds: [bob.id] });
		const run = await env.run(chain([{}], tgl('Info', 'peer', 'info', { peer: byId(`-100${channel.id}`) })), alice.id);
		expect(run.error).toBeUndefined();
		expect(run.output('Info')[0].json).toMatchObject({ id: channel.id, type: 5, type_name: 'channel', megagroup: true, title: 'Wonderland' });
	});

	it('gets history newest first with tgl offset and limit', async () => {
		const dave = env.world.addUser({ firstName: 'Dave', username: 'dave_d' });
		for (let n = 1; n <= 7; n++) env.world.sendMessage(dave.id, { userId: alice.id }, `m${n}`);
		const run = await env.run(
			chain([{}], tgl('History', 'peer', 'getHistory', { peer: byUsername('dave_d'), offset: 2, limit: 3 })),
			alice.id,
		);
		expect(run.error).toBeUndefined();
		const msgs = run.output('History').map((i) => i.json);
		expect(msgs.map((m) => m.text)).toEqual(['m5', 'm4', 'm3']);
		expect(msgs[0]).toMatchObject({ out: false, src: { id: dave.id, name: 'Dave' }, dest: { id: alice.id } });
	});

	it('pages history past 100 messages', async () => {
		const erin = env.world.addUser({ firstName: 'Erin', username: 'erin_e' });
		for (let n = 1; n <= 230; n++) env.world.sendMessage(erin.id, { userId: alice.id }, `n${n}`);
		const run = await env.run(
			chain([{}], tgl('History', 'peer', 'getHistory', { peer: byUsername('erin_e'), offset: 0, limit: 250 })),
			alice.id,
		);
		const texts = run.output('History').map((i) => i.json.text);
		expect(texts).toHaveLength(230);
		expect(texts[0]).toBe('n230');
		expect(texts[229]).toBe('n1');
	});

	it('fails on an unknown peer with an error naming the item and the peer', async () => {
		const run = await env.run(
			chain([{ to: 'bob_stone' }, { to: 'nobody_here' }], tgl('Send', 'peer', 'sendMsg', { peer: byUsername('={{ $json.to }}'), text: 'hi' })),
			alice.id,
		);
		expect(run.error).toBeDefined();
		expect(run.error!.message).toMatch(/USERNAME_NOT_OCCUPIED/);
		expect((run.error as unknown as { context: { itemIndex: number } }).context.itemIndex).toBe(1);
	});

	it('with Continue On Fail, a bad item becomes an error item and the others still go', async () => {
		const before = env.world.history(carol.id, { userId: alice.id }).length;
		const run = await env.run(
			chain(
				[{ to: `${carol.id}`, t: 'one' }, { to: '123', t: 'two' }, { to: `${carol.id}`, t: '' }, { to: `${carol.id}`, t: 'four' }],
				tgl('Send', 'peer', 'sendMsg', { peer: byId('={{ $json.to }}'), text: '={{ $json.t }}' }, { onError: 'continueRegularOutput' }),
			),
			alice.id,
		);
		expect(run.error).toBeUndefined();
		const out = run.output('Send');
		expect(out).toHaveLength(4);
		expect(out[0].json.text).toBe('one');
		expect(out[1].json.error).toMatch(/Peer 123 is not known/);
		expect(out[1].pairedItem).toEqual({ item: 1 });
		expect(out[2].json.error).toMatch(/empty/);
		expect(out[3].json.text).toBe('four');
		expect(env.world.history(carol.id, { userId: alice.id }).length).toBe(before + 2);
	});

	it('refuses a Peer object that is not one, clearly', async () => {
		const run = await env.run(
			chain([{}], tgl('Send', 'peer', 'sendMsg', { peer: byId('={{ { "foo": 1 } }}'), text: 'x' }, { onError: 'continueRegularOutput' })),
			alice.id,
		);
		expect(run.output('Send')[0].json.error).toMatch(/not a Peer|not a peer id/i);
	});
});

describe('Peer lookups by id', () => {
	let env: TestEnv;

	beforeAll(async () => {
		env = await TestEnv.start();
	});

	afterAll(async () => {
		await env.stop();
	});

	it('finds a chat joined after the dialog list was first loaded', async () => {
		const alice = env.world.addUser({ firstName: 'Alice' });
		const bob = env.world.addUser({ firstName: 'Bob' });
		const first = env.world.createChannel(bob.id, 'First', { megagroup: true, memberIds: [alice.id] });
		const one = await env.run(chain([{}], tgl('Info', 'peer', 'info', { peer: byId(`-100${first.id}`) })), alice.id);
		expect(one.error).toBeUndefined();
		const later = env.world.createChannel(bob.id, 'Later', { megagroup: true, memberIds: [alice.id] });
		const two = await env.run(chain([{}], tgl('Info', 'peer', 'info', { peer: byId(`-100${later.id}`) })), alice.id);
		expect(two.error).toBeUndefined();
		expect(two.output('Info')[0].json).toMatchObject({ id: later.id, title: 'Later' });
	});
});
