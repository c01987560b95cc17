import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { Api } from 'telegram';
import { groupLocator, resolveGroup } from '../../helpers/group-target';
import { jsonItems } from '../../helpers/items';
import { unixSeconds } from '../../helpers/unix-date';
import { isoDate, toNum } from '../../tgl/convert';
import type { TglOperation } from '../types';

const properties: INodeProperties[] = [
	groupLocator(),
	{
		displayName: 'Options',
		name: 'linkOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Expires At',
				name: 'expireDate',
				type: 'dateTime',
				default: '',
				description: 'When the link stops working (a time in the future)',
			},
			{
				displayName: 'Usage Limit',
				name: 'usageLimit',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 99999 },
				default: 1,
				description: 'How many users may join with the link, 1–99999',
			},
		],
	},
];

export const exportChatLink: TglOperation = {
	description: updateDisplayOptions({ show: { resource: ['chat'], operation: ['exportChatLink'] } }, properties),

	async execute(i, account) {
		const settings = this.getNodeParameter('linkOptions', i, {}) as { expireDate?: string; usageLimit?: number };
		const expireDate = settings.expireDate ? unixSeconds(settings.expireDate) : undefined;
		if (Number.isNaN(expireDate)) throw new NodeOperationError(this.getNode(), 'Expires At is not a date', { itemIndex: i });
		const group = await resolveGroup(this, i, account);
		const invite = await account.call(
			new Api.messages.ExportChatInvite({ peer: group.input, expireDate, usageLimit: settings.usageLimit }),
		);
		if (!(invite instanceof Api.ChatInviteExported)) {
			throw new NodeOperationError(this.getNode(), 'Telegram answered without an invite link', { itemIndex: i });
		}
		return jsonItems({
			link: invite.link,
			expire_date: isoDate(invite.expireDate),
			usage_limit: invite.usageLimit ?? null,
			admin_id: toNum(invite.adminId),
			date: isoDate(invite.date),
		});
	},
};
