import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { Api } from 'telegram';
import { groupLocator, resolveGroup } from '../../helpers/group-target';
import { success } from '../../helpers/items';
import { LIMITS, withinLimit } from '../../helpers/telegram-limits';
import type { TglOperation } from '../types';

const properties: INodeProperties[] = [
	groupLocator(),
	{
		displayName: 'About',
		name: 'about',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		description: 'The new description of the group or channel, at most 255 characters; empty removes it',
	},
];

export const setChatAbout: TglOperation = {
	description: updateDisplayOptions({ show: { resource: ['chat'], operation: ['setChatAbout'] } }, properties),

	async execute(i, account) {
		const about = withinLimit(this.getNode(), i, LIMITS.chatAbout, (this.getNodeParameter('about', i, '') as string).trim());
		const group = await resolveGroup(this, i, account);
		await account.call(new Api.messages.EditChatAbout({ peer: group.input, about }));
		return success();
	},
};
