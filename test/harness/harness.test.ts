import type { IConnections, IDataObject, INode, INodeParameters } from 'n8n-workflow';

import { createNodeTypes, runWorkflow, startTrigger, WorkflowRunError } from '.';
import { FIXTURE_TYPES, FixtureApi, fixtureNodes } from './fixtures';

const nodeTypes = createNodeTypes(fixtureNodes());
const apiKey = 'sekret-123';
const harness = { nodeTypes, credentials: { fixtureApi: { apiKey } }, credentialTypes: [new FixtureApi()] };

const node = (name: string, type: string, parameters: INodeParameters = {}, extra: Partial<INode> = {}): INode => ({
	id: name,
	name,
	type,
	typeVersion: 1,
	position: [0, 0],
	parameters,
	...extra,
});

/** Each node feeds the next. */
function chain(...nodes: INode[]): { nodes: INode[]; connections: IConnections } {
	const connections: IConnections = {};
	nodes.slice(1).forEach((to, k) => {
		connections[nodes[k].name] = { main: [[{ node: to.name, type: 'main', index: 0 }]] };
	});
	return { nodes, connections };
}

const start = (items: IDataObject[]) => node('Start', 'test.start', { items: JSON.stringify(items) });
const action = (parameters: INodeParameters = {}, extra: Partial<INode> = {}) =>
	node('Action', FIXTURE_TYPES.action, parameters, extra);
