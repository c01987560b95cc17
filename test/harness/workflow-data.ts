// Turns test workflow JSON into what n8n keeps in its database (IWorkflowBase) and builds
// the Workflow objects the engine runs, the way n8n's WorkflowRunner does.
import { deepCopy, Workflow } from 'n8n-workflow';
import type {
	IConnections,
	IDataObject,
	INode,
	INodeTypes,
	IPinData,
	IWorkflowBase,
	IWorkflowSettings,
} from 'n8n-workflow';

import { credentialIdFor } from './credentials';

/** Workflow JSON as exported from the n8n editor; only nodes and connections are required. */
export interface WorkflowJson {
	id?: string;
	name?: string;
	nodes: INode[];
	connections: IConnections;
	settings?: IWorkflowSettings;
	pinData?: IPinData;
}

let workflowCounter = 0;

export function toWorkflowData(
	json: WorkflowJson,
	nodeTypes: INodeTypes,
	options: { active: boolean; staticData?: IDataObject; credentialTypesGiven?: string[] },
): IWorkflowBase {
	// The engine writes defaults into node.parameters: never touch the caller's objects.
	const nodes = deepCopy(json.nodes).map((node, index) => ({ ...node, id: node.id ?? `node-${index}` }));
	for (const node of nodes) assignMissingCredentials(node, nodeTypes, options.credentialTypesGiven ?? []);
	const now = new Date();
	return {
		id: json.id ?? `harness-workflow-${++workflowCounter}`,
		name: json.name ?? 'Harness workflow',
		active: options.active,
		activeVersionId: options.active ? 'harness-version' : null,
		isArchived: false,
		createdAt: now,
		updatedAt: now,
		nodes,
		connections: deepCopy(json.connections),
		// New workflows in n8n 1.x/2.x use the v1 execution order.
		settings: { executionOrder: 'v1', ...json.settings },
		pinData: json.pinData,
		// Like a database round trip: JSON only, never the caller's object.
		staticData: JSON.parse(JSON.stringify(options.staticData ?? {})) as IDataObject,
	};
}

/** A workflow built from stored data; every run gets its own, sharing nodes and static data. */
export function createWorkflow(data: IWorkflowBase, nodeTypes: INodeTypes, nodes: INode[] = data.nodes): Workflow {
	return new Workflow({
		id: data.id,
		name: data.name,
		nodes,
		connections: data.connections,
		active: data.active,
		nodeTypes,
		staticData: data.staticData,
		settings: data.settings,
		pinData: data.pinData,
	});
}

export function getNodeOrThrow(workflow: Workflow, name: string): INode {
	const node = workflow.getNode(name);
	if (!node) {
		throw new Error(`No node named "${name}" in the workflow (nodes: ${Object.keys(workflow.nodes).join(', ')})`);
	}
	return node;
}

// Hand-written test workflows often omit node.credentials; n8n would refuse to run such a node
// ("Node does not have any credentials set"), so reference the harness's credential of that type.
function assignMissingCredentials(node: INode, nodeTypes: INodeTypes, given: string[]) {
	const declared = nodeTypes.getByNameAndVersion(node.type, node.typeVersion).description.credentials ?? [];
	for (const { name } of declared) {
		if (!given.includes(name) || node.credentials?.[name]) continue;
		node.credentials = { ...node.credentials, [name]: { id: credentialIdFor(name), name } };
	}
}
