import type { INodeProperties } from 'n8n-workflow';
import { accountDescription, accountOperations } from './account';
import { chatDescription, chatOperations } from './chat';
import { contactDescription, contactOperations } from './contact';
import { msgDescription, msgOperations } from './msg';
import { peerDescription, peerOperations } from './peer';
import type { ResourceOperations } from './types';

/** resource value → operation value → operation. */
export const operations: Record<string, ResourceOperations> = {
	peer: peerOperations,
	msg: msgOperations,
	chat: chatOperations,
	contact: contactOperations,
	account: accountOperations,
};

export const resourceProperty: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	default: 'peer',
	options: [
		{ name: 'Account', value: 'account', description: 'Your own profile and online status (tgl module functions)' },
		{ name: 'Chat', value: 'chat', description: 'Dialogs and groups: list, create, join, rename, photo, members' },
		{ name: 'Contact', value: 'contact', description: 'Your contact list' },
		{ name: 'Msg', value: 'msg', description: 'A message: download its media, delete, restore, search all chats (tgl.Msg)' },
		{ name: 'Peer', value: 'peer', description: 'A user, group or channel: send, forward, read, search, history, info (tgl.Peer methods)' },
	],
};

export const operationProperties: INodeProperties[] = [
	...peerDescription,
	...msgDescription,
	...chatDescription,
	...contactDescription,
	...accountDescription,
];
