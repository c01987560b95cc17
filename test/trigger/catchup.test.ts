// Catch-up across a process restart: the saved position belongs to one account, and every channel
// it names is reached again (or reported lost) even when the new process has seen no entity yet.
import type { IDataObject } from 'n8n-workflow';
import { clientPool } from '../../nodes/Tgl/transport/client-pool';
import { eventually, node, TestEnv, TGL_TRIGGER, triggered } from '../support/env';

type Item = { json: IDataObject };
const texts = (items: Item[]) => items.filter((i) => i.json.event === 'on_msg_receive').map((i) => (i.json.msg as IDataObject).text as string);
const saved = (data: IDataObject) => data['node:Trigger'] as { accountId?: number; cursor: { pts: number; channels: Record<string, number> }; channelHashes?: Record<string, string> };

describe('trigger: catch-up after a restart', () => {
	let env: TestEnv;

	beforeAll(async () => {
		env = await TestEnv.start();
	});

	afterAll(async () => {
		await env.stop();
	});

	const workflow = () => triggered(node('Trigger', TGL_TRIGGER, { events: ['on_msg_receive', 'on_get_difference_end'] }));

	async function live(userId: number, staticData?: IDataObject) {
		const trigger = await env.trigger(workflow(), userId, { staticData });
		await eventually(() => trigger.items().some((i) => i.json.event === 'on_get_difference_end'), 'catch-up end', 30_000);
		return trigger;
	}

	/**
	 * The items emitted before on_get_difference_end, and that event's item. Apart: those emitted
	 * again because their executions were not known as finished when the first trigger stopped
	 * (n8n saves the position only when the trigger emits).
	 */
	function catchUp(items: Item[]): { caught: Item[]; again: Item[]; end: IDataObject } {
		const at = items.findIndex((i) => i.json.event === 'on_get_difference_end');
		const before = items.slice(0, at);
		return { caught: before.filter((i) => i.json.redelivered !== true), again: before.filter((i) => i.json.redelivered === true), end: items[at].json };
	}

	describe('the saved position belongs to one account', () => {
		it("another account's position is not applied: the trigger starts at its own live position and says account_changed", async () => {
			const alice = env.world.addUser({ firstName: 'Alice' });
			const bob = env.world.addUser({ firstName: 'Bob' });
			const carol = env.world.addUser({ firstName: 'Carol' });
			const first = await live(alice.id);
			for (let n = 1; n <= 3; n++) env.world.sendMessage(carol.id, { userId: alice.id }, `to alice ${n}`);
			await eventually(() => texts(first.items()).length === 3, "alice's three messages");
			await first.close();
			const alicesData = first.savedStaticData();
			expect(saved(alicesData).accountId).toBe(alice.id);
			// Bob's box has moved further than Alice's: her old pts would replay his history.
			for (let n = 1; n <= 8; n++) env.world.sendMessage(carol.id, { userId: bob.id }, `bob's history ${n}`);

			const second = await live(bob.id, alicesData);
			try {
				const { caught, end } = catchUp(second.items());
				expect(caught).toEqual([]);
				expect(end).toEqual({ event: 'on_get_difference_end', account_changed: true });
				env.world.sendMessage(carol.id, { userId: bob.id }, 'live to bob');
				await eventually(() => texts(second.items()).includes('live to bob'), 'the live message');
				expect(texts(second.items())).toEqual(['live to bob']);
				await second.waitForRuns(second.emits.length, 30_000);
				expect(saved(second.staticData).accountId).toBe(bob.id);
				expect(saved(second.staticData).cursor.pts).toBe(env.world.stateOf(bob.id).pts);
			} finally {
				await second.close();
			}
		});

		it("nothing of the new account is dropped as already seen by the old one", async () => {
			const alice = env.world.addUser({ firstName: 'Alice' });
			const bob = env.world.addUser({ firstName: 'Bob' });
			const carol = env.world.addUser({ firstName: 'Carol' });
			const first = await live(alice.id);
			for (let n = 1; n <= 20; n++) env.world.sendMessage(carol.id, { userId: alice.id }, `to alice ${n}`);
			await eventually(() => texts(first.items()).length === 20, "alice's twenty messages");
			await first.close();
			const alicesData = first.savedStaticData();

			const second = await live(bob.id, alicesData);
			try {
				expect(catchUp(second.items()).end.account_changed).toBe(true);
				// Bob's message id 1: below the highest id Alice's trigger emitted in her box.
				env.world.sendMessage(carol.id, { userId: bob.id }, 'first to bob');
				env.world.sendMessage(carol.id, { userId: bob.id }, 'second to bob');
				await eventually(() => texts(second.items()).length === 2, "bob's messages");
				expect(texts(second.items())).toEqual(['first to bob', 'second to bob']);
				await second.waitForRuns(second.emits.length, 30_000);
			} finally {
				await second.close();
			}
		});

		it('the same account resumes without account_changed', async () => {
			const alice = env.world.addUser({ firstName: 'Alice' });
			const carol = env.world.addUser({ firstName: 'Carol' });
			const first = await live(alice.id);
			await first.close();
			env.world.sendMessage(carol.id, { userId: alice.id }, 'while stopped');
			const second = await live(alice.id, first.savedStaticData());
			try {
				const { caught, end } = catchUp(second.items());
				expect(texts(caught)).toEqual(['while stopped']);
				expect(end).toEqual({ event: 'on_get_difference_end' });
				await second.waitForRuns(second.emits.length, 30_000);
			} finally {
				await second.close();
			}
		});
	});

	describe('no channel gap is skipped by a cold process', () => {
		it('300 channel messages, 5 in a quiet channel and 50 private ones sent while stopped are emitted once, in order per chat', async () => {
			const alice = env.world.addUser({ firstName: 'Alice' });
			const bob = env.world.addUser({ firstName: 'Bob' });
			const news = env.world.createChannel(bob.id, 'News', { megagroup: false, memberIds: [alice.id] });
			const quiet = env.world.createChannel(bob.id, 'Quiet', { megagroup: false, memberIds: [alice.id] });
			const first = await live(alice.id);
			env.world.sendMessage(bob.id, { channelId: news.id }, 'news before');
			env.world.sendMessage(bob.id, { channelId: quiet.id }, 'quiet before');
			env.world.sendMessage(bob.id, { userId: alice.id }, 'private before');
			await eventually(() => texts(first.items()).length === 3, 'the three messages before the stop');
			await first.close();
			const data = first.savedStaticData();
			expect(Object.keys(saved(data).channelHashes ?? {}).sort()).toEqual([String(news.id), String(quiet.id)].sort());
			// A new process: no connection, no entity seen.
			await clientPool.closeAll();

			const sent: Record<string, string[]> = { news: [], quiet: [], private: [] };
			// 350 interleaved (every 7th private), and a quiet channel's message every 70.
			for (let n = 1; n <= 350; n++) {
				const kind = n % 7 === 0 ? 'private' : 'news';
				const text = `${kind} ${n}`;
				sent[kind].push(text);
				env.world.sendMessage(bob.id, kind === 'news' ? { channelId: news.id } : { userId: alice.id }, text);
				if (n % 70 === 0) {
					sent.quiet.push(`quiet ${n}`);
					env.world.sendMessage(bob.id, { channelId: quiet.id }, `quiet ${n}`);
				}
			}
			expect([sent.news.length, sent.quiet.length, sent.private.length]).toEqual([300, 5, 50]);
			const channelCalls = env.server.callCount('updates.GetChannelDifference');

			const second = await live(alice.id, data);
			try {
				const { caught, again, end } = catchUp(second.items());
				expect(end).toEqual({ event: 'on_get_difference_end' });
				expect(texts(again).every((t) => t.endsWith(' before'))).toBe(true);
				const got = texts(caught);
				expect(got).toHaveLength(355);
				expect(new Set(got).size).toBe(355);
				for (const kind of ['news', 'quiet', 'private']) expect(got.filter((t) => sent[kind].includes(t))).toEqual(sent[kind]);
				// 300 at Telegram's 100 a call for a user, plus the quiet channel.
				expect(env.server.callCount('updates.GetChannelDifference') - channelCalls).toBeGreaterThanOrEqual(4);
				await second.waitForRuns(second.emits.length, 60_000);
			} finally {
				await second.close();
			}
		}, 90_000);

		it('a channel joined while stopped is caught up from the updateChannelTooLong in the difference', async () => {
			const alice = env.world.addUser({ firstName: 'Alice' });
			const bob = env.world.addUser({ firstName: 'Bob' });
			const first = await live(alice.id);
			await first.close();
			await clientPool.closeAll();
			const channel = env.world.createChannel(bob.id, 'Joined later', { megagroup: false, memberIds: [alice.id] });
			const sent = Array.from({ length: 120 }, (_, n) => `joined ${n + 1}`);
			for (const text of sent) env.world.sendMessage(bob.id, { channelId: channel.id }, text);
			const second = await live(alice.id, first.savedStaticData());
			try {
				const { caught, end } = catchUp(second.items());
				expect(end).toEqual({ event: 'on_get_difference_end' });
				expect(texts(caught).filter((t) => t?.startsWith('joined'))).toEqual(sent);
				await second.waitForRuns(second.emits.length, 30_000);
				expect(saved(second.staticData).channelHashes?.[String(channel.id)]).toBe(channel.accessHash.toString());
			} finally {
				await second.close();
			}
		}, 60_000);

		it('a channel Telegram no longer holds the gap of is named in lost_channels; its latest messages come oldest first', async () => {
			const alice = env.world.addUser({ firstName: 'Alice' });
			const bob = env.world.addUser({ firstName: 'Bob' });
			const channel = env.world.createChannel(bob.id, 'Busy', { megagroup: false, memberIds: [alice.id] });
			const first = await live(alice.id);
			env.world.sendMessage(bob.id, { channelId: channel.id }, 'busy before');
			await eventually(() => texts(first.items()).length === 1, 'the message before the stop');
			await first.close();
			await clientPool.closeAll();
			const retain = env.world.settings.retainUpdates;
			env.world.settings.retainUpdates = 10;
			try {
				for (let n = 1; n <= 150; n++) env.world.sendMessage(bob.id, { channelId: channel.id }, `busy ${n}`);
				const second = await live(alice.id, first.savedStaticData());
				try {
					const { caught, end } = catchUp(second.items());
					expect(end).toEqual({ event: 'on_get_difference_end', updates_lost: true, lost_channels: [channel.id] });
					// channelDifferenceTooLong holds the latest 100 (a user's limit).
					expect(texts(caught)).toEqual(Array.from({ length: 100 }, (_, n) => `busy ${n + 51}`));
					await second.waitForRuns(second.emits.length, 30_000);
				} finally {
					await second.close();
				}
			} finally {
				env.world.settings.retainUpdates = retain;
			}
		});

		it('a channel left while stopped, or one whose saved access hash is wrong, is reported lost, never skipped in silence', async () => {
			const alice = env.world.addUser({ firstName: 'Alice' });
			const bob = env.world.addUser({ firstName: 'Bob' });
			const left = env.world.createChannel(bob.id, 'Left', { megagroup: true, memberIds: [alice.id] });
			const broken = env.world.createChannel(bob.id, 'Broken', { megagroup: true, memberIds: [alice.id] });
			const kept = env.world.createChannel(bob.id, 'Kept', { megagroup: true, memberIds: [alice.id] });
			const first = await live(alice.id);
			for (const c of [left, broken, kept]) env.world.sendMessage(bob.id, { channelId: c.id }, `hello ${c.title}`);
			await eventually(() => texts(first.items()).length === 3, 'one message per channel');
			await first.close();
			const data = first.savedStaticData();
			const node = saved(data);
			node.channelHashes = { ...node.channelHashes, [String(broken.id)]: '12345' };
			await clientPool.closeAll();
			for (const c of [left, broken, kept]) env.world.sendMessage(bob.id, { channelId: c.id }, `missed in ${c.title}`);
			env.world.removeChatMember(left.id, alice.id, alice.id);

			const second = await live(alice.id, data);
			try {
				const { caught, again, end } = catchUp(second.items());
				expect(texts(again).every((t) => t.startsWith('hello '))).toBe(true);
				expect(texts(caught)).toEqual(['missed in Kept']);
				expect(end.updates_lost).toBe(true);
				expect((end.lost_channels as number[]).sort()).toEqual([left.id, broken.id].sort());
				await second.waitForRuns(second.emits.length, 30_000);
				// Reported once: the next start does not report them again.
				expect(Object.keys(saved(second.staticData).cursor.channels)).toEqual([String(kept.id)]);
			} finally {
				await second.close();
			}
		});
	});
});
