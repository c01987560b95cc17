import type { INodeProperties } from 'n8n-workflow';
import type { ResourceOperations } from '../types';
import { addContact } from './addContact.operation';
import { delContact } from './delContact.operation';
import { getContactList } from './getContactList.operation';
import { renameContact } from './renameContact.operation';

export const contactOperations: ResourceOperations = { getContactList, addContact, delContact, renameContact };

export const contactDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['contact'] } },
		default: 'getContactList',
		options: [
			{
				name: 'Add',
				value: 'addContact',
				description: 'Save a phone number as a contact with a first and optional last name; returns the added user (tgl.add_contact)',
				action: 'Add a contact',
			},
			{
				name: 'Delete',
				value: 'delContact',
				description: 'Remove a user from your contact list (tgl.del_contact)',
				action: 'Delete a contact',
			},
			{
				name: 'Get List',
				value: 'getContactList',
				description: 'List your contacts: one item per user (tgl.get_contact_list)',
				action: 'Get the contact list',
			},
			{
				name: 'Rename',
				value: 'renameContact',
				description: 'Change the first and last name a contact is saved under, found by phone number (tgl.rename_contact)',
				action: 'Rename a contact',
			},
		],
	},
	...getContactList.description,
	...addContact.description,
	...delContact.description,
	...renameContact.description,
];
