// Operations that answer {success: true} give every item its own object: a later node that
// changes one item's json in place (as n8n lets nodes do) changes only that item.
import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { createNodeTypes, runWorkflow } from '../harness';
import { byUsername, chain, node, TestEnv, tgl, TGL } from '../support/env';
import { Tgl } from '../../nodes/Tgl/Tgl.node';

/** Writes each item's index into its json, in place (what a Code node's `item.json.x = …` does). */
class MarkInPlace implements INodeType {
	description: INodeType['description'] = {
		displayName: 'Mark In Place',
		name: 'markInPlace',
		group: ['transform'],
		version: 1,
		description: 'Sets json.index on each input item without copying it',
		defaults: { name: 'Mark' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		items.forEach((item, index) => (item.json.index = index));
		return [items];
	}
}

describe('items of operations that only succeed', () => {
	let env: TestEnv;

	beforeAll(async () => {
		env = await TestEnv.start();
	});

	afterAll(async () => {
		await env.stop();
	});

	it('are one object per item, so an in-place change to one leaves the other alone', async () => {
		const alice = env.world.addUser({ firstName: 'Alice' });
		env.world.addUser({ firstName: 'Bob', username: 'bob_items' });
		const nodeTypes = createNodeTypes({ [TGL]: new Tgl(), 'test.markInPlace': new MarkInPlace() });
		const run = await runWorkflow(
			chain([{ n: 1 }, { n: 2 }], tgl('Typing', 'peer', 'sendTyping', { peer: byUsername('@bob_items') }), node('Mark', 'test.markInPlace', {})),
			{ nodeTypes, credentials: await env.credentials(alice.id) },
		);
		expect(run.error).toBeUndefined();
		const typing = run.output('Typing');
		expect(typing[0].json).not.toBe(typing[1].json);
		expect(run.output('Mark').map((i) => i.json)).toEqual([
			{ success: true, index: 0 },
			{ success: true, index: 1 },
		]);
	});
});
