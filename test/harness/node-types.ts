// The node-type registry n8n's Workflow and WorkflowExecute look nodes up in, plus the tests'
// own start node (n8n-nodes-base with its Manual Trigger is not installed here).
import { NodeConnectionTypes, NodeHelpers } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IVersionedNodeType,
} from 'n8n-workflow';

export const START_NODE_TYPE = 'test.start';

/** Outputs one item per object of its `items` parameter (a JSON array), or one empty item. */
export class TestStartNode implements INodeType {
	description: INodeType['description'] = {
		displayName: 'Test Start',
		name: 'start',
		group: ['input'],
		version: 1,
		description: 'Starts a test workflow with fixed items',
		defaults: { name: 'Start' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{
				displayName: 'Items',
				name: 'items',
				type: 'json',
				default: '',
				description: 'JSON array of objects, one output item each; empty means one empty item',
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('items', 0, '') as unknown;
		return [parseStartItems(raw).map((json) => ({ json }))];
	}
}

function parseStartItems(raw: unknown): IDataObject[] {
	if (raw === '' || raw === undefined || raw === null) return [{}];
	const value = typeof raw === 'string' ? (JSON.parse(raw) as unknown) : raw;
	const list = Array.isArray(value) ? value : [value];
	for (const entry of list) {
		if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
			throw new Error(`test.start: every entry of "items" must be an object, got ${JSON.stringify(entry)}`);
		}
	}
	return list as IDataObject[];
}

/** `nodes` keys are full type names as used in workflow JSON, e.g. 'n8n-nodes-tgl.tgl'. */
export function createNodeTypes(nodes: Record<string, INodeType | IVersionedNodeType>): INodeTypes {
	const registry: Record<string, INodeType | IVersionedNodeType> = {
		[START_NODE_TYPE]: new TestStartNode(),
		...nodes,
	};
	const lookup = (type: string) => {
		const found = registry[type];
		if (!found) {
			throw new Error(`Unknown node type "${type}"; the harness knows: ${Object.keys(registry).join(', ')}`);
		}
		return found;
	};
	return {
		getByName: (type) => lookup(type),
		// Resolves versioned nodes to the INodeType of the requested typeVersion, as n8n's NodeTypes does.
		getByNameAndVersion: (type, version) => NodeHelpers.getVersionedNodeType(lookup(type), version),
		getKnownTypes: () =>
			Object.fromEntries(Object.keys(registry).map((type) => [type, { className: type, sourcePath: '' }])),
	};
}
