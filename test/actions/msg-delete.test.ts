// Msg → Delete Message (tgl msg.delete_msg) and Restore Message (tgl.restore_msg) through the
// n8n engine, over MTProto. Telegram cannot undo a deletion: restore cancels a deletion that
// still waits in its undo window, and says why otherwise.
import { byId, chain, eventually, TestEnv, tgl } from '../support/env';
import { addClub } from '../support/club';
import { clientPool } from '../../nodes/Tgl/transport/client-pool';

const NO_RESTORE =
	'Telegram has no API to undo a deletion; Restore Message can only cancel a deletion still inside its undo window in this n8n process';

describe('Msg: delete and restore', () => {
	let env: TestEnv;
	let alice: { id: number };
	let bob: { id: number };
	let carol: { id: number };
	let group: { id: number };
	let supergroup: { id: number };

	beforeAll(async () => {
		env = await TestEnv.start();
		({ alice, bob, carol, group, supergroup } = addClub(env.world, { tag: '_x', group: 'Book Club', supergroup: 'Big Club' }));
	});

	afterAll(async () => {
		await env.stop();
	});

	/** Alice writes to Bob (from her other client); the ids in both boxes. */
	function aliceToBob(text: string) {
		const sent = env.world.sendMessage(alice.id, { userId: bob.id }, text);
		return { mine: sent.boxes[alice.id], theirs: sent.boxes[bob.id] };
	}
	const aliceHas = (text: string) => env.world.history(alice.id, { userId: bob.id }).some((m) => m.text === text);
	const bobHas = (text: string) => env.world.history(bob.id, { userId: alice.id }).some((m) => m.text === text);
	const del = (params: Record<string, unknown>, extra = {}) => tgl('Delete', 'msg', 'deleteMsg', params as never, extra);
	const restore = (params: Record<string, unknown>, extra = {}) => tgl('Restore', 'msg', 'restoreMsg', params as never, extra);

	it('deletes now, for both sides by default', async () => {
		const { mine } = aliceToBob('delete me now');
		const run = await env.run(chain([{}], del({ message: `${mine}` })), alice.id);
		expect(run.error).toBeUndefined();
		expect(run.output('Delete').map((i) => [i.json, i.pairedItem])).toEqual([[{ success: true }, { item: 0 }]]);
		expect(aliceHas('delete me now')).toBe(false);
		expect(bobHas('delete me now')).toBe(false);
	});

	it('with Delete For Everyone off, only your own copy goes', async () => {
		const { mine } = aliceToBob('only mine goes');
		const run = await env.run(chain([{}], del({ message: `${mine}`, peer: byId(bob.id), options: { revoke: false } })), alice.id);
		expect(run.error).toBeUndefined();
		expect(aliceHas('only mine goes')).toBe(false);
		expect(bobHas('only mine goes')).toBe(true);
	});

	it('deletes in a basic group and, by its per-channel id, in a supergroup; also from a Msg object', async () => {
		const inGroup = env.world.sendMessage(alice.id, { chatId: group.id }, 'group note').boxes[alice.id];
		const inSuper = env.world.sendMessage(alice.id, { channelId: supergroup.id }, 'super note').id;
		env.world.sendMessage(bob.id, { channelId: supergroup.id }, 'newest in super');
		const run = await env.run(
			chain(
				[{}],
				del({ message: `${inGroup}`, peer: byId(-group.id) }, { name: 'Group' }),
				del({ message: `${inSuper}`, peer: byId(`-100${supergroup.id}`) }, { name: 'Super' }),
				tgl('History', 'peer', 'getHistory', { peer: byId(`-100${supergroup.id}`), offset: 0, limit: 1 }),
				del({ message: '={{ $json }}' }, { name: 'FromMsg' }),
			),
			alice.id,
		);
		expect(run.error).toBeUndefined();
		expect(run.output('Group')[0].json).toEqual({ success: true });
		expect(run.output('Super')[0].json).toEqual({ success: true });
		expect(run.output('FromMsg')[0].json).toEqual({ success: true });
		for (const viewer of [alice.id, bob.id, carol.id]) {
			expect(env.world.history(viewer, { chatId: group.id }).some((m) => m.text === 'group note')).toBe(false);
		}
		expect(env.world.channel(supergroup.id)!.messages.some((m) => m.text === 'super note')).toBe(false);
		expect(env.world.channel(supergroup.id)!.messages.some((m) => m.text === 'newest in super')).toBe(false);
	});

	it('with an undo window the deletion waits, and Restore Message cancels it', async () => {
		const { mine } = aliceToBob('keep me after all');
		const before = Date.now();
		const run = await env.run(chain([{}], del({ message: `${mine}`, undoSeconds: 60 })), alice.id);
		expect(run.error).toBeUndefined();
		const [item] = run.output('Delete');
		expect(item.json).toMatchObject({ success: true, pending: true });
		const until = Date.parse(item.json.undo_until as string);
		expect(until).toBeGreaterThanOrEqual(before + 60_000);
		expect(until).toBeLessThanOrEqual(Date.now() + 60_000);
		expect(aliceHas('keep me after all')).toBe(true);

		const restored = await env.run(chain([{}], restore({ message: `${mine}` })), alice.id);
		expect(restored.error).toBeUndefined();
		expect(restored.output('Restore').map((i) => [i.json, i.pairedItem])).toEqual([[{ success: true, restored: true }, { item: 0 }]]);
		// Closing the pool carries out every deletion still waiting: a cancelled one is not among them.
		await clientPool.closeAll();
		expect(aliceHas('keep me after all')).toBe(true);
		expect(bobHas('keep me after all')).toBe(true);
	});

	it('with an undo window and no restore, the message is gone for both after the window', async () => {
		const { mine } = aliceToBob('gone after the window');
		// Long enough that a loaded machine still looks before it ends.
		const run = await env.run(chain([{}], del({ message: `${mine}`, undoSeconds: 5 })), alice.id);
		expect(run.output('Delete')[0].json).toMatchObject({ success: true, pending: true, undo_until: expect.any(String) });
		expect(bobHas('gone after the window')).toBe(true);
		await eventually(() => !aliceHas('gone after the window') && !bobHas('gone after the window'), 'the deletion after its window', 30_000);

		// Too late now: the error says why.
		const late = await env.run(chain([{}], restore({ message: `${mine}` })), alice.id);
		expect(late.error?.message).toMatch(new RegExp(`^The undo window of message ${mine} ended at \\S+ and the message was deleted\\. ${NO_RESTORE}`));
	});

	it('a supergroup deletion in its window is restored by its id alone or with its peer', async () => {
		const a = env.world.sendMessage(alice.id, { channelId: supergroup.id }, 'super keep a').id;
		const b = env.world.sendMessage(alice.id, { channelId: supergroup.id }, 'super keep b').id;
		const peer = byId(`-100${supergroup.id}`);
		const run = await env.run(
			chain(
				[{}],
				del({ message: `${a}`, peer, undoSeconds: 60 }, { name: 'DelA' }),
				del({ message: `${b}`, peer, undoSeconds: 60 }, { name: 'DelB' }),
				restore({ message: `${a}` }, { name: 'RestoreA' }),
				restore({ message: `${b}`, peer }, { name: 'RestoreB' }),
			),
			alice.id,
		);
		expect(run.error).toBeUndefined();
		expect(run.output('RestoreA')[0].json).toEqual({ success: true, restored: true });
		expect(run.output('RestoreB')[0].json).toEqual({ success: true, restored: true });
		const texts = env.world.channel(supergroup.id)!.messages.map((m) => m.text);
		expect(texts).toEqual(expect.arrayContaining(['super keep a', 'super keep b']));
	});

	it('restoring a message that has no deletion waiting fails and says why; other items still go', async () => {
		const { mine } = aliceToBob('pending for item 1');
		await env.run(chain([{}], del({ message: `${mine}`, undoSeconds: 60 })), alice.id);
		// Deleted by another client (another process): nothing here can bring it back.
		const { mine: elsewhere } = aliceToBob('deleted elsewhere');
		env.world.deleteMessages(alice.id, [elsewhere]);
		const run = await env.run(
			chain([{ id: elsewhere }, { id: mine }, { id: 'abc' }], restore({ message: '={{ $json.id }}' }, { onError: 'continueRegularOutput' })),
			alice.id,
		);
		expect(run.error).toBeUndefined();
		const out = run.output('Restore');
		expect(out[0].json.error).toBe(
			`Message ${elsewhere} has no deletion waiting in this n8n process (it was not deleted here with an undo window, or it was deleted elsewhere). ${NO_RESTORE}`,
		);
		expect(out[1].json).toEqual({ success: true, restored: true });
		expect(out[2].json.error).toBe('"abc" is not a message ID');
		expect(out.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(aliceHas('pending for item 1')).toBe(true);
	});

	it('deleting a message id that does not exist is a clear error, now or with a window; other items still go', async () => {
		const { mine } = aliceToBob('really delete this one');
		const run = await env.run(
			chain(
				[{ id: 987_654 }, { id: mine }, { id: 987_655, w: 30 }, { id: -1 }],
				del({ message: '={{ $json.id }}', undoSeconds: '={{ $json.w ?? 0 }}' }, { onError: 'continueRegularOutput' }),
			),
			alice.id,
		);
		expect(run.error).toBeUndefined();
		const out = run.output('Delete').map((i) => i.json.error ?? i.json);
		expect(out).toEqual([
			'Message 987654 does not exist (or was already deleted). If it is in a channel or supergroup, also set Peer: message IDs there are counted per channel',
			{ success: true },
			'Message 987655 does not exist (or was deleted). If it is in a channel or supergroup, also set Peer: message IDs there are counted per channel',
			'"-1" is not a message ID',
		]);
		expect(aliceHas('really delete this one')).toBe(false);

		// In a supergroup, an id of another chat is not deleted there.
		const wrong = await env.run(chain([{}], del({ message: '424242', peer: byId(`-100${supergroup.id}`) })), alice.id);
		expect(wrong.error?.message).toMatch(/^Message 424242 does not exist in this chat \(or was already deleted\)/);
	});

	it('refuses to delete a message of another chat when Peer says which chat', async () => {
		const { mine } = aliceToBob('not in the group');
		const run = await env.run(chain([{}], del({ message: `${mine}`, peer: byId(-group.id) })), alice.id);
		expect(run.error?.message).toMatch(new RegExp(`^Message ${mine} is not in the group -${group.id}`));
		expect(aliceHas('not in the group')).toBe(true);
	});

	it('closing the pool carries out every deletion still waiting', async () => {
		const { mine } = aliceToBob('flushed on close');
		const inSuper = env.world.sendMessage(alice.id, { channelId: supergroup.id }, 'super flushed').id;
		const run = await env.run(
			chain(
				[{}],
				del({ message: `${mine}`, undoSeconds: 600 }, { name: 'Private' }),
				del({ message: `${inSuper}`, peer: byId(`-100${supergroup.id}`), undoSeconds: 600 }, { name: 'Super' }),
			),
			alice.id,
		);
		expect(run.output('Private')[0].json).toMatchObject({ pending: true });
		expect(run.output('Super')[0].json).toMatchObject({ pending: true });
		expect(aliceHas('flushed on close')).toBe(true);
		await clientPool.closeAll();
		expect(aliceHas('flushed on close')).toBe(false);
		expect(bobHas('flushed on close')).toBe(false);
		expect(env.world.channel(supergroup.id)!.messages.some((m) => m.text === 'super flushed')).toBe(false);
		expect(env.server.unhandled.size).toBe(0);
	});
});
