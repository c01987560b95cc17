// tgl.msg_global_search: messages containing the text in every chat, newest first.
import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { Api } from 'telegram';
import { inputPeerOfEntity } from '../../helpers/dialogs';
import { jsonItems } from '../../helpers/items';
import { readMessagePage } from '../../helpers/message-page';
import { returnAllOrLimit, wantedCount } from '../../helpers/paging';
import { peerKey } from '../../tgl/peerId';
import type { TglMsg } from '../../tgl/types';
import type { TglOperation } from '../types';

/** Telegram's largest page for messages.searchGlobal. */
const PAGE = 100;

const properties: INodeProperties[] = [
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		default: '',
		required: true,
		description: 'The text to search for in all your chats (tgl: text)',
	},
	...returnAllOrLimit(50),
];

export const msgGlobalSearch: TglOperation = {
	description: updateDisplayOptions({ show: { resource: ['msg'], operation: ['msgGlobalSearch'] } }, properties),

	async execute(i, account) {
		const text = (this.getNodeParameter('text', i, '') as string).trim();
		if (!text) throw new NodeOperationError(this.getNode(), 'The search text is empty', { itemIndex: i });
		const wanted = wantedCount(this, i);
		if (!(wanted >= 1)) throw new NodeOperationError(this.getNode(), 'Limit must be 1 or more', { itemIndex: i });
		const ctx = await account.mapContext();
		const msgs: TglMsg[] = [];
		let offsetRate = 0;
		let offsetPeer: Api.TypeInputPeer = new Api.InputPeerEmpty();
		let offsetId = 0;
		let lastCursor = '';
		while (msgs.length < wanted) {
			const asked = Math.min(PAGE, wanted - msgs.length);
			const page: Api.messages.TypeMessages = await account.call(
				new Api.messages.SearchGlobal({
					q: text,
					filter: new Api.InputMessagesFilterEmpty(),
					minDate: 0,
					maxDate: 0,
					offsetRate,
					offsetPeer,
					offsetId,
					limit: asked,
				}),
			);
			const read = readMessagePage(ctx, page);
			if (!read) break;
			const found = read.messages;
			msgs.push(...read.msgs.slice(0, wanted - msgs.length));
			// messages.messages holds everything; a slice says where the next page starts.
			if (!found.length || page instanceof Api.messages.Messages) break;
			const nextRate = (page instanceof Api.messages.MessagesSlice && page.nextRate) || undefined;
			if (nextRate === undefined && found.length < asked) break;
			const last: Api.Message | Api.MessageService = found[found.length - 1];
			// A page that ends where the last one did would repeat forever.
			const cursor = `${last.peerId ? peerKey(last.peerId) : ''}/${last.id}`;
			if (cursor === lastCursor) break;
			lastCursor = cursor;
			const entity = last.peerId ? account.entities.ofPeer(last.peerId) : undefined;
			offsetRate = nextRate ?? last.date;
			offsetPeer = entity ? inputPeerOfEntity(entity, account.selfId) : new Api.InputPeerEmpty();
			offsetId = last.id;
		}
		return jsonItems(msgs);
	},
};
