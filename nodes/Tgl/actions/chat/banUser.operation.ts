import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { groupLocator, resolveGroup, resolveUser, userLocator } from '../../helpers/group-target';
import { inputChannelOf } from '../../helpers/input-peers';
import { success } from '../../helpers/items';
import { unixSeconds } from '../../helpers/unix-date';
import type { TglOperation } from '../types';
import { editChannelBan, removeFromBasicGroup } from './membership';

const properties: INodeProperties[] = [
	groupLocator(),
	userLocator(),
	{
		displayName: 'Until',
		name: 'untilDate',
		type: 'dateTime',
		default: '',
		description:
			'Supergroups and channels: when the ban ends by itself; empty bans forever (Telegram also reads under 30 seconds or over 366 days from now as forever). Basic groups have no bans: the user is removed.',
	},
];

export const banUser: TglOperation = {
	description: updateDisplayOptions({ show: { resource: ['chat'], operation: ['banUser'] } }, properties),

	async execute(i, account) {
		const untilDate = unixSeconds(this.getNodeParameter('untilDate', i, ''));
		if (Number.isNaN(untilDate)) throw new NodeOperationError(this.getNode(), 'The Until date is not a date', { itemIndex: i });
		const group = await resolveGroup(this, i, account);
		const user = await resolveUser(this, i, account);
		if (group.kind === 'chat') {
			// Basic groups only remove: the user sees the group as forbidden until added again.
			await removeFromBasicGroup(account, group, user);
			return success();
		}
		await editChannelBan(account, inputChannelOf(group), user.input, true, untilDate);
		return success();
	},
};
