import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { Api } from 'telegram';
import { mediaMimeType, sendFileProperties, sendMedia, uploadForSend } from '../../helpers/send-media';
import type { TglOperation } from '../types';
import { secretChatTarget } from '../../helpers/secret-peer';
import { secretSendFile } from './secret-chat';
import { readThumbnail, thumbnailOption, uploadThumbnail } from '../../helpers/thumbnail-input';

const properties: INodeProperties[] = sendFileProperties([
	{
		displayName: 'Duration (Seconds)',
		name: 'duration',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description: 'Length of the audio in whole seconds (0 = unknown)',
	},
	{
		displayName: 'Performer',
		name: 'performer',
		type: 'string',
		default: '',
		description: 'Artist shown in the music player',
	},
	thumbnailOption,
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		default: '',
		description: 'Track title shown in the music player',
	},
]);

interface AudioOptions {
	caption?: string;
	duration?: number;
	title?: string;
	performer?: string;
}

export const sendAudio: TglOperation = {
	description: updateDisplayOptions({ show: { resource: ['peer'], operation: ['sendAudio'] } }, properties),

	async execute(i, account) {
		const secret = await secretChatTarget(account, this.getNodeParameter('peer', i, undefined, { extractValue: false }));
		if (secret) return secretSendFile(this, i, account, secret, 'audio');
		const thumbnail = await readThumbnail(this, i);
		const { file, options, caption, sendOptions, target, uploaded } = await uploadForSend<AudioOptions>(this, i, account);
		const media = new Api.InputMediaUploadedDocument({
			file: uploaded,
			thumb: await uploadThumbnail(this, i, account, thumbnail),
			mimeType: mediaMimeType(file, 'audio'),
			attributes: [
				new Api.DocumentAttributeAudio({
					duration: Math.round(options.duration ?? 0),
					title: options.title || undefined,
					performer: options.performer || undefined,
				}),
				new Api.DocumentAttributeFilename({ fileName: file.fileName }),
			],
		});
		return sendMedia(this, i, account, target, media, caption.text, caption.entities, sendOptions);
	},
};
