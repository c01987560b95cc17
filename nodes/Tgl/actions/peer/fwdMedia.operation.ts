import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { Api } from 'telegram';
import { findMessage } from '../../helpers/fetch-message';
import { sendMedia } from '../../helpers/send-media';
import { readSendOptions, sendOptionProperties } from '../../helpers/send-options';
import { resolveSourceAndTarget, sourceToTargetProperties } from '../../helpers/source-message';
import { KIND_LABEL, mediaKind } from '../../tgl/media';
import type { TglMediaKind } from '../../tgl/types';
import type { TglOperation } from '../types';
import { optionsCollection } from '../../descriptions/options-collection';

const properties: INodeProperties[] = [
	...sourceToTargetProperties('Where to send the media.', 'The message whose media to send again.'),
	optionsCollection([
		{
			displayName: 'Keep Caption',
			name: 'keepCaption',
			type: 'boolean',
			default: true,
			description: 'Whether to send the original caption with the media',
		},
		...sendOptionProperties,
	]),
];

const WHAT_IT_HAS: Record<TglMediaKind, string> = {
	...KIND_LABEL,
	webpage: 'only a link preview',
	unknown: 'media of a kind this node cannot re-send',
};

export const fwdMedia: TglOperation = {
	description: updateDisplayOptions({ show: { resource: ['peer'], operation: ['fwdMedia'] } }, properties),

	async execute(i, account) {
		const sendOptions = readSendOptions(this, i); // a date Telegram would refuse fails before anything is fetched
		const { source, target } = await resolveSourceAndTarget(this, i, account);
		const options = this.getNodeParameter('options', i, {}) as { keepCaption?: boolean };
		const message = await findMessage(account, source);
		const fail = (text: string) => new NodeOperationError(this.getNode(), text, { itemIndex: i, description: `Item ${i}` });
		if (!message) throw fail(`Message ${source.id} was not found in the source chat (${source.chat.key}): it does not exist or was deleted`);
		if (message instanceof Api.MessageService) throw fail(`Message ${source.id} is a service message (${message.action.className}): it has no media to re-send`);
		const media = inputMediaOf(message.media);
		if (!media) {
			const kind = mediaKind(message);
			throw fail(
				kind === null
					? `Message ${source.id} is a text-only message: it has no media to re-send`
					: `Message ${source.id} has ${WHAT_IT_HAS[kind]}, which cannot be re-sent`,
			);
		}
		const keep = options.keepCaption ?? true;
		return sendMedia(this, i, account, target, media, keep ? message.message : '', keep ? message.entities : undefined, sendOptions);
	},
};

/** Photos and documents go again by reference (no upload); locations and contacts by value. */
export function inputMediaOf(media: Api.TypeMessageMedia | undefined): Api.TypeInputMedia | undefined {
	if (media instanceof Api.MessageMediaPhoto && media.photo instanceof Api.Photo) {
		const { id, accessHash, fileReference } = media.photo;
		return new Api.InputMediaPhoto({ id: new Api.InputPhoto({ id, accessHash, fileReference }) });
	}
	if (media instanceof Api.MessageMediaDocument && media.document instanceof Api.Document) {
		const { id, accessHash, fileReference } = media.document;
		return new Api.InputMediaDocument({ id: new Api.InputDocument({ id, accessHash, fileReference }) });
	}
	if (media instanceof Api.MessageMediaGeo && media.geo instanceof Api.GeoPoint) {
		return new Api.InputMediaGeoPoint({ geoPoint: new Api.InputGeoPoint({ lat: media.geo.lat, long: media.geo.long }) });
	}
	if (media instanceof Api.MessageMediaContact) {
		const { phoneNumber, firstName, lastName, vcard } = media;
		return new Api.InputMediaContact({ phoneNumber, firstName, lastName, vcard });
	}
	return undefined;
}
