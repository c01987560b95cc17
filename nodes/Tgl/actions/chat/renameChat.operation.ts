import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { Api } from 'telegram';
import { returnBigInt } from 'telegram/Helpers';
import { groupLocator, resolveGroup } from '../../helpers/group-target';
import { inputChannelOf } from '../../helpers/input-peers';
import { success } from '../../helpers/items';
import { LIMITS, withinLimit } from '../../helpers/telegram-limits';
import type { TglOperation } from '../types';

const properties: INodeProperties[] = [
	groupLocator(),
	{
		displayName: 'New Title',
		name: 'title',
		type: 'string',
		default: '',
		required: true,
		description: 'The new name of the group or channel, 1–128 characters (tgl: new_name)',
	},
];

export const renameChat: TglOperation = {
	description: updateDisplayOptions({ show: { resource: ['chat'], operation: ['renameChat'] } }, properties),

	async execute(i, account) {
		const title = (this.getNodeParameter('title', i) as string).trim();
		if (!title) throw new NodeOperationError(this.getNode(), 'The new title is empty', { itemIndex: i });
		withinLimit(this.getNode(), i, LIMITS.chatTitle, title);
		const group = await resolveGroup(this, i, account);
		const request =
			group.kind === 'chat'
				? new Api.messages.EditChatTitle({ chatId: returnBigInt(group.id), title })
				: new Api.channels.EditTitle({ channel: inputChannelOf(group), title });
		await account.call(request);
		return success();
	},
};
