import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { Api } from 'telegram';
import { returnBigInt } from 'telegram/Helpers';
import { peerLocator } from '../../descriptions/peer-locator';
import { jsonItems } from '../../helpers/items';
import { resolvePeer } from '../../helpers/resolve-peer';
import { secretChatTarget } from '../../helpers/secret-peer';
import { readMessagePage } from '../../helpers/message-page';
import { secretHistory } from './secret-chat';
import type { TglMsg } from '../../tgl/types';
import type { TglOperation } from '../types';

const PAGE = 100;

const properties: INodeProperties[] = [
	peerLocator(),
	{
		displayName: 'Offset',
		name: 'offset',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description: 'How many of the newest messages to skip (tgl: offset)',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 100,
		description: 'Max number of messages to return, newest first (tgl: limit)',
	},
];

export const getHistory: TglOperation = {
	description: updateDisplayOptions({ show: { resource: ['peer'], operation: ['getHistory'] } }, properties),

	async execute(i, account) {
		const offset = this.getNodeParameter('offset', i, 0) as number;
		const limit = this.getNodeParameter('limit', i, 100) as number;
		if (offset < 0 || limit < 1) {
			throw new NodeOperationError(this.getNode(), 'Offset must be 0 or more and Limit 1 or more', { itemIndex: i });
		}
		const secret = await secretChatTarget(account, this.getNodeParameter('peer', i, undefined, { extractValue: false }));
		if (secret) return secretHistory(account, secret, offset, limit);
		const target = await resolvePeer(account, this.getNodeParameter('peer', i, undefined, { extractValue: false }));
		const ctx = await account.mapContext();
		const msgs: TglMsg[] = [];
		let offsetId = 0;
		let addOffset = offset;
		while (msgs.length < limit) {
			const page: Api.messages.TypeMessages = await account.call(
				new Api.messages.GetHistory({
					peer: target.input,
					offsetId,
					offsetDate: 0,
					addOffset,
					limit: Math.min(PAGE, limit - msgs.length),
					maxId: 0,
					minId: 0,
					hash: returnBigInt(0),
				}),
			);
			const read = readMessagePage(ctx, page);
			if (!read) break;
			const { messages } = read;
			msgs.push(...read.msgs);
			if (messages.length < Math.min(PAGE, limit - msgs.length + messages.length)) break;
			offsetId = messages[messages.length - 1].id;
			addOffset = 0;
		}
		return jsonItems(msgs);
	},
};
