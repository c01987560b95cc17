import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { Api } from 'telegram';
import { peerLocator } from '../../descriptions/peer-locator';
import { success } from '../../helpers/items';
import { resolvePeer } from '../../helpers/resolve-peer';
import { secretChatTarget } from '../../helpers/secret-peer';
import { secretSendTypingAbort } from './secret-chat';
import type { TglOperation } from '../types';

const properties: INodeProperties[] = [peerLocator()];

export const sendTypingAbort: TglOperation = {
	description: updateDisplayOptions({ show: { resource: ['peer'], operation: ['sendTypingAbort'] } }, properties),

	async execute(i, account) {
		const secret = await secretChatTarget(account, this.getNodeParameter('peer', i, undefined, { extractValue: false }));
		if (secret) return secretSendTypingAbort(this, i, secret);
		const target = await resolvePeer(account, this.getNodeParameter('peer', i, undefined, { extractValue: false }));
		await account.call(new Api.messages.SetTyping({ peer: target.input, action: new Api.SendMessageCancelAction() }));
		return success();
	},
};