const trigger = (parameters: INodeParameters = {}) => node('Trigger', FIXTURE_TYPES.trigger, parameters);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('runWorkflow', () => {
	it('starts from test.start with one empty item when it has no items parameter', async () => {
		const result = await runWorkflow(chain(node('Start', 'test.start'), action()), harness);
		expect(result.error).toBeUndefined();
		expect(result.output('Action').map((i) => i.json)).toEqual([
			{ seen: true, secret_len: apiKey.length, region: 'eu-1', note: '' },
		]);
	});

	it('resolves expressions against each item', async () => {
		const workflow = chain(
			start([{ x: 1, msg: { src: 'a' } }, { x: 2, msg: { src: 'b' } }]),
			action({ note: '={{$json.msg.src}}-{{$json.x * 10}}' }),
		);
		const result = await runWorkflow(workflow, harness);
		expect(result.output('Action').map((i) => i.json.note)).toEqual(['a-10', 'b-20']);
	});

	it('processes every item with credentials (defaults applied) and pairedItem', async () => {
		const result = await runWorkflow(chain(start([{ a: 1 }, { a: 2 }, { a: 3 }]), action()), harness);
		expect(result.run.status).toBe('success');
		const out = result.output('Action');
		expect(out.map((i) => i.json)).toEqual(
			[1, 2, 3].map((a) => ({ a, seen: true, secret_len: apiKey.length, region: 'eu-1', note: '' })),
		);
		expect(out.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.output('Nope')).toEqual([]);
	});

	it('fails the run on an item error without Continue On Fail, naming node and item', async () => {
		const result = await runWorkflow(chain(start([{ a: 1 }, { fail: true }, { a: 3 }]), action()), harness);
		expect(result.run.status).toBe('error');
		expect(result.error).toBeInstanceOf(WorkflowRunError);
		expect(result.error).toMatchObject({ nodeName: 'Action', itemIndex: 1, name: 'NodeOperationError' });
		expect(result.error?.context.itemIndex).toBe(1);
		expect(result.error?.message).toBe('bad item [node "Action", item 1]');
		expect(result.output('Action')).toEqual([]);
	});

	it("with onError 'continueRegularOutput' reports the failed item and carries on", async () => {
		const workflow = chain(start([{ a: 1 }, { fail: true }, { a: 3 }]), action({}, { onError: 'continueRegularOutput' }));
		const result = await runWorkflow(workflow, harness);
		expect(result.error).toBeUndefined();
		const out = result.output('Action');
		expect(out.map((i) => i.json.error ?? i.json.a)).toEqual([1, 'bad item', 3]);
		expect(out[1].pairedItem).toEqual({ item: 1 });
	});

	it('stores binary data through the binary data service and reads it back', async () => {
		const reader = node('Reader', FIXTURE_TYPES.binaryReader);
		const result = await runWorkflow(chain(start([{ a: 1 }]), action({ makeBinary: true }), reader), harness);
		expect(result.error).toBeUndefined();
		// n8n 2.x default (filesystem mode): the item holds a reference, the bytes are on disk.
		const binary = result.output('Action')[0].binary?.data;
		expect(binary).toMatchObject({ fileName: 'h.txt', mimeType: 'text/plain', bytes: 5 });
		expect(binary?.id).toMatch(/^filesystem-v2:workflows\/.+\/executions\/\d+\/binary_data\//);
		expect(result.output('Reader').map((i) => i.json)).toEqual([
			{ text: 'hello', fileName: 'h.txt', mimeType: 'text/plain' },
		]);
	});

	it('resolves expressions in credential fields, as n8n does', async () => {
		const credentials = { fixtureApi: { apiKey: '={{ "ab" + "cd" }}', region: 'us-2' } };
		const result = await runWorkflow(chain(start([{}]), action()), { ...harness, credentials });
		expect(result.output('Action')[0].json).toMatchObject({ secret_len: 4, region: 'us-2' });
	});

	it('fails a node whose credential the harness was not given', async () => {
		const result = await runWorkflow(chain(start([{}]), action()), { nodeTypes });
		expect(result.error?.message).toMatch(/credentials/i);
		expect(result.error?.nodeName).toBe('Action');
	});

	it('rejects unknown node types and missing start nodes with clear messages', async () => {
		await expect(runWorkflow(chain(start([{}]), node('X', 'nope.nope')), harness)).rejects.toThrow(
			/Unknown node type "nope.nope"/,
		);
		await expect(runWorkflow(chain(action()), harness)).rejects.toThrow(/test.start/);
	});
});

describe('startTrigger', () => {
	it('emits and runs the rest of the workflow for each emit', async () => {
		const active = await startTrigger(chain(trigger(), action({ note: '=n{{$json.n}}' })), {
			...harness,
			triggerNode: 'Trigger',
		});
		const runs = await active.waitForRuns(3);
		await active.close();
		expect(active.isActive()).toBe(false);
		expect(active.items().slice(0, 3).map((i) => i.json)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
		expect(runs[0].run.mode).toBe('trigger');
		expect(runs[0].output('Action').map((i) => i.json)).toEqual([
			{ n: 1, seen: true, secret_len: apiKey.length, region: 'eu-1', note: 'n1' },
		]);
		// closeFunction stopped the timer.
		const emitted = active.emits.length;
		await sleep(150);
		expect(active.emits.length).toBe(emitted);
	});

	it('keeps static data as n8n saved it, so a restart continues from it', async () => {
		const first = await startTrigger(chain(trigger()), { ...harness, triggerNode: 'Trigger' });
		await first.waitForItems(3);
		await first.close();
		const saved = first.savedStaticData();
		const lastN = first.items().at(-1)?.json.n;
		// Saved at the last emit; what closeFunction writes afterwards is never saved, as in n8n.
		expect(saved).toMatchObject({ 'node:Trigger': { counter: lastN } });
		expect(first.staticData['node:Trigger']).toEqual({ counter: lastN, closed: true });

		const second = await startTrigger(chain(trigger()), { ...harness, triggerNode: 'Trigger', staticData: saved });
		const [item] = await second.waitForItems(1);
		await second.close();
		expect(item.json).toEqual({ n: (lastN as number) + 1 });
	});

	it('does not save what the trigger writes after its last emit, like n8n on deactivation', async () => {
		const active = await startTrigger(chain(trigger()), { ...harness, triggerNode: 'Trigger' });
		// Wait until no execution is in flight; from there on everything up to close() is synchronous,
		// so the timer cannot emit again before closeFunction clears it.
		let runs = (await active.waitForRuns(2)).length;
		while (runs !== active.emits.length) runs = (await active.waitForRuns(active.emits.length)).length;
		await active.close();
		expect(active.staticData['node:Trigger']).toEqual({ counter: runs, closed: true });
		expect(active.savedStaticData()).toEqual({ 'node:Trigger': { counter: runs } });
	});

	it('with runDownstream false runs only the trigger node', async () => {
		const active = await startTrigger(chain(trigger(), action()), {
			...harness,
			triggerNode: 'Trigger',
			runDownstream: false,
		});
		const [run] = await active.waitForRuns(1);
		await active.close();
		expect(run.output('Trigger').map((i) => i.json)).toEqual([{ n: 1 }]);
		expect(run.output('Action')).toEqual([]);
	});

	it('records emitError and deactivates the trigger, as n8n does', async () => {
		const active = await startTrigger(chain(trigger({ failAt: 3 })), { ...harness, triggerNode: 'Trigger' });
		const error = await active.waitForError();
		expect(error.message).toBe('failing at 3');
		await active.close();
		expect(active.isActive()).toBe(false);
		expect(active.items().map((i) => i.json.n)).toEqual([1, 2]);
		expect(active.savedStaticData()).toMatchObject({ 'node:Trigger': { counter: 2 } });
	});

	it('resolves the donePromise of an emit with the finished execution', async () => {
		const active = await startTrigger(chain(trigger({ awaitExecution: true }), action({}, { onError: 'stopWorkflow' })), {
			...harness,
			triggerNode: 'Trigger',
		});
		await active.waitForRuns(2);
		await active.close();
		const executed = active.staticData['node:Trigger'] as IDataObject;
		expect((executed.executed as string[]).slice(0, 2)).toEqual(['1:success', '2:success']);
	});

	it('rejects a wait that times out with a clear message', async () => {
		const active = await startTrigger(chain(trigger({ intervalMs: 60_000 })), { ...harness, triggerNode: 'Trigger' });
		await expect(active.waitForItems(1, 100)).rejects.toThrow(
			/Timed out after 100 ms: waiting for 1 items from trigger "Trigger", got 0/,
		);
		await active.close();
	});

	it('in manual mode passes the first emit to one manual execution', async () => {
		const active = await startTrigger(chain(trigger(), action({ note: '=n{{$json.n}}' })), {
			...harness,
			triggerNode: 'Trigger',
			mode: 'manual',
		});
		const [run] = await active.waitForRuns(1);
		expect(run.run.mode).toBe('manual');
		expect(run.error).toBeUndefined();
		expect(run.output('Action').map((i) => i.json.note)).toEqual(['n1']);
		await sleep(150); // no timer in manual mode: nothing more arrives
		expect(active.items().map((i) => i.json)).toEqual([{ n: 1 }]);
		expect(active.isActive()).toBe(false);
		await active.close();
		// n8n does not save static data of manual executions.
		expect(active.savedStaticData()).toEqual({});
		expect(active.staticData['node:Trigger']).toEqual({ counter: 1, closed: true });
	});

	it('in manual mode, closing before any event cancels the execution and calls closeFunction', async () => {
		const active = await startTrigger(chain(trigger({ manualEmit: false }), action()), {
			...harness,
			triggerNode: 'Trigger',
			mode: 'manual',
		});
		await sleep(50);
		expect(active.isActive()).toBe(true);
		await active.close();
		expect(active.isActive()).toBe(false);
		expect(active.emits).toEqual([]);
		expect(active.staticData['node:Trigger']).toEqual({ closed: true });
	});
});
