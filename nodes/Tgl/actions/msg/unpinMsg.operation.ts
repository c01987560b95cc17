// Unpin one message, or with no message every pinned message of the chat
// (messages.updatePinnedMessage with unpin / messages.unpinAllMessages).
import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { Api } from 'telegram';
import { messageProperty } from '../../helpers/message-ref';
import { resolvePeer } from '../../helpers/resolve-peer';
import type { TglOperation } from '../types';
import { messageChatLocator } from './message-chat';
import { resolveMessageInChat } from './message-in-chat';
import { pinChangeOf } from '../../helpers/pin-change';

const properties: INodeProperties[] = [
	{
		...messageProperty,
		required: false,
		description: `${messageProperty.description}. Empty: unpin every pinned message of the chat given in Peer.`,
	},
	messageChatLocator(),
];

export const unpinMsg: TglOperation = {
	description: updateDisplayOptions({ show: { resource: ['msg'], operation: ['unpinMsg'] } }, properties),

	async execute(i, account) {
		const raw = this.getNodeParameter('message', i, '') as unknown;
		if (raw === '' || raw === null || raw === undefined) {
			const peer = this.getNodeParameter('peer', i, undefined, { extractValue: false }) as { value?: unknown } | undefined;
			if (!peer || peer.value === '') {
				throw new NodeOperationError(this.getNode(), 'Set Message to unpin one message, or Peer to unpin every pinned message of that chat', {
					itemIndex: i,
					description: `Item ${i}`,
				});
			}
			const chat = await resolvePeer(account, peer);
			const affected = await account.call(new Api.messages.UnpinAllMessages({ peer: chat.input }));
			return [{ json: { success: true, changed: affected.ptsCount > 0 } }];
		}
		const { id, chat } = await resolveMessageInChat(this, i, account);
		const changed = await pinChangeOf(() => account.call(new Api.messages.UpdatePinnedMessage({ peer: chat.input, id, unpin: true })));
		return [{ json: { success: true, changed } }];
	},
};
