import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { Api } from 'telegram';
import { returnBigInt } from 'telegram/Helpers';
import { groupLocator, resolveGroup } from '../../helpers/group-target';
import { inputChannelOf } from '../../helpers/input-peers';
import { success } from '../../helpers/items';
import type { TglOperation } from '../types';

const properties: INodeProperties[] = [groupLocator()];

export const leaveChat: TglOperation = {
	description: updateDisplayOptions({ show: { resource: ['chat'], operation: ['leaveChat'] } }, properties),

	async execute(i, account) {
		const group = await resolveGroup(this, i, account);
		const request =
			group.kind === 'chat'
				? // Leaving a basic group is removing yourself from it.
					new Api.messages.DeleteChatUser({ chatId: returnBigInt(group.id), userId: new Api.InputUserSelf() })
				: new Api.channels.LeaveChannel({ channel: inputChannelOf(group) });
		await account.call(request);
		return success();
	},
};
