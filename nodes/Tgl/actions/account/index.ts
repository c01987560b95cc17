import type { INodeProperties } from 'n8n-workflow';
import type { ResourceOperations } from '../types';
import { setProfilePhoto } from './setProfilePhoto.operation';
import { statusOffline } from './statusOffline.operation';
import { statusOnline } from './statusOnline.operation';

export const accountOperations: ResourceOperations = { setProfilePhoto, statusOnline, statusOffline };

export const accountDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['account'] } },
		default: 'statusOnline',
		options: [
			{
				name: 'Set Profile Photo',
				value: 'setProfilePhoto',
				description: 'Set your own profile photo from an image in a binary field (tgl.set_profile_photo)',
				action: 'Set your profile photo',
			},
			{
				name: 'Set Status Offline',
				value: 'statusOffline',
				description: 'Show your account as offline, last seen now (tgl.status_offline)',
				action: 'Set your status to offline',
			},
			{
				name: 'Set Status Online',
				value: 'statusOnline',
				description: 'Show your account as online; Telegram shows it for about five minutes unless renewed (tgl.status_online)',
				action: 'Set your status to online',
			},
		],
	},
	...setProfilePhoto.description,
	...statusOnline.description,
	...statusOffline.description,
];
