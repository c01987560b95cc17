import { updateDisplayOptions } from 'n8n-workflow';
import { dialogPages } from '../../helpers/dialogs';
import { jsonItems } from '../../helpers/items';
import { returnAllOrLimit, wantedCount } from '../../helpers/paging';
import { withEntities, withMessages } from '../../tgl/context';
import { toDialog } from '../../tgl/dialog';
import type { TglDialog } from '../../tgl/types';
import type { TglOperation } from '../types';

export const getDialogList: TglOperation = {
	description: updateDisplayOptions({ show: { resource: ['chat'], operation: ['getDialogList'] } }, returnAllOrLimit(50)),

	async execute(i, account) {
		const max = wantedCount(this, i);
		const ctx = await account.mapContext();
		const dialogs: TglDialog[] = [];
		for await (const { result, dialogs: page } of dialogPages(account, max, 100)) {
			// Each page carries the users, chats and top messages its dialogs need.
			const pageCtx = withMessages(withEntities(ctx, result.users, result.chats), result.messages);
			for (const d of page) {
				const dialog = toDialog(d, pageCtx);
				if (dialog) dialogs.push(dialog);
			}
		}
		return jsonItems(dialogs.slice(0, max));
	},
};
