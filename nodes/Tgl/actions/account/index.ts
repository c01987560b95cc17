import type { INodeProperties } from 'n8n-workflow';
import type { ResourceOperations } from '../types';
import { blockUser } from './blockUser.operation';
import { setProfilePhoto } from './setProfilePhoto.operation';
import { statusOffline } from './statusOffline.operation';
import { statusOnline } from './statusOnline.operation';
import { unblockUser } from './unblockUser.operation';
import { updateProfile } from './updateProfile.operation';
import { updateUsername } from './updateUsername.operation';

export const accountOperations: ResourceOperations = {
	setProfilePhoto,
	statusOnline,
	statusOffline,
	// Beyond tgl
	updateProfile,
	updateUsername,
	blockUser,
	unblockUser,
};

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
				name: 'Block User',
				value: 'blockUser',
				description: 'Block a user: they can no longer message or call you',
				action: 'Block a user',
			},
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
			{
				name: 'Unblock User',
				value: 'unblockUser',
				description: 'Unblock a user you blocked',
				action: 'Unblock a user',
			},
			{
				name: 'Update Profile',
				value: 'updateProfile',
				description: 'Change your first name, last name or bio (about); outputs your Peer',
				action: 'Update your profile',
			},
			{
				name: 'Update Username',
				value: 'updateUsername',
				description: 'Set your username, or remove it; outputs your Peer',
				action: 'Update your username',
			},
		],
	},
	...setProfilePhoto.description,
	...statusOnline.description,
	...statusOffline.description,
	...updateProfile.description,
	...updateUsername.description,
	...blockUser.description,
	...unblockUser.description,
];
