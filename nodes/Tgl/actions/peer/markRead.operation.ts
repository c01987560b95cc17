import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { Api } from 'telegram';
import { peerLocator } from '../../descriptions/peer-locator';
import { inputChannelOf } from '../../helpers/input-peers';
import { success } from '../../helpers/items';
import { resolvePeer } from '../../helpers/resolve-peer';
import { secretChatTarget } from '../../helpers/secret-peer';
import { secretMarkRead } from './secret-chat';
import type { TglOperation } from '../types';

const properties: INodeProperties[] = [peerLocator()];

export const markRead: TglOperation = {
	description: updateDisplayOptions({ show: { resource: ['peer'], operation: ['markRead'] } }, properties),

	async execute(i, account) {
		const secret = await secretChatTarget(account, this.getNodeParameter('peer', i, undefined, { extractValue: false }));
		if (secret) return secretMarkRead(this, i, account, secret);
		const target = await resolvePeer(account, this.getNodeParameter('peer', i, undefined, { extractValue: false }));
		// max_id 0: everything up to the newest message, without asking which one that is.
		if (target.kind === 'channel') {
			await account.call(new Api.channels.ReadHistory({ channel: inputChannelOf(target), maxId: 0 }));
		} else {
			await account.call(new Api.messages.ReadHistory({ peer: target.input, maxId: 0 }));
		}
		return success();
	},
};
