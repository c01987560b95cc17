// Change your own first name, last name and bio (account.updateProfile); out your Peer.
import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { Api } from 'telegram';
import { jsonItems } from '../../helpers/items';
import { LIMITS, withinLimit } from '../../helpers/telegram-limits';
import { toPeer } from '../../tgl/peer';
import type { TglOperation } from '../types';

const properties: INodeProperties[] = [
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{ displayName: 'About (Bio)', name: 'about', type: 'string', default: '', description: 'Your bio, at most 70 characters; empty removes it' },
			{ displayName: 'First Name', name: 'firstName', type: 'string', default: '', description: 'Your first name, 1–64 characters' },
			{ displayName: 'Last Name', name: 'lastName', type: 'string', default: '', description: 'Your last name, at most 64 characters; empty removes it' },
		],
	},
];

export const updateProfile: TglOperation = {
	description: updateDisplayOptions({ show: { resource: ['account'], operation: ['updateProfile'] } }, properties),

	async execute(i, account) {
		const node = this.getNode();
		const fields = this.getNodeParameter('updateFields', i, {}) as { firstName?: string; lastName?: string; about?: string };
		const { firstName, lastName, about } = fields;
		if (firstName === undefined && lastName === undefined && about === undefined) {
			throw new NodeOperationError(node, 'Nothing to update: add First Name, Last Name or About', { itemIndex: i, description: `Item ${i}` });
		}
		if (firstName !== undefined) withinLimit(node, i, LIMITS.firstName, firstName);
		if (lastName !== undefined) withinLimit(node, i, LIMITS.lastName, lastName);
		if (about !== undefined) withinLimit(node, i, LIMITS.userAbout, about);
		const user = await account.call(new Api.account.UpdateProfile({ firstName, lastName, about }));
		return jsonItems(toPeer(user as Api.User, await account.mapContext()));
	},
};
