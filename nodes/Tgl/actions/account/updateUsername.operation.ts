// Set or remove your own username (account.updateUsername); out your Peer.
import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { Api } from 'telegram';
import { jsonItems } from '../../helpers/items';
import { LIMITS, withinLimit } from '../../helpers/telegram-limits';
import { toPeer } from '../../tgl/peer';
import type { TglOperation } from '../types';

const properties: INodeProperties[] = [
	{
		displayName: 'Username',
		name: 'username',
		type: 'string',
		default: '',
		placeholder: 'e.g. alice_smith',
		description: 'The new username without @: 5–32 letters a–z, digits and underscores. Empty removes your username.',
	},
];

export const updateUsername: TglOperation = {
	description: updateDisplayOptions({ show: { resource: ['account'], operation: ['updateUsername'] } }, properties),

	async execute(i, account) {
		const username = (this.getNodeParameter('username', i, '') as string).trim().replace(/^@/, '');
		if (username) withinLimit(this.getNode(), i, LIMITS.username, username);
		const user = await account.call(new Api.account.UpdateUsername({ username }));
		return jsonItems(toPeer(user as Api.User, await account.mapContext()));
	},
};
