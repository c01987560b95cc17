import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { Api } from 'telegram';
import { peerLocator } from '../../descriptions/peer-locator';
import { inputUserOf } from '../../helpers/input-peers';
import { success } from '../../helpers/items';
import { resolvePeer } from '../../helpers/resolve-peer';
import type { TglOperation } from '../types';

const properties: INodeProperties[] = [
	peerLocator({
		description:
			'The contact to remove: a user. By ID takes a user ID or a Peer object from an earlier node; By Username an @username or t.me link; By Print Name a tg print name.',
	}),
];

export const delContact: TglOperation = {
	description: updateDisplayOptions({ show: { resource: ['contact'], operation: ['delContact'] } }, properties),

	async execute(i, account) {
		const user = await resolvePeer(account, this.getNodeParameter('peer', i, undefined, { extractValue: false }), ['user']);
		await account.call(new Api.contacts.DeleteContacts({ id: [inputUserOf(user)] }));
		return success();
	},
};
