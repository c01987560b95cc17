import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { Api } from 'telegram';
import { groupLocator, resolveGroup, resolveUser, userLocator } from '../../helpers/group-target';
import { inputChannelOf } from '../../helpers/input-peers';
import { success } from '../../helpers/items';
import { explainRpcError } from '../../helpers/telegram-errors';
import { updatesOf } from '../../helpers/updates-result';
import type { TglOperation } from '../types';
import { editChannelBan, removeFromBasicGroup } from './membership';

const properties: INodeProperties[] = [
	groupLocator(),
	userLocator(),
	{
		displayName: 'Keep Banned',
		name: 'ban',
		type: 'boolean',
		default: false,
		description:
			'Whether a user removed from a supergroup or channel stays on its ban list, so that they cannot rejoin by link or be added again until unbanned. Basic groups have no ban list.',
	},
];

export const chatDelUser: TglOperation = {
	description: updateDisplayOptions({ show: { resource: ['chat'], operation: ['chatDelUser'] } }, properties),

	async execute(i, account) {
		const group = await resolveGroup(this, i, account);
		const user = await resolveUser(this, i, account);
		if (group.kind === 'chat') {
			await removeFromBasicGroup(account, group, user);
			return success();
		}
		const channel = inputChannelOf(group);
		if (user.id === (await account.me()).id.toJSNumber()) {
			// Removing yourself is leaving: Telegram refuses to ban yourself.
			await account.call(new Api.channels.LeaveChannel({ channel }));
			return success();
		}
		// In supergroups and channels a member is removed by banning them from viewing messages.
		const result = await editChannelBan(account, channel, user.input, true);
		// An answer without updates changed nothing: the user was no member (Telegram only noted a ban).
		const removed = updatesOf(result).length > 0;
		// Like a basic group's removal, the user may come back unless asked to stay banned.
		if (!this.getNodeParameter('ban', i, false)) await editChannelBan(account, channel, user.input, false);
		if (!removed) {
			const name = 'USER_NOT_PARTICIPANT';
			throw new NodeOperationError(this.getNode(), `${name}: ${explainRpcError(name)}`, { itemIndex: i });
		}
		return success();
	},
};

