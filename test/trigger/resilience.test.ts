// No message lost: restarts from the saved cursor, dropped connections, pts gaps, differences
// too long, shared connections, revoked sessions.
import type { IDataObject } from 'n8n-workflow';
import { chain, eventually, node, TestEnv, TGL_TRIGGER, tgl, triggered } from '../support/env';

const texts = (items: { json: IDataObject }[]) => items.filter((i) => i.json.event === 'on_msg_receive').map((i) => (i.json.msg as IDataObject).text as string);

describe('trigger: no message lost', () => {
	let env: TestEnv;

	beforeAll(async () => {
		env = await TestEnv.start();
	});

	afterAll(async () => {
		await env.stop();
	});

	const workflow = (events = ['on_msg_receive', 'on_get_difference_end']) => triggered(node('Trigger', TGL_TRIGGER, { events }));

	async function live(userId: number, staticData?: IDataObject, events?: string[]) {
		const trigger = await env.trigger(workflow(events), userId, { staticData });
		await eventually(() => trigger.items().some((i) => i.json.event === 'on_get_difference_end'), 'catch-up end');
		return trigger;
	}

	it('restart: the 500 messages sent while stopped are emitted once, in order, before on_get_difference_end', async () => {
		const alice = env.world.addUser({ firstName: 'Alice' });
		const bob = env.world.addUser({ firstName: 'Bob' });
		const group = env.world.createGroup(bob.id, 'Group', [alice.id]);
		const channel = env.world.createChannel(bob.id, 'News', { megagroup: false, memberIds: [alice.id] });
		const first = await live(alice.id);
		for (let n = 1; n <= 3; n++) env.world.sendMessage(bob.id, { userId: alice.id }, `before ${n}`);
		env.world.sendMessage(bob.id, { chatId: group.id }, 'before 4');
		env.world.sendMessage(bob.id, { channelId: channel.id }, 'before 5');
		await first.waitForItems(6); // difference end + 5
		expect(texts(first.items())).toEqual(['before 1', 'before 2', 'before 3', 'before 4', 'before 5']);
		await first.close();
		const saved = first.savedStaticData();

		const sent: Record<string, string[]> = { private: [], group: [], channel: [] };
		for (let n = 1; n <= 500; n++) {
			const kind = n % 5 === 0 ? 'channel' : n % 5 === 1 ? 'group' : 'private';
			const text = `offline ${n}`;
			sent[kind].push(text);
			if (kind === 'private') env.world.sendMessage(bob.id, { userId: alice.id }, text);
			else if (kind === 'group') env.world.sendMessage(bob.id, { chatId: group.id }, text);
			else env.world.sendMessage(bob.id, { channelId: channel.id }, text);
		}

		const second = await env.trigger(workflow(), alice.id, { staticData: saved });
		try {
			await eventually(() => second.items().some((i) => i.json.event === 'on_get_difference_end'), 'catch-up end', 20_000);
			const items = second.items();
			const endAt = items.findIndex((i) => i.json.event === 'on_get_difference_end');
			// n8n saves the position only when the trigger emits: executions that finished after the
			// last emit before the stop are not known as finished, and come again, marked.
			const again = items.slice(0, endAt).filter((i) => i.json.redelivered === true);
			expect(texts(again).every((t) => t.startsWith('before'))).toBe(true);
			const caught = items.slice(0, endAt).filter((i) => i.json.redelivered !== true);
			expect(caught).toHaveLength(500);
			const got = texts(caught);
			expect(new Set(got).size).toBe(500);
			const byChat = (prefix: string[]) => got.filter((t) => prefix.includes(t));
			for (const kind of ['private', 'group', 'channel']) expect(byChat(sent[kind])).toEqual(sent[kind]);

			env.world.sendMessage(bob.id, { userId: alice.id }, 'live after restart');
			await eventually(() => texts(second.items()).includes('live after restart'), 'live message');
			expect(texts(second.items()).filter((t) => t === 'live after restart')).toHaveLength(1);
			expect(texts(second.items().filter((i) => i.json.redelivered !== true)).filter((t) => t.startsWith('before'))).toEqual([]);
			// Let n8n finish the executions the emits started before the trigger is closed.
			await second.waitForRuns(second.emits.length, 30_000);
		} finally {
			await second.close();
		}
	}, 60_000);

	it('the saved cursor keeps up with the server when messages come through differences', async () => {
		const alice = env.world.addUser({ firstName: 'Alice' });
		const trigger = await live(alice.id);
		try {
			// Strangers: their short updates name users the client has not seen, so each one is
			// fetched with getDifference; a lost push is filled the same way.
			for (let n = 1; n <= 3; n++) {
				const stranger = env.world.addUser({ firstName: `Stranger ${n}` });
				if (n === 2) env.faults.dropPushes(alice.id, 1);
				env.world.sendMessage(stranger.id, { userId: alice.id }, `from stranger ${n}`);
				if (n === 2) env.world.sendMessage(stranger.id, { userId: alice.id }, 'after the lost push');
			}
			await eventually(() => texts(trigger.items()).length === 4, 'the four messages');
			expect(texts(trigger.items())).toEqual(['from stranger 1', 'from stranger 2', 'after the lost push', 'from stranger 3']);
			// What n8n saves with the next execution: the position the differences reached.
			const cursor = () => (trigger.staticData['node:Trigger'] as { cursor: { pts: number } }).cursor;
			await eventually(() => cursor().pts === env.world.stateOf(alice.id).pts, 'the cursor to reach the server');
			await trigger.waitForRuns(trigger.emits.length, 30_000);
		} finally {
			await trigger.close();
		}
	});

	it('a connection dropped mid-stream: every message arrives once', async () => {
		const alice = env.world.addUser({ firstName: 'Alice' });
		const bob = env.world.addUser({ firstName: 'Bob' });
		const trigger = await live(alice.id);
		try {
			for (let n = 1; n <= 60; n++) {
				env.world.sendMessage(bob.id, { userId: alice.id }, `m${n}`);
				if (n === 20 || n === 40) env.server.dropConnections(alice.id);
				if (n % 10 === 0) await new Promise((r) => setTimeout(r, 20));
			}
			// A message emitted twice would come before one sent after all of them.
			env.world.sendMessage(bob.id, { userId: alice.id }, 'sentinel');
			await eventually(() => texts(trigger.items()).includes('sentinel'), 'all 60 messages and the sentinel', 20_000);
			expect(texts(trigger.items())).toEqual([...Array.from({ length: 60 }, (_, n) => `m${n + 1}`), 'sentinel']);
		} finally {
			await trigger.close();
		}
	}, 30_000);

	it('a pts gap (lost pushes) is filled with getDifference', async () => {
		const alice = env.world.addUser({ firstName: 'Alice' });
		const bob = env.world.addUser({ firstName: 'Bob' });
		const trigger = await live(alice.id);
		try {
			env.world.sendMessage(bob.id, { userId: alice.id }, 'one');
			await eventually(() => texts(trigger.items()).length === 1, 'one');
			env.faults.dropPushes(alice.id, 2);
			env.world.sendMessage(bob.id, { userId: alice.id }, 'two (lost push)');
			env.world.sendMessage(bob.id, { userId: alice.id }, 'three (lost push)');
			const calls = env.server.callCount('updates.GetDifference');
			env.world.sendMessage(bob.id, { userId: alice.id }, 'four');
			await eventually(() => texts(trigger.items()).length === 4, 'gap filled');
			expect(texts(trigger.items())).toEqual(['one', 'two (lost push)', 'three (lost push)', 'four']);
			expect(env.server.callCount('updates.GetDifference')).toBeGreaterThan(calls);
		} finally {
			await trigger.close();
		}
	});

	it('pushes lost with nothing after them are found by the idle check', async () => {
		const alice = env.world.addUser({ firstName: 'Alice' });
		const bob = env.world.addUser({ firstName: 'Bob' });
		const { engineFor } = await import('../../nodes/Tgl/updates/registry');
		const { clientPool } = await import('../../nodes/Tgl/transport/client-pool');
		const { toTglCredentials } = await import('../../nodes/Tgl/transport/credentials');
		const trigger = await live(alice.id);
		try {
			env.faults.dropPushes(alice.id, 1);
			env.world.sendMessage(bob.id, { userId: alice.id }, 'silent');
			const account = await clientPool.acquire(toTglCredentials((await env.credentials(alice.id)).tglApi as never));
			await engineFor(account).check(); // what the poll timer does while idle
			clientPool.release(account);
			await eventually(() => texts(trigger.items()).includes('silent'), 'found by getState');
		} finally {
			await trigger.close();
		}
	});

	it("the account's own deletes move pts without looking like a gap", async () => {
		const alice = env.world.addUser({ firstName: 'Alice' });
		const bob = env.world.addUser({ firstName: 'Bob' });
		const trigger = await live(alice.id);
		try {
			const sent = env.world.sendMessage(bob.id, { userId: alice.id }, 'to delete');
			await eventually(() => texts(trigger.items()).length === 1, 'first');
			const run = await env.run(chain([{}], tgl('Delete', 'msg', 'deleteMsg', { message: String(sent.boxes[alice.id]) })), alice.id);
			expect(run.error).toBeUndefined();
			const differences = env.server.callCount('updates.GetDifference');
			env.world.sendMessage(bob.id, { userId: alice.id }, 'after delete');
			await eventually(() => texts(trigger.items()).includes('after delete'), 'next message');
			expect(env.server.callCount('updates.GetDifference')).toBe(differences);
		} finally {
			await trigger.close();
		}
	});

	it('differenceTooLong: skips ahead, says so, and goes on live', async () => {
		const alice = env.world.addUser({ firstName: 'Alice' });
		const bob = env.world.addUser({ firstName: 'Bob' });
		const first = await live(alice.id);
		await first.close();
		const saved = first.savedStaticData();
		const retain = env.world.settings.retainUpdates;
		env.world.settings.retainUpdates = 10;
		try {
			for (let n = 1; n <= 50; n++) env.world.sendMessage(bob.id, { userId: alice.id }, `old ${n}`);
			const second = await env.trigger(workflow(), alice.id, { staticData: saved });
			try {
				await eventually(() => second.items().some((i) => i.json.event === 'on_get_difference_end'), 'catch-up end');
				const end = second.items().find((i) => i.json.event === 'on_get_difference_end')!;
				expect(end.json.updates_lost).toBe(true);
				env.world.sendMessage(bob.id, { userId: alice.id }, 'new');
				await eventually(() => texts(second.items()).includes('new'), 'live after too long');
			} finally {
				await second.close();
			}
		} finally {
			env.world.settings.retainUpdates = retain;
		}
	});

	it('two trigger workflows on one account share one connection and both get everything', async () => {
		const alice = env.world.addUser({ firstName: 'Alice' });
		const bob = env.world.addUser({ firstName: 'Bob' });
		const opened = env.server.connectionsOpened;
		const one = await live(alice.id);
		const two = await live(alice.id);
		try {
			for (let n = 1; n <= 10; n++) env.world.sendMessage(bob.id, { userId: alice.id }, `x${n}`);
			await eventually(() => texts(one.items()).length === 10 && texts(two.items()).length === 10, 'both got 10');
			expect(texts(one.items())).toEqual(texts(two.items()));
			expect(env.server.connectionsOpened - opened).toBe(1);
			expect(env.server.sessionsOf(alice.id)).toHaveLength(1);
		} finally {
			await one.close();
			await two.close();
		}
	});

	it('a revoked session stops the trigger loudly and does not spin', async () => {
		const alice = env.world.addUser({ firstName: 'Alice' });
		const bob = env.world.addUser({ firstName: 'Bob' });
		const trigger = await live(alice.id);
		try {
			env.server.revoke(alice.id);
			env.world.sendMessage(bob.id, { userId: alice.id }, 'after revoke');
			env.faults.dropPushes(alice.id, 0);
			const { engineFor } = await import('../../nodes/Tgl/updates/registry');
			const { clientPool } = await import('../../nodes/Tgl/transport/client-pool');
			const { toTglCredentials } = await import('../../nodes/Tgl/transport/credentials');
			const account = await clientPool.acquire(toTglCredentials((await env.credentials(alice.id)).tglApi as never));
			void engineFor(account).check();
			clientPool.release(account);
			const error = await trigger.waitForError();
			expect(error.message).toMatch(/SESSION_REVOKED/);
			const calls = env.server.calls.length;
			await new Promise((r) => setTimeout(r, 500));
			expect(env.server.calls.length - calls).toBeLessThan(5);
		} finally {
			await trigger.close();
		}
	});
});
