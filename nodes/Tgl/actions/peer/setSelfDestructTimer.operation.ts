import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { peerLocator } from '../../descriptions/peer-locator';
import { secretChatTarget } from '../../helpers/secret-peer';
import { secretSetTimer } from './secret-chat';
import type { TglOperation } from '../types';

const properties: INodeProperties[] = [
	peerLocator(),
	{
		displayName: 'Self-Destruct Timer (Seconds)',
		name: 'seconds',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description: 'Messages sent from now on in this secret chat, by either side, delete themselves this many seconds after they are read; 0 turns the timer off',
	},
];

/** tgl_do_set_encr_chat_ttl: the secret chat's timer, told to the other side end to end. */
export const setSelfDestructTimer: TglOperation = {
	description: updateDisplayOptions({ show: { resource: ['peer'], operation: ['setSelfDestructTimer'] } }, properties),

	async execute(i, account) {
		const seconds = this.getNodeParameter('seconds', i) as number;
		const secret = await secretChatTarget(account, this.getNodeParameter('peer', i, undefined, { extractValue: false }));
		if (!secret) {
			throw new NodeOperationError(this.getNode(), 'Set Self-Destruct Timer works only in secret chats: give a secret chat (its Peer, secret_chat#<id> or its "!" name)', {
				itemIndex: i,
				description: `Item ${i}`,
			});
		}
		return secretSetTimer(this, i, account, secret, seconds);
	},
};
