import { updateDisplayOptions } from 'n8n-workflow';
import { Api } from 'telegram';
import { success } from '../../helpers/items';
import type { TglOperation } from '../types';

export const statusOffline: TglOperation = {
	description: updateDisplayOptions({ show: { resource: ['account'], operation: ['statusOffline'] } }, []),

	async execute(i, account) {
		await account.call(new Api.account.UpdateStatus({ offline: true }));
		return success();
	},
};
