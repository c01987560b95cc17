// A resource locator's "From List" request, as n8n's editor backend serves it: the node type's
// listSearch method called on n8n-core's LoadOptionsContext with the filter and the page token.
import { LoadOptionsContext } from 'n8n-core';
import type { INodeListSearchResult, INodeTypes } from 'n8n-workflow';
import { createAdditionalData } from './additional-data';
import { HarnessCredentialsHelper, type CredentialsInput } from './credentials';
import { ensureN8nServices } from './n8n-services';
import { createWorkflow, getNodeOrThrow, toWorkflowData, type WorkflowJson } from './workflow-data';

export interface ListSearchOptions extends CredentialsInput {
	nodeTypes: INodeTypes;
	/** The node whose parameter asks, and the parameter (e.g. 'peer'). */
	nodeName: string;
	parameter: string;
	filter?: string;
	paginationToken?: string;
}

export async function listSearch(json: WorkflowJson, method: string, opts: ListSearchOptions): Promise<INodeListSearchResult> {
	await ensureN8nServices();
	const data = toWorkflowData(json, opts.nodeTypes, { active: false, credentialTypesGiven: Object.keys(opts.credentials ?? {}) });
	const workflow = createWorkflow(data, opts.nodeTypes);
	const node = getNodeOrThrow(workflow, opts.nodeName);
	// The editor asks outside any execution: no execution id, no hooks.
	const additionalData = createAdditionalData(new HarnessCredentialsHelper(opts, opts.nodeTypes));
	const nodeType = opts.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	const search = nodeType.methods?.listSearch?.[method];
	if (!search) throw new Error(`${node.type} has no listSearch method "${method}"`);
	const context = new LoadOptionsContext(workflow, node, additionalData, `parameters.${opts.parameter}`);
	return search.call(context, opts.filter, opts.paginationToken);
}
