import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { Api } from 'telegram';
import { peerLocator } from '../../descriptions/peer-locator';
import { fileInputProperties } from '../../helpers/file-input';
import { resolvePeer } from '../../helpers/resolve-peer';
import { captionOption, readFileToSend, sendMedia } from '../../helpers/send-media';
import { uploadBuffer } from '../../helpers/upload';
import type { TglOperation } from '../types';

const properties: INodeProperties[] = [
	peerLocator(),
	...fileInputProperties(),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [captionOption],
	},
];

export const sendDocument: TglOperation = {
	description: updateDisplayOptions({ show: { resource: ['peer'], operation: ['sendDocument'] } }, properties),

	async execute(i, account) {
		const file = await readFileToSend(this, i);
		const options = this.getNodeParameter('options', i, {}) as { caption?: string };
		const target = await resolvePeer(account, this.getNodeParameter('peer', i, undefined, { extractValue: false }));
		const uploaded = await uploadBuffer(account, file.buffer, file.fileName);
		// forceFile: images and videos arrive as files to download, exactly as sent.
		const media = new Api.InputMediaUploadedDocument({
			file: uploaded,
			mimeType: file.mimeType,
			forceFile: true,
			attributes: [new Api.DocumentAttributeFilename({ fileName: file.fileName })],
		});
		return sendMedia(this, i, account, target, media, options.caption);
	},
};
