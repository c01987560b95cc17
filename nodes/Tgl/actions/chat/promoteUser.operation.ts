import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { Api } from 'telegram';
import { returnBigInt } from 'telegram/Helpers';
import { ADMIN_RIGHT_OPTIONS, adminRightsOf, DEFAULT_ADMIN_RIGHTS } from '../../helpers/admin-rights';
import { groupLocator, resolveGroup, resolveUser, userLocator } from '../../helpers/group-target';
import { inputChannelOf, inputUserOf } from '../../helpers/input-peers';
import { success } from '../../helpers/items';
import type { TglOperation } from '../types';

const properties: INodeProperties[] = [
	groupLocator(),
	userLocator(),
	{
		displayName: 'Rights',
		name: 'rights',
		type: 'multiOptions',
		options: ADMIN_RIGHT_OPTIONS,
		default: DEFAULT_ADMIN_RIGHTS,
		description:
			'What the admin may do in a supergroup or channel; you can only give rights you hold. Basic groups have no separate rights: an admin there gets them all.',
	},
	{
		displayName: 'Custom Title',
		name: 'rank',
		type: 'string',
		default: '',
		placeholder: 'e.g. Moderator',
		description: 'Supergroups and channels: the title shown instead of "admin", at most 16 characters, no emoji',
	},
];

export const promoteUser: TglOperation = {
	description: updateDisplayOptions({ show: { resource: ['chat'], operation: ['promoteUser'] } }, properties),

	async execute(i, account) {
		const rights = this.getNodeParameter('rights', i, []) as string[];
		const rank = (this.getNodeParameter('rank', i, '') as string).trim();
		const group = await resolveGroup(this, i, account);
		const user = await resolveUser(this, i, account);
		if (group.kind === 'chat') {
			if (rank) throw new NodeOperationError(this.getNode(), 'Basic groups have no custom admin titles: leave Custom Title empty', { itemIndex: i });
			await account.call(new Api.messages.EditChatAdmin({ chatId: returnBigInt(group.id), userId: inputUserOf(user), isAdmin: true }));
			return success();
		}
		// No rights would demote instead: say so rather than quietly doing the opposite.
		if (!rights.length) throw new NodeOperationError(this.getNode(), 'Choose at least one right (Demote User takes admin rights away)', { itemIndex: i });
		await account.call(
			new Api.channels.EditAdmin({ channel: inputChannelOf(group), userId: inputUserOf(user), adminRights: adminRightsOf(rights), rank }),
		);
		return success();
	},
};
