// The admin rights Promote User offers, as n8n options of chatAdminRights' flags.
import type { INodePropertyOptions } from 'n8n-workflow';
import { Api } from 'telegram';

export const ADMIN_RIGHT_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Add Admins', value: 'addAdmins', description: 'Promote others with rights they hold themselves' },
	{ name: 'Ban Users', value: 'banUsers' },
	{ name: 'Change Info', value: 'changeInfo', description: 'Title, photo and description' },
	{ name: 'Delete Messages', value: 'deleteMessages', description: 'Delete messages of others' },
	{ name: 'Edit Messages', value: 'editMessages', description: 'Channels: edit the posts of others' },
	{ name: 'Invite Users', value: 'inviteUsers', description: 'Add members and create invite links' },
	{ name: 'Manage Calls', value: 'manageCall', description: 'Start and manage video chats' },
	{ name: 'Pin Messages', value: 'pinMessages' },
	{ name: 'Post Messages', value: 'postMessages', description: 'Channels: post' },
	{ name: 'Remain Anonymous', value: 'anonymous', description: 'Supergroups: write as the group' },
];

export const DEFAULT_ADMIN_RIGHTS = ['changeInfo', 'deleteMessages', 'banUsers', 'inviteUsers', 'pinMessages', 'manageCall'];

export function adminRightsOf(rights: string[]): Api.ChatAdminRights {
	const flags: Record<string, boolean> = {};
	for (const right of rights) flags[right] = true;
	return new Api.ChatAdminRights(flags);
}
