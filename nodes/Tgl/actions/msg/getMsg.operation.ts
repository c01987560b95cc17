// Messages by ID (messages.getMessages, or channels.getMessages where IDs are per channel): one
// item per message; an ID that is not there fails the item, naming it.
import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { Api } from 'telegram';
import { chatLabel } from '../../helpers/fetch-message';
import { inputChannelOf } from '../../helpers/input-peers';
import { jsonItems } from '../../helpers/items';
import { messageProperty, resolveMessage } from '../../helpers/message-ref';
import { resolvePeer, type TargetPeer } from '../../helpers/resolve-peer';
import { withEntities, withMessages } from '../../tgl/context';
import { toMsg } from '../../tgl/msg';
import { peerKey } from '../../tgl/peerId';
import type { TglOperation } from '../types';
import { messageChatLocator } from './message-chat';

/** Telegram's limit of ids in one getMessages call. */
export const MAX_IDS = 100;

const properties: INodeProperties[] = [
	{
		...messageProperty,
		displayName: 'Messages',
		placeholder: 'e.g. 42 or 42, 43, 44 or {{ $json.msg }}',
		description: `Message IDs, comma-separated (at most ${MAX_IDS}), or a Msg object from an earlier node, which also tells its chat`,
	},
	messageChatLocator(),
];

type Found = Api.Message | Api.MessageService;

export const getMsg: TglOperation = {
	description: updateDisplayOptions({ show: { resource: ['msg'], operation: ['getMsg'] } }, properties),

	async execute(i, account) {
		const node = this.getNode();
		const raw = this.getNodeParameter('message', i) as unknown;
		let ids: number[];
		let chat: TargetPeer | undefined;
		if (typeof raw === 'string' && raw.includes(',')) {
			const parts = raw.split(',').map((s) => s.trim()).filter(Boolean);
			ids = parts.map(Number);
			const bad = parts.find((p, k) => !Number.isSafeInteger(ids[k]) || ids[k] <= 0);
			if (bad !== undefined) throw new NodeOperationError(node, `"${bad}" is not a message ID`, { itemIndex: i });
			const peer = this.getNodeParameter('peer', i, undefined, { extractValue: false }) as { value?: unknown } | undefined;
			chat = peer && peer.value !== '' ? await resolvePeer(account, peer) : undefined;
		} else {
			const target = await resolveMessage(this, i, account, 'peer');
			ids = [target.id];
			chat = target.chat;
		}
		ids = [...new Set(ids)];
		if (ids.length > MAX_IDS) throw new NodeOperationError(node, `${ids.length} message IDs given; Telegram takes at most ${MAX_IDS} at once`, { itemIndex: i });

		const id = ids.map((n) => new Api.InputMessageID({ id: n }));
		const result =
			chat?.kind === 'channel'
				? await account.call(new Api.channels.GetMessages({ channel: inputChannelOf(chat), id }))
				: await account.call(new Api.messages.GetMessages({ id }));
		if (result instanceof Api.messages.MessagesNotModified) throw new NodeOperationError(node, 'Telegram sent no messages', { itemIndex: i });
		// Telegram answers messageEmpty for an id it does not have; private chats and basic groups
		// share the account's numbering, so there a message must also be in the chat asked for.
		const inChat = (m: Found) => !chat || chat.kind === 'channel' || !m.peerId || peerKey(m.peerId) === chat.key;
		const found = new Map<number, Found>();
		for (const m of result.messages) {
			if (!(m instanceof Api.MessageEmpty) && inChat(m)) found.set(m.id, m);
		}
		const missing = ids.filter((n) => !found.has(n));
		if (missing.length) {
			const where = chat ? ` in ${chatLabel(chat)}` : '';
			const hint = chat ? '' : '. If they are in a channel or supergroup, also set Peer: message IDs there are counted per channel';
			const list = missing.length === 1 ? `Message ${missing[0]} does` : `Messages ${missing.join(', ')} do`;
			throw new NodeOperationError(node, `${list} not exist${where} (or ${missing.length === 1 ? 'was' : 'were'} deleted)${hint}`, { itemIndex: i, description: `Item ${i}` });
		}
		const ctx = withMessages(withEntities(await account.mapContext(), result.users, result.chats), result.messages);
		return jsonItems(ids.map((n) => toMsg(found.get(n)!, ctx)));
	},
};
