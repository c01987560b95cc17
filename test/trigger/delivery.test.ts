// Advance Position When: the saved position passes an event only once the execution it started
// has finished (default), or as soon as it is emitted. Executions are held by a Gate node the test
// opens, so they finish in the order the test chooses.
import { createDeferredPromise, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IDeferredPromise, IExecuteFunctions, INodeExecutionData, INodeParameters, INodeType } from 'n8n-workflow';
import { createNodeTypes, startTrigger } from '../harness';
import { Tgl } from '../../nodes/Tgl/Tgl.node';
import { TglTrigger } from '../../nodes/Tgl/TglTrigger.node';
import { eventually, node, TestEnv, TGL, TGL_TRIGGER, triggered } from '../support/env';

type Item = { json: IDataObject };
const textOf = (i: Item) => (i.json.msg as IDataObject | undefined)?.text as string | undefined;
const texts = (items: Item[]) => items.filter((i) => i.json.event === 'on_msg_receive').map(textOf);

/** text → the gate holding the execution of that message; a message without one passes. */
const gates = new Map<string, IDeferredPromise<void>>();
const hold = (text: string) => gates.set(text, createDeferredPromise<void>());
const open = (text: string) => gates.get(text)!.resolve();
const failAt = (text: string) => gates.get(text)!.reject(new Error(`gate of "${text}" failed`));

