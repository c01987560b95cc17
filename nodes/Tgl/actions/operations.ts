import type { INodeProperties } from 'n8n-workflow';
import { peerDescription, peerOperations } from './peer';
import type { ResourceOperations } from './types';

/** resource value → operation value → operation. */
export const operations: Record<string, ResourceOperations> = {
	peer: peerOperations,
};

export const resourceProperty: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	default: 'peer',
	options: [{ name: 'Peer', value: 'peer', description: 'A user, group or channel (tgl.Peer methods)' }],
};

export const operationProperties: INodeProperties[] = [...peerDescription];
