// Block a user (contacts.block).
import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { Api } from 'telegram';
import { peerLocator } from '../../descriptions/peer-locator';
import { success } from '../../helpers/items';
import { resolvePeer } from '../../helpers/resolve-peer';
import type { TglOperation } from '../types';

const properties: INodeProperties[] = [peerLocator({ description: `The user to block. ${peerLocator().description}` })];

export const blockUser: TglOperation = {
	description: updateDisplayOptions({ show: { resource: ['account'], operation: ['blockUser'] } }, properties),

	async execute(i, account) {
		const user = await resolvePeer(account, this.getNodeParameter('peer', i, undefined, { extractValue: false }), ['user']);
		await account.call(new Api.contacts.Block({ id: user.input }));
		return success();
	},
};
