// Workflow and credential JSON as n8n's import commands take them (the shape the editor exports).
import { randomUUID } from 'crypto';
import type { LoopbackCredentials } from '../telegram/loopback';
import type { N8nCredential, N8nWorkflow } from './n8n-instance';

export const TGL = 'n8n-nodes-tgl.tgl';
export const TGL_TRIGGER = 'n8n-nodes-tgl.tglTrigger';

export interface CredentialRef {
	id: string;
	name: string;
}

/** A tglApi credential (plain data; `n8n import:credentials` encrypts it). */
export function tglCredential(ref: CredentialRef, creds: LoopbackCredentials): N8nCredential {
	return {
		id: ref.id,
		name: ref.name,
		type: 'tglApi',
		data: {
			apiId: creds.apiId,
			apiHash: creds.apiHash,
			session: creds.session,
			serverHost: creds.serverHost,
			serverPort: creds.serverPort,
		},
	};
}

export interface NodeJson {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, CredentialRef>;
}

export function manualTrigger(name = 'When clicking ‘Execute workflow’'): NodeJson {
	return { id: randomUUID(), name, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };
}

export function tglNode(name: string, cred: CredentialRef, parameters: Record<string, unknown>): NodeJson {
	return { id: randomUUID(), name, type: TGL, typeVersion: 1, position: [0, 0], parameters, credentials: { tglApi: cred } };
}

export function tglTrigger(name: string, cred: CredentialRef, parameters: Record<string, unknown>): NodeJson {
	return { id: randomUUID(), name, type: TGL_TRIGGER, typeVersion: 1, position: [0, 0], parameters, credentials: { tglApi: cred } };
}

export { byId, byUsername } from '../support/locators';

/** Nodes connected one after the other, laid out left to right. */
export function chainWorkflow(id: string, name: string, nodes: NodeJson[]): N8nWorkflow {
	const connections: Record<string, unknown> = {};
	nodes.forEach((node, k) => {
		node.position = [k * 240, 0];
		if (k + 1 < nodes.length) connections[node.name] = { main: [[{ node: nodes[k + 1].name, type: 'main', index: 0 }]] };
	});
	return { id, name, nodes: nodes as unknown as Array<Record<string, unknown>>, connections, settings: { executionOrder: 'v1' }, active: false, pinData: {} };
}
