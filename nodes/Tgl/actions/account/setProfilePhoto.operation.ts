import { updateDisplayOptions } from 'n8n-workflow';
import { Api } from 'telegram';
import { fileInputProperties, openInputFile } from '../../helpers/file-input';
import { success } from '../../helpers/items';
import { uploadFile } from '../../helpers/upload';
import type { TglOperation } from '../types';

export const setProfilePhoto: TglOperation = {
	description: updateDisplayOptions({ show: { resource: ['account'], operation: ['setProfilePhoto'] } }, fileInputProperties()),

	async execute(i, account) {
		const file = await openInputFile(this, i);
		const uploaded = await uploadFile(account, file);
		await account.call(new Api.photos.UploadProfilePhoto({ file: uploaded }));
		return success();
	},
};
