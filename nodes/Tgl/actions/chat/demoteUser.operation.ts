import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { Api } from 'telegram';
import { returnBigInt } from 'telegram/Helpers';
import { groupLocator, resolveGroup, resolveUser, userLocator } from '../../helpers/group-target';
import { inputChannelOf, inputUserOf } from '../../helpers/input-peers';
import { success } from '../../helpers/items';
import type { TglOperation } from '../types';

const properties: INodeProperties[] = [groupLocator(), userLocator()];

export const demoteUser: TglOperation = {
	description: updateDisplayOptions({ show: { resource: ['chat'], operation: ['demoteUser'] } }, properties),

	async execute(i, account) {
		const group = await resolveGroup(this, i, account);
		const user = await resolveUser(this, i, account);
		if (group.kind === 'chat') {
			await account.call(new Api.messages.EditChatAdmin({ chatId: returnBigInt(group.id), userId: inputUserOf(user), isAdmin: false }));
			return success();
		}
		// Empty rights take the admin status (and its title) away; the user stays a member.
		await account.call(
			new Api.channels.EditAdmin({ channel: inputChannelOf(group), userId: inputUserOf(user), adminRights: new Api.ChatAdminRights({}), rank: '' }),
		);
		return success();
	},
};
