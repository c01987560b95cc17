import type { INodeProperties } from 'n8n-workflow';
import type { ResourceOperations } from '../types';
import { getHistory } from './getHistory.operation';
import { info } from './info.operation';
import { sendMsg } from './sendMsg.operation';

export const peerOperations: ResourceOperations = { info, sendMsg, getHistory };

export const peerDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['peer'] } },
		default: 'sendMsg',
		options: [
			{
				name: 'Get History',
				value: 'getHistory',
				description: 'Get the messages of a chat, newest first, skipping Offset and returning up to Limit (tgl peer.get_history)',
				action: 'Get the message history of a chat',
			},
			{
				name: 'Get Info',
				value: 'info',
				description: 'Get the full profile of a user, group or channel; groups list their members (tgl peer.info)',
				action: 'Get info about a user, group or channel',
			},
			{
				name: 'Send Message',
				value: 'sendMsg',
				description: 'Send a text message, optionally as a reply and with the link preview forced on or off (tgl peer.send_msg)',
				action: 'Send a text message',
			},
		],
	},
	...info.description,
	...sendMsg.description,
	...getHistory.description,
];
