// Edit a message's text, or the caption of a media message (messages.editMessage); out the edited Msg.
import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { Api } from 'telegram';
import { jsonItems } from '../../helpers/items';
import { messageProperty } from '../../helpers/message-ref';
import { LIMITS, withinLimit } from '../../helpers/telegram-limits';
import { withEntities } from '../../tgl/context';
import { toMsg } from '../../tgl/msg';
import { formatItemText, parseModeOption } from '../../helpers/parse-mode';
import type { TglOperation } from '../types';
import { editedMessage } from './edited-message';
import { messageChatLocator } from './message-chat';
import { resolveMessageInChat } from './message-in-chat';
import { optionsCollection } from '../../descriptions/options-collection';

const properties: INodeProperties[] = [
	messageProperty,
	messageChatLocator(),
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		description:
			'The new text (at most 4096 characters), or for a photo, video or file its new caption (at most 1024; empty removes the caption)',
	},
	optionsCollection([
		{
			displayName: 'Link Preview',
			name: 'preview',
			type: 'options',
			default: 'default',
			options: [
				{ name: 'Default', value: 'default', description: "Telegram's default: a preview for the first link" },
				{ name: 'Off', value: 'off', description: 'Never show a link preview' },
			],
			description: 'Whether the edited text shows a link preview',
		},
		parseModeOption,
	]),
];

export const editMsg: TglOperation = {
	description: updateDisplayOptions({ show: { resource: ['msg'], operation: ['editMsg'] } }, properties),

	async execute(i, account) {
		const { text, entities } = formatItemText(this, i, this.getNodeParameter('text', i, '') as string);
		// Captions are checked by Telegram (MEDIA_CAPTION_TOO_LONG): which one applies depends on the message.
		withinLimit(this.getNode(), i, { ...LIMITS.message, min: 0 }, text);
		const { preview } = this.getNodeParameter('options', i, {}) as { preview?: string };
		const { id, chat } = await resolveMessageInChat(this, i, account);
		const noWebpage = preview === 'off';
		const result = await account.call(new Api.messages.EditMessage({ peer: chat.input, id, message: text, entities, noWebpage }));
		const ctx = await account.mapContext();
		const answer = result as Api.Updates;
		return jsonItems(toMsg(editedMessage(result, id), { ...withEntities(ctx, answer.users ?? [], answer.chats ?? []), disablePreview: noWebpage }));
	},
};
