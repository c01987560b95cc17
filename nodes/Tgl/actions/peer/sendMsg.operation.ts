import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { Api } from 'telegram';
import { generateRandomLong } from 'telegram/Helpers';
import { peerLocator } from '../../descriptions/peer-locator';
import { jsonItems } from '../../helpers/items';
import { resolvePeer } from '../../helpers/resolve-peer';
import { secretChatTarget } from '../../helpers/secret-peer';
import { secretSendTexts } from './secret-chat';
import { markScheduled, readSendOptions, sendOptionProperties } from '../../helpers/send-options';
import { sendOnce } from '../../helpers/sent-message';
import { LIMITS, withinLimit } from '../../helpers/telegram-limits';
import { toMsg } from '../../tgl/msg';
import { formatItemText, parseModeOption } from '../../helpers/parse-mode';
import { toSecretEntities } from '../../secret/entities';
import type { TglOperation } from '../types';
import { optionsCollection } from '../../descriptions/options-collection';

const properties: INodeProperties[] = [
	peerLocator(),
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		required: true,
		description: 'The message text (at most 4096 characters, not counting Parse Mode markup)',
	},
	optionsCollection([
		{
			displayName: 'Reply To Message ID',
			name: 'reply',
			type: 'number',
			default: 0,
			description: 'ID of the message in this chat to reply to (tgl: reply=)',
		},
		{
			displayName: 'Link Preview',
			name: 'preview',
			type: 'options',
			default: 'default',
			options: [
				{ name: 'Default', value: 'default', description: "Telegram's default: a preview for the first link" },
				{ name: 'On', value: 'on', description: 'Show a preview for the first link' },
				{ name: 'Off', value: 'off', description: 'Never show a link preview' },
			],
			description: 'Forces the link preview on or off (tgl: preview=)',
		},
		parseModeOption,
		...sendOptionProperties,
	]),
];

export const sendMsg: TglOperation = {
	description: updateDisplayOptions({ show: { resource: ['peer'], operation: ['sendMsg'] } }, properties),

	async execute(i, account) {
		// Telegram counts (and stores) the text without its markup: the limit applies to that.
		const { text, entities } = formatItemText(this, i, this.getNodeParameter('text', i) as string);
		if (!text.trim()) throw new NodeOperationError(this.getNode(), 'The message text is empty', { itemIndex: i });
		withinLimit(this.getNode(), i, LIMITS.message, text);
		const options = this.getNodeParameter('options', i, {}) as { reply?: number; preview?: string };
		const secret = await secretChatTarget(account, this.getNodeParameter('peer', i, undefined, { extractValue: false }));
		if (secret) {
			return secretSendTexts(this, i, account, secret, [text], { noWebpage: options.preview === 'off' || undefined, entities: toSecretEntities(entities) });
		}
		const sendOptions = readSendOptions(this, i);
		const target = await resolvePeer(account, this.getNodeParameter('peer', i, undefined, { extractValue: false }));
		const ctx = await account.mapContext();
		const replyToMsgId = options.reply || undefined;
		// One random_id for every attempt of this item's send: a repeat is never a second message.
		const request = new Api.messages.SendMessage({
			peer: target.input,
			message: text,
			entities: entities.length ? entities : undefined,
			randomId: generateRandomLong(),
			noWebpage: options.preview === 'off',
			replyTo: replyToMsgId ? new Api.InputReplyToMessage({ replyToMsgId }) : undefined,
			...sendOptions,
		});
		const message = await sendOnce(account, request);
		return jsonItems(markScheduled(toMsg(message, { ...ctx, disablePreview: options.preview === 'off' }), sendOptions));
	},
};
