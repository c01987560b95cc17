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
		typeOptions: { minValue: 0, numberPrecision: 3 },
		default: 0,
		description: 'Length of the video; apps show it before playing (0 = unknown)',
	},
	{
		displayName: 'Height',
		name: 'height',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description: 'Height of the video in pixels (0 = unknown)',
	},
	{
		displayName: 'Supports Streaming',
		name: 'supportsStreaming',
		type: 'boolean',
		default: true,
		description: 'Whether apps may start playing before the whole file is downloaded (true for web-optimized MP4)',
	},
	thumbnailOption,
	{
		displayName: 'Width',
		name: 'width',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description: 'Width of the video in pixels (0 = unknown)',
	},
]);

interface VideoOptions {
	caption?: string;
	duration?: number;
	width?: number;
	height?: number;
	supportsStreaming?: boolean;
}

export const sendVideo: TglOperation = {
	description: updateDisplayOptions({ show: { resource: ['peer'], operation: ['sendVideo'] } }, properties),

	async execute(i, account) {
		const secret = await secretChatTarget(account, this.getNodeParameter('peer', i, undefined, { extractValue: false }));
		if (secret) return secretSendFile(this, i, account, secret, 'video');
		const thumbnail = await readThumbnail(this, i);
		const { file, options, caption, sendOptions, target, uploaded } = await uploadForSend<VideoOptions>(this, i, account);
		// tg sent every video as 100x100, 100 s; we send what the user knows, else 0 (unknown).
		const media = new Api.InputMediaUploadedDocument({
			file: uploaded,
			thumb: await uploadThumbnail(this, i, account, thumbnail),
			mimeType: mediaMimeType(file, 'video'),
			attributes: [
				new Api.DocumentAttributeVideo({
					duration: options.duration ?? 0,
					w: Math.round(options.width ?? 0),
					h: Math.round(options.height ?? 0),
					supportsStreaming: options.supportsStreaming ?? true,
				}),
				new Api.DocumentAttributeFilename({ fileName: file.fileName }),
			],
		});
		return sendMedia(this, i, account, target, media, caption.text, caption.entities, sendOptions);
	},
};
