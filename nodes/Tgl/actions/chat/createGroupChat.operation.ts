import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { Api } from 'telegram';
import { inputUserOf } from '../../helpers/input-peers';
import { jsonItems } from '../../helpers/items';
import { resolvePeer } from '../../helpers/resolve-peer';
import { LIMITS, withinLimit } from '../../helpers/telegram-limits';
import { resultContext, serviceMessageOf, usersAndChatsOf } from '../../helpers/updates-result';
import { toNum } from '../../tgl/convert';
import { toPeer } from '../../tgl/peer';
import type { TglOperation } from '../types';

const properties: INodeProperties[] = [
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		default: '',
		required: true,
		description: 'The name of the new group, 1–128 characters (tgl: name)',
	},
	{
		displayName: 'Users',
		name: 'users',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. @alice, @bob or {{ [$json.msg.src] }}',
		description:
			'The users to create the group with (tgl: peer_list): @usernames, user IDs, +phones or print names separated by commas or new lines, or an expression giving a Peer object or a list of them',
	},
];

/** The users value as a list: an array or Peer object from an expression, JSON text, or a comma list. */
function userEntries(value: unknown): unknown[] {
	if (Array.isArray(value)) return value;
	if (value && typeof value === 'object') return [value];
	const text = String(value ?? '').trim();
	if (text.startsWith('[') || text.startsWith('{')) {
		try {
			const parsed = JSON.parse(text) as unknown;
			return Array.isArray(parsed) ? parsed : [parsed];
		} catch {
			// not JSON: read as a list below
		}
	}
	return text
		.split(/[,\n]+/)
		.map((s) => s.trim())
		.filter(Boolean);
}

export const createGroupChat: TglOperation = {
	description: updateDisplayOptions({ show: { resource: ['chat'], operation: ['createGroupChat'] } }, properties),

	async execute(i, account) {
		const title = (this.getNodeParameter('title', i) as string).trim();
		if (!title) throw new NodeOperationError(this.getNode(), 'The group title is empty', { itemIndex: i });
		withinLimit(this.getNode(), i, LIMITS.chatTitle, title);
		const entries = userEntries(this.getNodeParameter('users', i));
		if (!entries.length) throw new NodeOperationError(this.getNode(), 'A group needs at least one user besides you', { itemIndex: i });
		const users: Api.TypeInputUser[] = [];
		for (const entry of entries) users.push(inputUserOf(await resolvePeer(account, entry, ['user'])));
		const ctx = await account.mapContext();
		const invited = await account.call(new Api.messages.CreateChat({ users, title }));
		const result = invited.updates;
		// The "created the group" service message names the chat and the members it really got.
		const created = serviceMessageOf(result, Api.MessageActionChatCreate);
		const createdId = created?.peerId instanceof Api.PeerChat ? toNum(created.peerId.chatId) : undefined;
		const chat = usersAndChatsOf(result).chats.find(
			(c): c is Api.Chat => c instanceof Api.Chat && (createdId === undefined || toNum(c.id) === createdId),
		);
		if (!chat) throw new NodeOperationError(this.getNode(), 'Telegram created the group but its answer did not contain it', { itemIndex: i });
		const peer = toPeer(chat, resultContext(ctx, result), { participants: created?.action.users.map(toNum) });
		const missing = invited.missingInvitees.map((m) => toNum(m.userId));
		return jsonItems(missing.length ? { ...peer, missing_invitees: missing } : peer);
	},
};
