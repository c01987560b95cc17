import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { Api } from 'telegram';
import { returnBigInt } from 'telegram/Helpers';
import { groupLocator, resolveGroup, resolveUser, userLocator } from '../../helpers/group-target';
import { inputChannelOf, inputUserOf } from '../../helpers/input-peers';
import { success } from '../../helpers/items';
import { explainRpcError } from '../../helpers/telegram-errors';
import type { TglOperation } from '../types';

const properties: INodeProperties[] = [groupLocator(), userLocator()];

export const chatAddUser: TglOperation = {
	description: updateDisplayOptions({ show: { resource: ['chat'], operation: ['chatAddUser'] } }, properties),

	async execute(i, account) {
		const group = await resolveGroup(this, i, account);
		const user = await resolveUser(this, i, account);
		const request =
			group.kind === 'chat'
				? // tgl sent fwd_limit 100: the newcomer sees the last 100 messages.
					new Api.messages.AddChatUser({ chatId: returnBigInt(group.id), userId: inputUserOf(user), fwdLimit: 100 })
				: new Api.channels.InviteToChannel({ channel: inputChannelOf(group), users: [inputUserOf(user)] });
		const result = await account.call(request);
		// Telegram answers success but lists users whose privacy settings kept them out.
		const missing = result.missingInvitees.find((m) => m.userId.toString() === String(user.id));
		if (missing) {
			const name = 'USER_PRIVACY_RESTRICTED';
			throw new NodeOperationError(this.getNode(), `${name}: ${explainRpcError(name)}`, {
				itemIndex: i,
				description:
					'Telegram did not add the user and listed them as a missing invitee: send them an invite link instead' +
					(missing.premiumWouldAllowInvite ? ' (a Telegram Premium account could invite them)' : ''),
			});
		}
		return success();
	},
};
