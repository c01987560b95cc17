import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { peerLocator } from '../../descriptions/peer-locator';
import { jsonItems } from '../../helpers/items';
import { describe } from '../../helpers/resolve-peer';
import { secretChatTarget } from '../../helpers/secret-peer';
import { secretChatPeer } from '../../secret/tgl-items';
import type { TglOperation } from '../types';

const properties: INodeProperties[] = [
	peerLocator({
		displayName: 'Secret Chat',
		description: 'The secret chat: its Peer object (e.g. {{ $json.peer }}), secret_chat#<id>, or its print name such as !Bob_Stone',
	}),
	{
		displayName: 'Delete History',
		name: 'deleteHistory',
		type: 'boolean',
		default: false,
		description: "Whether the chat's messages are deleted too: from the saved history here, and on the other side's devices",
	},
];

export const discardSecretChat: TglOperation = {
	description: updateDisplayOptions({ show: { resource: ['chat'], operation: ['discardSecretChat'] } }, properties),

	async execute(i, account) {
		const value = this.getNodeParameter('peer', i, undefined, { extractValue: false });
		const target = await secretChatTarget(account, value);
		if (!target) {
			throw new NodeOperationError(this.getNode(), `"${describe(value)}" is not a secret chat`, { itemIndex: i, description: `Item ${i}` });
		}
		const deleteHistory = this.getNodeParameter('deleteHistory', i, false) as boolean;
		await account.track(() => target.hub.service.discard(target.record.id, deleteHistory));
		return jsonItems(secretChatPeer(target.record, await account.mapContext()));
	},
};
