import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { groupLocator, resolveGroup, resolveUser, userLocator } from '../../helpers/group-target';
import { inputChannelOf } from '../../helpers/input-peers';
import { success } from '../../helpers/items';
import type { TglOperation } from '../types';
import { editChannelBan } from './membership';

const properties: INodeProperties[] = [groupLocator(), userLocator()];

export const unbanUser: TglOperation = {
	description: updateDisplayOptions({ show: { resource: ['chat'], operation: ['unbanUser'] } }, properties),

	async execute(i, account) {
		const group = await resolveGroup(this, i, account);
		const user = await resolveUser(this, i, account);
		if (group.kind === 'chat') {
			throw new NodeOperationError(this.getNode(), 'Basic groups keep no ban list: add the user again with Add User', { itemIndex: i });
		}
		// No rights taken away: the ban is lifted and the user may join again (they are not added back).
		await editChannelBan(account, inputChannelOf(group), user.input, false);
		return success();
	},
};
