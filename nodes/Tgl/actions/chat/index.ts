import type { INodeProperties } from 'n8n-workflow';
import type { ResourceOperations } from '../types';
import { chatAddUser } from './chatAddUser.operation';
import { chatDelUser } from './chatDelUser.operation';
import { chatSetPhoto } from './chatSetPhoto.operation';
import { createGroupChat } from './createGroupChat.operation';
import { createSecretChat } from './createSecretChat.operation';
import { discardSecretChat } from './discardSecretChat.operation';
import { getDialogList } from './getDialogList.operation';
import { importChatLink } from './importChatLink.operation';
import { renameChat } from './renameChat.operation';
import { banUser } from './banUser.operation';
import { createChannel } from './createChannel.operation';
import { demoteUser } from './demoteUser.operation';
import { exportChatLink } from './exportChatLink.operation';
import { getMembers } from './getMembers.operation';
import { leaveChat } from './leaveChat.operation';
import { promoteUser } from './promoteUser.operation';
import { setChatAbout } from './setChatAbout.operation';
import { unbanUser } from './unbanUser.operation';

export const chatOperations: ResourceOperations = {
	getDialogList,
	createGroupChat,
	importChatLink,
	renameChat,
	chatSetPhoto,
	chatAddUser,
	chatDelUser,
	createSecretChat,
	discardSecretChat,
	banUser,
	createChannel,
	demoteUser,
	exportChatLink,
	getMembers,
	leaveChat,
	promoteUser,
	setChatAbout,
	unbanUser,
};

export const chatDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['chat'] } },
		default: 'getDialogList',
		options: [
			{
				name: 'Add User',
				value: 'chatAddUser',
				description: 'Add a user to a basic group, supergroup or channel (tgl peer.chat_add_user)',
				action: 'Add a user to a group',
			},
			{
				name: 'Create Group',
				value: 'createGroupChat',
				description: 'Create a basic group with a title and one or more users; returns the new group (tgl.create_group_chat)',
				action: 'Create a group',
			},
			{
				name: 'Create Secret Chat',
				value: 'createSecretChat',
				description: 'Start an end-to-end encrypted chat with a user; returns the secret chat Peer, optionally once accepted (tgl.create_secret_chat)',
				action: 'Create a secret chat',
			},
			{
				name: 'Discard Secret Chat',
				value: 'discardSecretChat',
				description: 'End a secret chat, optionally deleting its messages on both sides; returns its Peer, now deleted',
				action: 'Discard a secret chat',
			},
			{
				name: 'Get Dialog List',
				value: 'getDialogList',
				description:
					'List your conversations, most recent first: one item per chat with its peer, latest message and whether it is unread (tgl.get_dialog_list)',
				action: 'Get the list of conversations',
			},
			{
				name: 'Join by Invite Link',
				value: 'importChatLink',
				description: 'Join a group or channel with an invite link such as t.me/+HASH; returns the joined chat (tgl.import_chat_link)',
				action: 'Join a chat by invite link',
			},
			{
				name: 'Remove User',
				value: 'chatDelUser',
				description: 'Remove a user from a basic group, supergroup or channel; removing yourself leaves it (tgl peer.chat_del_user)',
				action: 'Remove a user from a group',
			},
			{
				name: 'Rename',
				value: 'renameChat',
				description: 'Change the title of a group or channel; needs admin rights in supergroups and channels (tgl peer.rename_chat)',
				action: 'Rename a group',
			},
			{
				name: 'Set Photo',
				value: 'chatSetPhoto',
				description: 'Set the photo of a group or channel from an image in a binary field; returns the service message (tgl peer.chat_set_photo)',
				action: 'Set the photo of a group',
			},
			{
				name: 'Ban User',
				value: 'banUser',
				description: 'Remove a user from a group; in supergroups and channels they stay banned (optionally until a date) and cannot rejoin',
				action: 'Ban a user from a group',
			},
			{
				name: 'Create Channel',
				value: 'createChannel',
				description: 'Create a broadcast channel or a supergroup with a title and description; returns its Peer',
				action: 'Create a channel or supergroup',
			},
			{
				name: 'Demote User',
				value: 'demoteUser',
				description: 'Take admin rights (and the custom title) away from an admin; they stay a member',
				action: 'Demote an admin',
			},
			{
				name: 'Create Invite Link',
				value: 'exportChatLink',
				description: 'Create a new invite link to a group or channel, optionally expiring or limited in uses; needs admin rights',
				action: 'Create an invite link',
			},
			{
				name: 'Get Members',
				value: 'getMembers',
				description: 'List the members of a group or channel, or only its admins, bots, banned users or names matching a search: one item per Peer with its role',
				action: 'Get the members of a group',
			},
			{
				name: 'Leave',
				value: 'leaveChat',
				description: 'Leave a basic group, supergroup or channel',
				action: 'Leave a group or channel',
			},
			{
				name: 'Promote User',
				value: 'promoteUser',
				description: 'Make a user an admin of a group or channel, with the rights chosen and a custom title',
				action: 'Promote a user to admin',
			},
			{
				name: 'Set About',
				value: 'setChatAbout',
				description: 'Change the description of a group or channel; needs the right to change info in supergroups and channels',
				action: 'Set the description of a group',
			},
			{
				name: 'Unban User',
				value: 'unbanUser',
				description: 'Lift the ban of a user in a supergroup or channel so that they can join again',
				action: 'Unban a user',
			},
		],
	},
	...getDialogList.description,
	...createGroupChat.description,
	...importChatLink.description,
	...renameChat.description,
	...chatSetPhoto.description,
	...chatAddUser.description,
	...chatDelUser.description,
	...createSecretChat.description,
	...discardSecretChat.description,
	...banUser.description,
	...createChannel.description,
	...demoteUser.description,
	...exportChatLink.description,
	...getMembers.description,
	...leaveChat.description,
	...promoteUser.description,
	...setChatAbout.description,
	...unbanUser.description,
];
