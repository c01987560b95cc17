// Msg → Search All Chats (tgl.msg_global_search) through the n8n engine, over MTProto.
import type { IDataObject } from 'n8n-workflow';
import { chain, TestEnv, tgl } from '../support/env';
import { addClub } from '../support/club';

describe('Msg: search all chats', () => {
	let env: TestEnv;
	let alice: { id: number };
	let bob: { id: number };
	let carol: { id: number };
	let group: { id: number };
	let supergroup: { id: number };

	beforeAll(async () => {
		env = await TestEnv.start();
		({ alice, bob, carol, group, supergroup } = addClub(env.world, { tag: '_s', group: 'Fruit Club', supergroup: 'Fruit Market', carolInSupergroup: true }));
		env.world.sendMessage(bob.id, { userId: alice.id }, 'the Kiwi is ripe');
		env.world.sendMessage(bob.id, { userId: alice.id }, 'nothing to see');
		env.world.sendMessage(alice.id, { userId: carol.id }, 'a kiwi for you, Carol');
		env.world.sendMessage(bob.id, { chatId: group.id }, 'kiwi season in the club');
		env.world.sendMessage(carol.id, { channelId: supergroup.id }, 'kiwis on sale');
		env.world.sendMessage(carol.id, { channelId: supergroup.id }, 'apples on sale');
		// Bob's own private chat with Carol: not Alice's, never in her results.
		env.world.sendMessage(bob.id, { userId: carol.id }, 'secret kiwi');
	});

	afterAll(async () => {
		await env.stop();
	});

	const texts = (items: { json: IDataObject }[]) => items.map((i) => i.json.text);

	it('Return All finds the word in private chats, basic groups and supergroups, newest first, as Msgs', async () => {
		const run = await env.run(chain([{}], tgl('Search', 'msg', 'msgGlobalSearch', { text: 'kiwi', returnAll: true })), alice.id);
		expect(run.error).toBeUndefined();
		const out = run.output('Search');
		expect(texts(out)).toEqual(['kiwis on sale', 'kiwi season in the club', 'a kiwi for you, Carol', 'the Kiwi is ripe']);
		const [inSuper, inGroup, toCarol, fromBob] = out.map((i) => i.json);
		expect(inSuper).toMatchObject({
			out: false,
			src: { id: carol.id, type_name: 'user', name: 'Carol' },
			dest: { id: supergroup.id, type: 5, type_name: 'channel', megagroup: true, title: 'Fruit Market' },
		});
		expect(inGroup).toMatchObject({ out: false, src: { id: bob.id, name: 'Bob' }, dest: { id: group.id, type: 2, type_name: 'chat', name: 'Fruit_Club' } });
		expect(toCarol).toMatchObject({ out: true, src: { id: alice.id, name: 'Alice' }, dest: { id: carol.id, type_name: 'user', name: 'Carol' } });
		expect(fromBob).toMatchObject({ out: false, src: { id: bob.id, username: 'bob_s' }, dest: { id: alice.id } });
		for (const item of out) {
			expect(item.pairedItem).toEqual({ item: 0 });
			expect(typeof item.json.id).toBe('number');
			expect(typeof item.json.date).toBe('string');
		}
		// Each is the message the world holds in that chat.
		expect(env.world.channel(supergroup.id)!.messages.some((m) => m.id === inSuper.id && m.text === 'kiwis on sale')).toBe(true);
		expect(env.world.history(alice.id, { chatId: group.id }).some((m) => m.id === inGroup.id && m.text === inGroup.text)).toBe(true);
		expect(env.world.history(alice.id, { userId: bob.id }).some((m) => m.id === fromBob.id && m.text === fromBob.text)).toBe(true);
	});

	it('Limit returns the newest N', async () => {
		const run = await env.run(chain([{}], tgl('Search', 'msg', 'msgGlobalSearch', { text: 'kiwi', returnAll: false, limit: 2 })), alice.id);
		expect(run.error).toBeUndefined();
		expect(texts(run.output('Search'))).toEqual(['kiwis on sale', 'kiwi season in the club']);
	});

	it('pages past 100 results without losing or repeating any', async () => {
		for (let n = 1; n <= 70; n++) env.world.sendMessage(bob.id, { userId: alice.id }, `mango ${n}`);
		for (let n = 71; n <= 140; n++) env.world.sendMessage(carol.id, { channelId: supergroup.id }, `mango ${n}`);
		env.server.resetStats();
		const run = await env.run(chain([{}], tgl('Search', 'msg', 'msgGlobalSearch', { text: 'mango', returnAll: true })), alice.id);
		expect(run.error).toBeUndefined();
		const got = texts(run.output('Search'));
		expect(got).toHaveLength(140);
		expect(got[0]).toBe('mango 140');
		expect(got[139]).toBe('mango 1');
		expect(new Set(got).size).toBe(140);
		expect(env.server.callCount('messages.SearchGlobal')).toBe(2);

		const limited = await env.run(chain([{}], tgl('Search', 'msg', 'msgGlobalSearch', { text: 'mango', limit: 120 })), alice.id);
		expect(texts(limited.output('Search'))).toEqual(got.slice(0, 120));
	});

	it('one search per item; an empty text is a clear error and the other items still go', async () => {
		const run = await env.run(
			chain(
				[{ q: 'apples' }, { q: '  ' }, { q: 'ripe' }],
				tgl('Search', 'msg', 'msgGlobalSearch', { text: '={{ $json.q }}', returnAll: true }, { onError: 'continueRegularOutput' }),
			),
			alice.id,
		);
		expect(run.error).toBeUndefined();
		const out = run.output('Search');
		expect(out.map((i) => [i.json.text ?? i.json.error, i.pairedItem])).toEqual([
			['apples on sale', { item: 0 }],
			['The search text is empty', { item: 1 }],
			['the Kiwi is ripe', { item: 2 }],
		]);
	});

	it('a word nobody wrote gives no items', async () => {
		const run = await env.run(chain([{}], tgl('Search', 'msg', 'msgGlobalSearch', { text: 'durian', returnAll: true })), alice.id);
		expect(run.error).toBeUndefined();
		expect(run.output('Search')).toEqual([]);
		expect(env.server.unhandled.size).toBe(0);
	});
});
