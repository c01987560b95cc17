import type { INode } from 'n8n-workflow';

import { configureHarness, createNodeTypes, runWorkflow } from '.';
import { FIXTURE_TYPES, fixtureNodes } from './fixtures';

// Binary data mode is global to n8n's services, so it is chosen per test file, before any run.
configureHarness({ binaryDataMode: 'default' });

const node = (name: string, type: string, parameters = {}): INode => ({
	id: name,
	name,
	type,
	typeVersion: 1,
	position: [0, 0],
	parameters,
});

it("keeps binary data inside the item in 'default' (in-memory) mode", async () => {
	const workflow = {
		nodes: [
			node('Start', 'test.start'),
			node('Action', FIXTURE_TYPES.action, { makeBinary: true }),
			node('Reader', FIXTURE_TYPES.binaryReader),
		],
		connections: {
			Start: { main: [[{ node: 'Action', type: 'main' as const, index: 0 }]] },
			Action: { main: [[{ node: 'Reader', type: 'main' as const, index: 0 }]] },
		},
	};
	const result = await runWorkflow(workflow, {
		nodeTypes: createNodeTypes(fixtureNodes()),
		credentials: { fixtureApi: { apiKey: 'k' } },
	});
	expect(result.error).toBeUndefined();
	const binary = result.output('Action')[0].binary?.data;
	expect(binary?.id).toBeUndefined();
	expect(Buffer.from(binary?.data ?? '', 'base64').toString()).toBe('hello');
	expect(result.output('Reader')[0].json.text).toBe('hello');
});
