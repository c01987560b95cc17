// Pin a message in its chat (messages.updatePinnedMessage).
import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { Api } from 'telegram';
import { messageProperty } from '../../helpers/message-ref';
import type { TglOperation } from '../types';
import { messageChatLocator } from './message-chat';
import { resolveMessageInChat } from './message-in-chat';
import { pinChangeOf } from '../../helpers/pin-change';
import { optionsCollection } from '../../descriptions/options-collection';

const properties: INodeProperties[] = [
	messageProperty,
	messageChatLocator(),
	optionsCollection([
		{
			displayName: 'Silent',
			name: 'silent',
			type: 'boolean',
			default: false,
			description: 'Whether to pin without notifying the members of the chat',
		},
		{
			displayName: 'Only For Me',
			name: 'oneSide',
			type: 'boolean',
			default: false,
			description: 'Whether, in a private chat, to pin the message on your side only',
		},
	]),
];

export const pinMsg: TglOperation = {
	description: updateDisplayOptions({ show: { resource: ['msg'], operation: ['pinMsg'] } }, properties),

	async execute(i, account) {
		const { silent = false, oneSide = false } = this.getNodeParameter('options', i, {}) as { silent?: boolean; oneSide?: boolean };
		const { id, chat } = await resolveMessageInChat(this, i, account);
		const request = new Api.messages.UpdatePinnedMessage({ peer: chat.input, id, silent, pmOneside: oneSide && chat.kind === 'user' });
		const changed = await pinChangeOf(() => account.call(request));
		return [{ json: { success: true, changed } }];
	},
};