class GateNode implements INodeType {
	description: INodeType['description'] = {
		displayName: 'Gate',
		name: 'gate',
		group: ['transform'],
		version: 1,
		description: 'Holds each message until the test opens its gate',
		defaults: { name: 'Gate' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		for (const item of items) {
			try {
				await gates.get(textOf(item) ?? '')?.promise;
			} catch (error) {
				throw new NodeOperationError(this.getNode(), error as Error);
			}
		}
		return [items];
	}
}

const nodeTypes = createNodeTypes({ [TGL]: new Tgl(), [TGL_TRIGGER]: new TglTrigger(), 'test.gate': new GateNode() });

describe('trigger: when the saved position advances', () => {
	let env: TestEnv;

	beforeAll(async () => {
		env = await TestEnv.start();
	});

	afterAll(async () => {
		await env.stop();
	});

	const workflow = (options: IDataObject = {}) =>
		triggered(node('Trigger', TGL_TRIGGER, { events: ['on_msg_receive', 'on_get_difference_end'], options: options as INodeParameters }), node('Gate', 'test.gate', {}));

	async function live(userId: number, options: IDataObject = {}, staticData?: IDataObject) {
		const trigger = await startTrigger(workflow(options), {
			nodeTypes,
			credentials: await env.credentials(userId),
			triggerNode: 'Trigger',
			staticData,
		});
		await eventually(() => trigger.items().some((i) => i.json.event === 'on_get_difference_end'), 'catch-up end');
		return trigger;
	}

	/**
	 * Opens every gate still held, then closes the trigger. close() waits for the executions in
	 * flight, so a check that fails while a gate is held would otherwise block until the test's
	 * timeout and hide its own message.
	 */
	async function stop(trigger: Awaited<ReturnType<typeof live>>) {
		for (const gate of gates.values()) gate.resolve();
		gates.clear();
		await trigger.close();
	}

	/** Starts the trigger again from `snapshot`, runs `check` on it, then lets its executions finish and closes it. */
	async function afterRestart(userId: number, options: IDataObject, snapshot: IDataObject, check: (restarted: Awaited<ReturnType<typeof live>>) => Promise<void> | void) {
		const restarted = await live(userId, options, snapshot);
		try {
			await check(restarted);
			await restarted.waitForRuns(restarted.emits.length);
		} finally {
			await stop(restarted);
		}
	}

	/** The execution of the message `text`, once it has finished. */
	const runOf = (trigger: Awaited<ReturnType<typeof live>>, text: string) => trigger.runs.find((r) => texts(r.output('Trigger')).includes(text));
	const finished = async (trigger: Awaited<ReturnType<typeof live>>, text: string) => {
		await eventually(() => runOf(trigger, text) !== undefined, `the execution of "${text}" to finish`);
		return runOf(trigger, text)!;
	};

	type Node = { cursor: { pts: number }; inflight?: string[] };
	const nodeData = (data: IDataObject) => data['node:Trigger'] as Node;
	/** The items a restart emitted while catching up. */
	const caughtUp = (items: Item[]) => items.slice(0, items.findIndex((i) => i.json.event === 'on_get_difference_end'));

	it('two executions in flight finishing out of order: the position stays below the oldest unfinished one; a restart emits again only what was in flight, marked', async () => {
		const alice = env.world.addUser({ firstName: 'Alice' });
		const bob = env.world.addUser({ firstName: 'Bob' });
		const trigger = await live(alice.id);
		let snapshot: IDataObject;
		try {
			const start = env.world.stateOf(alice.id).pts;
			for (const t of ['one', 'two', 'three']) hold(t);
			env.world.sendMessage(bob.id, { userId: alice.id }, 'one');
			const afterOne = env.world.stateOf(alice.id).pts;
			env.world.sendMessage(bob.id, { userId: alice.id }, 'two');
			const afterTwo = env.world.stateOf(alice.id).pts;
			await eventually(() => texts(trigger.items()).length === 2, 'both emitted');
			const position = () => nodeData(trigger.staticData).cursor.pts;
			expect(position()).toBe(start);

			open('two');
			await finished(trigger, 'two');
			// "two" finished, "one" has not: the position does not pass "one".
			expect(position()).toBe(start);

			env.world.sendMessage(bob.id, { userId: alice.id }, 'three');
			await eventually(() => texts(trigger.items()).length === 3, 'three emitted');
			// What n8n saved with the emit of "three": a crash now leaves this.
			snapshot = trigger.savedStaticData();
			expect(nodeData(snapshot).cursor.pts).toBe(start);
			expect(nodeData(snapshot).inflight).toHaveLength(2);

			open('three');
			await finished(trigger, 'three');
			expect(position()).toBe(start);
			open('one');
			await finished(trigger, 'one');
			expect(position()).toBe(env.world.stateOf(alice.id).pts);
			expect(afterTwo).toBeGreaterThan(afterOne);
			// n8n saves the trigger's data only when it emits: an execution that ends (here "one",
			// after "three" finished) saves the data it loaded at its start, unchanged, so nothing.
			expect(trigger.savedStaticData()).toEqual(snapshot);
		} finally {
			await stop(trigger);
		}

		await afterRestart(alice.id, {}, snapshot, async (restarted) => {
			const again = caughtUp(restarted.items());
			expect(texts(again)).toEqual(['one', 'three']);
			expect(again.every((i) => i.json.redelivered === true)).toBe(true);
			env.world.sendMessage(bob.id, { userId: alice.id }, 'four');
			await eventually(() => texts(restarted.items()).includes('four'), 'the live message');
			expect(restarted.items().find((i) => textOf(i) === 'four')!.json.redelivered).toBeUndefined();
		});
	});

	it('a channel first seen by a message still in flight is read again after a restart', async () => {
		const alice = env.world.addUser({ firstName: 'Alice' });
		const bob = env.world.addUser({ firstName: 'Bob' });
		const channel = env.world.createChannel(bob.id, 'New', { megagroup: false, memberIds: [alice.id] });
		const trigger = await live(alice.id);
		let snapshot: IDataObject;
		try {
			hold('first post');
			env.world.sendMessage(bob.id, { channelId: channel.id }, 'first post');
			await eventually(() => texts(trigger.items()).length === 1, 'the post emitted');
			snapshot = trigger.savedStaticData();
			open('first post');
			await finished(trigger, 'first post');
		} finally {
			await stop(trigger);
		}
		env.world.sendMessage(bob.id, { channelId: channel.id }, 'second post');

		await afterRestart(alice.id, {}, snapshot, (restarted) => {
			const caught = caughtUp(restarted.items());
			expect(texts(caught)).toEqual(['first post', 'second post']);
			expect(caught.map((i) => i.json.redelivered)).toEqual([true, undefined]);
		});
	});

	it('an edit whose execution finished is not emitted again after a restart, one in flight is', async () => {
		const alice = env.world.addUser({ firstName: 'Alice' });
		const bob = env.world.addUser({ firstName: 'Bob' });
		const options = { emitEdited: true };
		const trigger = await live(alice.id, options);
		let snapshot: IDataObject;
		try {
			const a = env.world.sendMessage(bob.id, { userId: alice.id }, 'a');
			const b = env.world.sendMessage(bob.id, { userId: alice.id }, 'b');
			await finished(trigger, 'a');
			await finished(trigger, 'b');
			hold('a, held edit');
			env.world.editMessage(bob.id, { userId: alice.id }, a.id, 'a, held edit');
			env.world.editMessage(bob.id, { userId: alice.id }, b.id, 'b, quick edit');
			await finished(trigger, 'b, quick edit');
			hold('c');
			env.world.sendMessage(bob.id, { userId: alice.id }, 'c');
			await eventually(() => texts(trigger.items()).includes('c'), 'c emitted');
			// Saved with the emit of "c": the held edit and "c" in flight, the quick edit finished.
			snapshot = trigger.savedStaticData();
			open('a, held edit');
			open('c');
			await finished(trigger, 'c');
			await finished(trigger, 'a, held edit');
		} finally {
			await stop(trigger);
		}

		await afterRestart(alice.id, options, snapshot, (restarted) => {
			const caught = caughtUp(restarted.items());
			// A difference gives new messages first, then other updates (the edit).
			expect(texts(caught)).toEqual(['c', 'a, held edit']);
			expect(caught.every((i) => i.json.redelivered === true)).toBe(true);
			expect(caught[1].json.edited).toBe(true);
		});
	});

	it('an execution that fails still moves the position past its message', async () => {
		const alice = env.world.addUser({ firstName: 'Alice' });
		const bob = env.world.addUser({ firstName: 'Bob' });
		const trigger = await live(alice.id);
		let snapshot: IDataObject;
		try {
			const start = env.world.stateOf(alice.id).pts;
			hold('doomed');
			env.world.sendMessage(bob.id, { userId: alice.id }, 'doomed');
			await eventually(() => texts(trigger.items()).length === 1, 'emitted');
			expect(nodeData(trigger.staticData).cursor.pts).toBe(start);
			failAt('doomed');
			const run = await finished(trigger, 'doomed');
			expect(run.error?.message).toContain('gate of "doomed" failed');
			expect(nodeData(trigger.staticData).cursor.pts).toBe(env.world.stateOf(alice.id).pts);
			// The next emit saves it: the failed one is no longer in flight.
			hold('next');
			env.world.sendMessage(bob.id, { userId: alice.id }, 'next');
			await eventually(() => texts(trigger.items()).length === 2, 'next emitted');
			snapshot = trigger.savedStaticData();
			expect(nodeData(snapshot).inflight).toHaveLength(1);
			open('next');
			await finished(trigger, 'next');
		} finally {
			await stop(trigger);
		}

		await afterRestart(alice.id, {}, snapshot, (restarted) => {
			expect(texts(caughtUp(restarted.items()))).toEqual(['next']);
		});
	});

	it('emitted: the position passes a message at its emit; a restart emits nothing again, even what was in flight', async () => {
		const alice = env.world.addUser({ firstName: 'Alice' });
		const bob = env.world.addUser({ firstName: 'Bob' });
		const trigger = await live(alice.id, { advancePositionWhen: 'emitted' });
		let snapshot: IDataObject;
		try {
			hold('held');
			env.world.sendMessage(bob.id, { userId: alice.id }, 'held');
			await eventually(() => texts(trigger.items()).length === 1, 'emitted');
			snapshot = trigger.savedStaticData();
			expect(nodeData(snapshot).cursor.pts).toBe(env.world.stateOf(alice.id).pts);
			expect(nodeData(snapshot).inflight ?? []).toEqual([]);
			open('held');
			await finished(trigger, 'held');
		} finally {
			await stop(trigger);
		}
		env.world.sendMessage(bob.id, { userId: alice.id }, 'while stopped');

		await afterRestart(alice.id, { advancePositionWhen: 'emitted' }, snapshot, (restarted) => {
			const caught = caughtUp(restarted.items());
			expect(texts(caught)).toEqual(['while stopped']);
			expect(caught[0].json.redelivered).toBeUndefined();
		});
	});
});
