import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { Api } from 'telegram';
import { jsonItems } from '../../helpers/items';
import { LIMITS, withinLimit } from '../../helpers/telegram-limits';
import { resultContext, updatesOf, usersAndChatsOf } from '../../helpers/updates-result';
import { toNum } from '../../tgl/convert';
import { toPeer } from '../../tgl/peer';
import type { TglOperation } from '../types';

const properties: INodeProperties[] = [
	{
		displayName: 'Type',
		name: 'channelType',
		type: 'options',
		default: 'channel',
		options: [
			{ name: 'Channel', value: 'channel', description: 'A broadcast channel: only admins post' },
			{ name: 'Supergroup', value: 'supergroup', description: 'A group where members write, with admins, bans and up to 200,000 members' },
		],
	},
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		default: '',
		required: true,
		description: 'The name of the new channel or supergroup, 1–128 characters',
	},
	{
		displayName: 'About',
		name: 'about',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		description: 'The description shown in its info, at most 255 characters',
	},
];

export const createChannel: TglOperation = {
	description: updateDisplayOptions({ show: { resource: ['chat'], operation: ['createChannel'] } }, properties),

	async execute(i, account) {
		const title = (this.getNodeParameter('title', i) as string).trim();
		withinLimit(this.getNode(), i, LIMITS.chatTitle, title);
		const about = withinLimit(this.getNode(), i, LIMITS.chatAbout, (this.getNodeParameter('about', i, '') as string).trim());
		const megagroup = this.getNodeParameter('channelType', i) === 'supergroup';
		const ctx = await account.mapContext();
		const result = await account.call(
			new Api.channels.CreateChannel({ title, about, broadcast: !megagroup || undefined, megagroup: megagroup || undefined }),
		);
		// The updateChannel of the answer names the new channel among the chats it carries.
		const created = updatesOf(result).find((u): u is Api.UpdateChannel => u instanceof Api.UpdateChannel);
		const channels = usersAndChatsOf(result).chats.filter((c): c is Api.Channel => c instanceof Api.Channel);
		const channel = channels.find((c) => !created || toNum(c.id) === toNum(created.channelId)) ?? channels[0];
		if (!channel) throw new NodeOperationError(this.getNode(), 'Telegram created the channel but its answer did not contain it', { itemIndex: i });
		return jsonItems(toPeer(channel, resultContext(ctx, result)));
	},
};
