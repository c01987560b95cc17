import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { Api } from 'telegram';
import { returnBigInt } from 'telegram/Helpers';
import { peerLocator } from '../../descriptions/peer-locator';
import { jsonItems } from '../../helpers/items';
import { returnAllOrLimit, wantedCount } from '../../helpers/paging';
import { resolvePeer } from '../../helpers/resolve-peer';
import { secretChatTarget } from '../../helpers/secret-peer';
import { readMessagePage } from '../../helpers/message-page';
import { secretSearch } from './secret-chat';
import type { TglMsg } from '../../tgl/types';
import type { TglOperation } from '../types';

const PAGE = 100;

const properties: INodeProperties[] = [
	peerLocator(),
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. invoice',
		description: 'Words to look for in the messages of this chat',
	},
	...returnAllOrLimit(),
];

export const msgSearch: TglOperation = {
	description: updateDisplayOptions({ show: { resource: ['peer'], operation: ['msgSearch'] } }, properties),

	async execute(i, account) {
		const text = (this.getNodeParameter('text', i) as string).trim();
		if (!text) {
			throw new NodeOperationError(this.getNode(), 'The search text is empty (use Get History to list every message)', {
				itemIndex: i,
				description: `Item ${i}`,
			});
		}
		const wanted = wantedCount(this, i);
		const secret = await secretChatTarget(account, this.getNodeParameter('peer', i, undefined, { extractValue: false }));
		if (secret) return secretSearch(account, secret, text, wanted);
		const target = await resolvePeer(account, this.getNodeParameter('peer', i, undefined, { extractValue: false }));
		const ctx = await account.mapContext();
		const msgs: TglMsg[] = [];
		let offsetId = 0;
		while (msgs.length < wanted) {
			const limit = Math.min(PAGE, wanted - msgs.length);
			const page = await account.call(
				new Api.messages.Search({
					peer: target.input,
					q: text,
					filter: new Api.InputMessagesFilterEmpty(),
					minDate: 0,
					maxDate: 0,
					offsetId,
					addOffset: 0,
					limit,
					maxId: 0,
					minId: 0,
					hash: returnBigInt(0),
				}),
			);
			const read = readMessagePage(ctx, page);
			if (!read) break;
			const { messages } = read;
			msgs.push(...read.msgs);
			// messages.messages is the whole result; slices say how many there are in all.
			if (!messages.length || page instanceof Api.messages.Messages || msgs.length >= page.count) break;
			const last = messages[messages.length - 1].id;
			if (offsetId && last >= offsetId) break; // no progress: never loop forever
			offsetId = last;
		}
		return jsonItems(msgs);
	},
};
