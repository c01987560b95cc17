// Send a copy of a message to a peer: its text and entities, or its media by reference with its
// caption, with no "forwarded" header (Telegram has no copy method for user accounts).
import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { Api } from 'telegram';
import { generateRandomLong } from 'telegram/Helpers';
import { findMessage } from '../../helpers/fetch-message';
import { jsonItems } from '../../helpers/items';
import { sendMedia } from '../../helpers/send-media';
import { sendOnce } from '../../helpers/sent-message';
import { resolveSourceAndTarget, sourceToTargetProperties } from '../../helpers/source-message';
import { LIMITS, withinLimit } from '../../helpers/telegram-limits';
import { mediaKind } from '../../tgl/media';
import { toMsg } from '../../tgl/msg';
import { inputMediaOf } from '../peer/fwdMedia.operation';
import type { TglOperation } from '../types';
import { optionsCollection } from '../../descriptions/options-collection';

const properties: INodeProperties[] = [
	...sourceToTargetProperties('Where to send the copy.', 'The message to copy.'),
	optionsCollection([
		{
			displayName: 'New Caption',
			name: 'caption',
			type: 'string',
			typeOptions: { rows: 2 },
			default: '',
			description: 'For a message with media: send it with this caption (at most 1024 characters) instead of its own',
		},
	]),
];

export const copyMsg: TglOperation = {
	description: updateDisplayOptions({ show: { resource: ['msg'], operation: ['copyMsg'] } }, properties),

	async execute(i, account) {
		const { caption } = this.getNodeParameter('options', i, {}) as { caption?: string };
		const newCaption = caption ? withinLimit(this.getNode(), i, LIMITS.caption, caption) : undefined;
		const { source, target } = await resolveSourceAndTarget(this, i, account);
		const message = await findMessage(account, source);
		const fail = (text: string) => new NodeOperationError(this.getNode(), text, { itemIndex: i, description: `Item ${i}` });
		if (!message) throw fail(`Message ${source.id} was not found in the source chat (${source.chat.key}): it does not exist or was deleted`);
		if (message instanceof Api.MessageService) throw fail(`Message ${source.id} is a service message (${message.action.className}): it cannot be copied`);

		const hasMedia = !!message.media && !(message.media instanceof Api.MessageMediaWebPage);
		if (!hasMedia) {
			if (newCaption !== undefined) throw fail(`Message ${source.id} is a text message: New Caption applies only to a message with media`);
			const request = new Api.messages.SendMessage({
				peer: target.input,
				message: message.message,
				entities: message.entities,
				noWebpage: !message.media || undefined,
				randomId: generateRandomLong(),
			});
			const ctx = await account.mapContext();
			return jsonItems(toMsg(await sendOnce(account, request), { ...ctx, disablePreview: !message.media }));
		}
		const media = inputMediaOf(message.media);
		if (!media) throw fail(`Message ${source.id} has media of a kind (${mediaKind(message) ?? 'unknown'}) that cannot be copied`);
		if (newCaption !== undefined) return sendMedia(this, i, account, target, media, newCaption);
		return sendMedia(this, i, account, target, media, message.message, message.entities);
	},
};
