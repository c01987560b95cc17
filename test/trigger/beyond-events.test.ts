// Trigger events beyond tgl: on_msg_delete, on_msg_edit and Group Albums, live and in the
// catch-up after a restart, over MTProto through n8n's trigger path.
import type { IBinaryData, IDataObject, INodeParameters } from 'n8n-workflow';
import { byId, chain, eventually, node, TestEnv, TGL_TRIGGER, tgl, triggered, type Workflow } from '../support/env';
import { png } from '../support/media-bytes';
import { deleteChannelMessages } from '../telegram/world/deletions';

type Item = { json: IDataObject; binary?: Record<string, unknown> };
const of = (items: Item[], event: string) => items.filter((i) => i.json.event === event);
const textOf = (i: Item) => (i.json.msg as IDataObject | undefined)?.text;

function binary(bytes: Buffer, fileName: string): IBinaryData {
	return { data: bytes.toString('base64'), fileName, mimeType: 'image/png', fileSize: String(bytes.length) };
}

describe('trigger events beyond tgl', () => {
	let env: TestEnv;

	beforeAll(async () => {
		env = await TestEnv.start();
	});

	afterAll(async () => {
		await env.stop();
	});

	const workflow = (events: string[], options: INodeParameters = {}) => triggered(node('Trigger', TGL_TRIGGER, { events: [...events, 'on_get_difference_end'], options }));

	async function listen(userId: number, events: string[], options: INodeParameters = {}, staticData?: IDataObject) {
		const trigger = await env.trigger(workflow(events, options), userId, { staticData });
		await eventually(() => of(trigger.items(), 'on_get_difference_end').length > 0, 'catch-up end', 30_000);
		await eventually(() => env.server.calls.some((c) => c.method === 'updates.GetState' && c.userId === userId), 'engine start');
		return trigger;
	}

	/** Bob sends an album of `count` photos to `to` through the Send Album operation. */
	async function sendAlbum(fromId: number, to: number, count: number, caption: string) {
		const files = Object.fromEntries(Array.from({ length: count }, (_, n) => [`p${n}`, binary(png(8 + n, 8), `p${n}.png`)]));
		const wf = chain([], tgl('Album', 'peer', 'sendAlbum', { peer: byId(to), options: { caption } }));
		const run = await env.run({ ...wf, pinData: { Start: [{ json: {}, binary: files }] } } as Workflow, fromId);
		expect(run.error).toBeUndefined();
		return run.output('Album').map((o) => o.json.id as number);
	}

	describe('on_msg_delete', () => {
		it('private chat and basic group: the ids in our box, no peer; a channel: its ids and the channel', async () => {
			const alice = env.world.addUser({ firstName: 'Alice' });
			const bob = env.world.addUser({ firstName: 'Bob' });
			const group = env.world.createGroup(bob.id, 'Garden', [alice.id]);
			const channel = env.world.createChannel(bob.id, 'News', { megagroup: false, memberIds: [alice.id] });
			const trigger = await listen(alice.id, ['on_msg_delete']);
			try {
				const p = env.world.sendMessage(bob.id, { userId: alice.id }, 'private');
				const g = env.world.sendMessage(bob.id, { chatId: group.id }, 'group');
				const c = env.world.sendMessage(bob.id, { channelId: channel.id }, 'post');
				env.world.deleteMessages(bob.id, [p.id]);
				env.world.deleteMessages(bob.id, [g.id]);
				deleteChannelMessages(env.world, { userId: bob.id }, channel.id, [c.id]);
				await eventually(() => of(trigger.items(), 'on_msg_delete').length === 3, 'three deletions');
				const items = of(trigger.items(), 'on_msg_delete').map((i) => i.json);
				expect(items).toContainEqual({ event: 'on_msg_delete', ids: [p.boxes[alice.id]], peer: null });
				expect(items).toContainEqual({ event: 'on_msg_delete', ids: [g.boxes[alice.id]], peer: null });
				const fromChannel = items.find((i) => i.peer !== null)!;
				expect(fromChannel).toMatchObject({ event: 'on_msg_delete', ids: [c.id], peer: { type_name: 'channel', id: channel.id, title: 'News' } });
				// Nothing else: messages are not emitted unless on_msg_receive is chosen.
				expect(trigger.items().filter((i) => i.json.event !== 'on_get_difference_end')).toHaveLength(3);
			} finally {
				await trigger.close();
			}
		});

		it('our own sends are not deletions; only deletions are emitted', async () => {
			const alice = env.world.addUser({ firstName: 'Alice' });
			const bob = env.world.addUser({ firstName: 'Bob' });
			env.world.sendMessage(bob.id, { userId: alice.id }, 'hello');
			const trigger = await listen(alice.id, ['on_msg_delete', 'on_msg_receive']);
			try {
				// Alice's own send (the short answer is applied as an empty deletion inside the stream).
				const run = await env.run(chain([{}], tgl('Send', 'peer', 'sendMsg', { peer: byId(bob.id), text: 'mine' })), alice.id);
				expect(run.error).toBeUndefined();
				const gone = env.world.sendMessage(bob.id, { userId: alice.id }, 'to delete');
				env.world.deleteMessages(bob.id, [gone.id]);
				env.world.sendMessage(bob.id, { userId: alice.id }, 'sentinel');
				await eventually(() => trigger.items().some((i) => textOf(i) === 'sentinel'), 'the sentinel');
				expect(of(trigger.items(), 'on_msg_delete').map((i) => i.json.ids)).toEqual([[gone.boxes[alice.id]]]);
			} finally {
				await trigger.close();
			}
		});
	});

	describe('on_msg_edit', () => {
		it('{event, msg} with the new text, private and channel; Emit Edited Messages still gives on_msg_receive without it', async () => {
			const alice = env.world.addUser({ firstName: 'Alice' });
			const bob = env.world.addUser({ firstName: 'Bob' });
			const channel = env.world.createChannel(bob.id, 'News', { megagroup: false, memberIds: [alice.id] });
			const trigger = await listen(alice.id, ['on_msg_edit']);
			try {
				const p = env.world.sendMessage(bob.id, { userId: alice.id }, 'typo');
				const c = env.world.sendMessage(bob.id, { channelId: channel.id }, 'post typo');
				env.world.editMessage(bob.id, { userId: alice.id }, p.id, 'fixed');
				env.world.editMessage(bob.id, { channelId: channel.id }, c.id, 'post fixed');
				await eventually(() => of(trigger.items(), 'on_msg_edit').length === 2, 'two edits');
				const edits = of(trigger.items(), 'on_msg_edit');
				expect(edits.map(textOf).sort()).toEqual(['fixed', 'post fixed']);
				const priv = edits.find((e) => textOf(e) === 'fixed')!;
				expect(priv.json).toMatchObject({ event: 'on_msg_edit', msg: { id: p.boxes[alice.id], src: { id: bob.id } } });
				expect((priv.json.msg as IDataObject).edit_date).toEqual(expect.any(String));
				// No on_msg_receive for the new messages: only edits were asked for.
				expect(of(trigger.items(), 'on_msg_receive')).toEqual([]);
			} finally {
				await trigger.close();
			}
			const legacy = await listen(alice.id, ['on_msg_receive'], { emitEdited: true });
			try {
				const m = env.world.sendMessage(bob.id, { userId: alice.id }, 'old way');
				env.world.editMessage(bob.id, { userId: alice.id }, m.id, 'old way, edited');
				await eventually(() => legacy.items().some((i) => textOf(i) === 'old way, edited'), 'the edit');
				expect(legacy.items().find((i) => textOf(i) === 'old way, edited')!.json).toMatchObject({ event: 'on_msg_receive', edited: true });
			} finally {
				await legacy.close();
			}
		});
	});

	describe('Group Albums', () => {
		it('one item per album with every part, in one emit; messages around it stay on their own, in order', async () => {
			const alice = env.world.addUser({ firstName: 'Alice' });
			const bob = env.world.addUser({ firstName: 'Bob' });
			env.world.sendMessage(alice.id, { userId: bob.id }, 'hi');
			const trigger = await listen(alice.id, ['on_msg_receive'], { groupAlbums: true, downloadMedia: true });
			try {
				env.world.sendMessage(bob.id, { userId: alice.id }, 'before');
				const first = await sendAlbum(bob.id, alice.id, 3, 'Three');
				const second = await sendAlbum(bob.id, alice.id, 2, 'Two');
				env.world.sendMessage(bob.id, { userId: alice.id }, 'after');
				await eventually(() => trigger.items().some((i) => textOf(i) === 'after'), 'the message after the albums', 30_000);
				const items = of(trigger.items(), 'on_msg_receive');
				expect(items).toHaveLength(4);
				expect(textOf(items[0])).toBe('before');
				expect(textOf(items[3])).toBe('after');
				const albums = items.slice(1, 3).map((i) => i.json.msgs as IDataObject[]);
				expect(albums.map((a) => a.length)).toEqual([3, 2]);
				expect(albums[0][0].text).toBe('Three');
				expect(new Set(albums[0].map((m) => m.grouped_id)).size).toBe(1);
				expect(albums[0][0].grouped_id).not.toBe(albums[1][0].grouped_id);
				// Each album is the only item of its emit (one execution), with its files.
				const albumEmits = trigger.emits.filter((e) => (e[0] ?? []).some((i) => i.json.msgs));
				expect(albumEmits.map((e) => e[0].length)).toEqual([1, 1]);
				expect(Object.keys(items[1].binary ?? {}).sort()).toEqual(['data_0', 'data_1', 'data_2']);
				expect(first).toHaveLength(3);
				expect(second).toHaveLength(2);
			} finally {
				await trigger.close();
			}
		});

		it('an album that ends the stream is emitted after a quiet moment, whole', async () => {
			const alice = env.world.addUser({ firstName: 'Alice' });
			const bob = env.world.addUser({ firstName: 'Bob' });
			env.world.sendMessage(alice.id, { userId: bob.id }, 'hi');
			const trigger = await listen(alice.id, ['on_msg_receive'], { groupAlbums: true });
			try {
				await sendAlbum(bob.id, alice.id, 4, 'Four');
				await eventually(() => of(trigger.items(), 'on_msg_receive').length > 0, 'the album', 30_000);
				const [album] = of(trigger.items(), 'on_msg_receive');
				expect((album.json.msgs as IDataObject[]).length).toBe(4);
				await trigger.waitForRuns(trigger.emits.length, 30_000);
				expect(of(trigger.items(), 'on_msg_receive')).toHaveLength(1);
			} finally {
				await trigger.close();
			}
		});
	});

	describe('catch-up after a restart', () => {
		it('deletions, edits and an album missed while stopped come once each, and not again after another restart', async () => {
			const alice = env.world.addUser({ firstName: 'Alice' });
			const bob = env.world.addUser({ firstName: 'Bob' });
			env.world.sendMessage(alice.id, { userId: bob.id }, 'hi');
			const channel = env.world.createChannel(bob.id, 'News', { megagroup: false, memberIds: [alice.id] });
			const events = ['on_msg_delete', 'on_msg_edit', 'on_msg_receive'];
			const options = { groupAlbums: true };
			const first = await listen(alice.id, events, options);
			const p = env.world.sendMessage(bob.id, { userId: alice.id }, 'private');
			const q = env.world.sendMessage(bob.id, { userId: alice.id }, 'private, to delete');
			const c = env.world.sendMessage(bob.id, { channelId: channel.id }, 'post');
			const d = env.world.sendMessage(bob.id, { channelId: channel.id }, 'post, to delete');
			await eventually(() => of(first.items(), 'on_msg_receive').length === 4, 'four messages');
			await first.waitForRuns(first.emits.length, 30_000);
			await first.close();
			const saved = first.savedStaticData();

			// While stopped:
			env.world.editMessage(bob.id, { userId: alice.id }, p.id, 'private, edited');
			env.world.deleteMessages(bob.id, [q.id]);
			env.world.editMessage(bob.id, { channelId: channel.id }, c.id, 'post, edited');
			deleteChannelMessages(env.world, { userId: bob.id }, channel.id, [d.id]);
			await sendAlbum(bob.id, alice.id, 3, 'Missed album');

			const second = await listen(alice.id, events, options, saved);
			let again: IDataObject;
			try {
				const end = second.items().findIndex((i) => i.json.event === 'on_get_difference_end');
				// Emitted again, marked: what the first process emitted after its last save (by design).
				const caught = second.items().slice(0, end).filter((i) => i.json.redelivered !== true);
				expect(of(caught, 'on_msg_edit').map(textOf).sort()).toEqual(['post, edited', 'private, edited']);
				const deletions = of(caught, 'on_msg_delete').map((i) => i.json);
				expect(deletions).toHaveLength(2);
				expect(deletions).toContainEqual({ event: 'on_msg_delete', ids: [q.boxes[alice.id]], peer: null });
				expect(deletions.find((x) => x.peer !== null)).toMatchObject({ ids: [d.id], peer: { id: channel.id } });
				const received = of(caught, 'on_msg_receive');
				expect(received).toHaveLength(1);
				expect((received[0].json.msgs as IDataObject[]).map((m) => m.text)).toEqual(['Missed album', '', ''].map((t) => t || null));
				await second.waitForRuns(second.emits.length, 30_000);
				// n8n saves the position with an emit: one more, so that the saved data has it all.
				env.world.sendMessage(bob.id, { userId: alice.id }, 'flush');
				await eventually(() => second.items().some((i) => textOf(i) === 'flush'), 'the flush message');
				await second.waitForRuns(second.emits.length, 30_000);
			} finally {
				await second.close();
				again = second.savedStaticData();
			}

			const third = await listen(alice.id, events, options, again);
			try {
				env.world.sendMessage(bob.id, { userId: alice.id }, 'sentinel');
				await eventually(() => third.items().some((i) => textOf(i) === 'sentinel'), 'the sentinel');
				const seen = third.items().filter((i) => i.json.event !== 'on_get_difference_end');
				// At most the flush message, in flight at the last save, comes again (marked).
				const fresh = seen.filter((i) => !(i.json.redelivered === true && textOf(i) === 'flush'));
				expect(fresh.map((i) => textOf(i) ?? i.json.event)).toEqual(['sentinel']);
			} finally {
				await third.close();
			}
		});
	});
});
