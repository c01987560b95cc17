import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { Api } from 'telegram';
import { sendFileProperties, sendMedia, uploadForSend } from '../../helpers/send-media';
import type { TglOperation } from '../types';
import { secretChatTarget } from '../../helpers/secret-peer';
import { secretSendFile } from './secret-chat';

const properties: INodeProperties[] = sendFileProperties();

export const sendPhoto: TglOperation = {
	description: updateDisplayOptions({ show: { resource: ['peer'], operation: ['sendPhoto'] } }, properties),

	async execute(i, account) {
		const secret = await secretChatTarget(account, this.getNodeParameter('peer', i, undefined, { extractValue: false }));
		if (secret) return secretSendFile(this, i, account, secret, 'photo');
		const { caption, sendOptions, target, uploaded } = await uploadForSend(this, i, account);
		return sendMedia(this, i, account, target, new Api.InputMediaUploadedPhoto({ file: uploaded }), caption.text, caption.entities, sendOptions);
	},
};
