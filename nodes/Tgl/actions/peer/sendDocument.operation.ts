import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { Api } from 'telegram';
import { sendFileProperties, sendMedia, uploadForSend } from '../../helpers/send-media';
import type { TglOperation } from '../types';
import { secretChatTarget } from '../../helpers/secret-peer';
import { secretSendFile } from './secret-chat';
import { readThumbnail, thumbnailOption, uploadThumbnail } from '../../helpers/thumbnail-input';

const properties: INodeProperties[] = sendFileProperties([thumbnailOption]);

export const sendDocument: TglOperation = {
	description: updateDisplayOptions({ show: { resource: ['peer'], operation: ['sendDocument'] } }, properties),

	async execute(i, account) {
		const secret = await secretChatTarget(account, this.getNodeParameter('peer', i, undefined, { extractValue: false }));
		if (secret) return secretSendFile(this, i, account, secret, 'document');
		const thumbnail = await readThumbnail(this, i);
		const { file, caption, sendOptions, target, uploaded } = await uploadForSend(this, i, account);
		// forceFile: images and videos arrive as files to download, exactly as sent.
		const media = new Api.InputMediaUploadedDocument({
			file: uploaded,
			thumb: await uploadThumbnail(this, i, account, thumbnail),
			mimeType: file.mimeType,
			forceFile: true,
			attributes: [new Api.DocumentAttributeFilename({ fileName: file.fileName })],
		});
		return sendMedia(this, i, account, target, media, caption.text, caption.entities, sendOptions);
	},
};
