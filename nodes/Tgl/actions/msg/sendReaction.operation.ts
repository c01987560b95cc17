// Put an emoji reaction on a message, or remove yours (messages.sendReaction).
import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { Api } from 'telegram';
import { messageProperty } from '../../helpers/message-ref';
import type { TglOperation } from '../types';
import { messageChatLocator } from './message-chat';
import { resolveMessageInChat } from './message-in-chat';

const properties: INodeProperties[] = [
	messageProperty,
	messageChatLocator(),
	{
		displayName: 'Reaction',
		name: 'reaction',
		type: 'string',
		default: '👍',
		placeholder: 'e.g. 👍',
		description: 'One emoji that Telegram offers as a reaction (e.g. 👍 ❤ 🔥 🎉). Empty removes your reaction.',
	},
];

/** Telegram's reaction emoji carry no variation selector ("❤", not "❤️"), which keyboards add. */
export function reactionEmoji(text: string): string {
	return text.trim().replace(/\uFE0F/g, '');
}

export const sendReaction: TglOperation = {
	description: updateDisplayOptions({ show: { resource: ['msg'], operation: ['sendReaction'] } }, properties),

	async execute(i, account) {
		const emoji = reactionEmoji(this.getNodeParameter('reaction', i, '') as string);
		const { id, chat } = await resolveMessageInChat(this, i, account);
		const reaction = emoji ? [new Api.ReactionEmoji({ emoticon: emoji })] : undefined;
		await account.call(new Api.messages.SendReaction({ peer: chat.input, msgId: id, reaction }));
		return [{ json: { success: true, reaction: emoji || null } }];
	},
};
