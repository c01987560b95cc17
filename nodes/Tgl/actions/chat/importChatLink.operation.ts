import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { Api } from 'telegram';
import { jsonItems } from '../../helpers/items';
import { resultContext, serviceMessageOf, updatesOf, usersAndChatsOf } from '../../helpers/updates-result';
import { toNum } from '../../tgl/convert';
import { participantIds, toPeer } from '../../tgl/peer';
import { peerKey, entityKey } from '../../tgl/peerId';
import type { TglOperation } from '../types';

const properties: INodeProperties[] = [
	{
		displayName: 'Invite Link',
		name: 'link',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://t.me/+AbCdEf123456',
		description: 'The invite link (t.me/+HASH, t.me/joinchat/HASH, tg://join?invite=HASH) or just its hash (tgl: link)',
	},
];

const HASH = '[A-Za-z0-9_-]+';
const WEB = new RegExp(`^(?:https?://)?(?:www\\.)?(?:t\\.me|telegram\\.me|telegram\\.dog)/(?:\\+|%2B|joinchat/)(${HASH})/?(?:[?#].*)?$`, 'i');
const APP = new RegExp(`^tg://join\\?(?:.*&)?invite=(${HASH})`, 'i');
const BARE = new RegExp(`^\\+?(${HASH})$`);

/** The invite hash of a link in any of its forms; undefined when the text is no invite link. */
function inviteHashOf(link: string): string | undefined {
	const text = link.trim();
	const match = WEB.exec(text) ?? APP.exec(text) ?? BARE.exec(text);
	return match?.[1];
}

export const importChatLink: TglOperation = {
	description: updateDisplayOptions({ show: { resource: ['chat'], operation: ['importChatLink'] } }, properties),

	async execute(i, account) {
		const link = this.getNodeParameter('link', i) as string;
		const hash = inviteHashOf(link);
		if (!hash) {
			const publicLink = /^(?:https?:\/\/)?(?:www\.)?t\.me\/[A-Za-z]\w+\/?$/i.test(link.trim());
			throw new NodeOperationError(
				this.getNode(),
				publicLink
					? `"${link}" is a public link, not an invite link: public groups and channels are joined by their @username`
					: `"${link}" is not an invite link: expected t.me/+HASH, t.me/joinchat/HASH, tg://join?invite=HASH or the hash`,
				{ itemIndex: i },
			);
		}
		const ctx = await account.mapContext();
		const result = await account.call(new Api.messages.ImportChatInvite({ hash }));
		const chat = joinedChat(result);
		if (!chat) throw new NodeOperationError(this.getNode(), 'Telegram accepted the invite but its answer did not name the chat', { itemIndex: i });
		// Basic groups send their new member list along: tgl's user_list at no extra cost.
		const members = updatesOf(result).find((u): u is Api.UpdateChatParticipants => u instanceof Api.UpdateChatParticipants);
		const participants = members && chat instanceof Api.Chat ? participantIds(members.participants) : undefined;
		return jsonItems(toPeer(chat, resultContext(ctx, result), { participants }));
	},
};

/** The chat the join was about: the "joined by link" message's, else the channel an update names. */
function joinedChat(result: Api.TypeUpdates): Api.Chat | Api.Channel | undefined {
	const chats = usersAndChatsOf(result).chats.filter((c): c is Api.Chat | Api.Channel => c instanceof Api.Chat || c instanceof Api.Channel);
	const joined = serviceMessageOf(result, Api.MessageActionChatJoinedByLink) ?? serviceMessageOf(result, Api.MessageActionChatAddUser);
	if (joined?.peerId) {
		const key = peerKey(joined.peerId);
		const found = chats.find((c) => entityKey(c) === key);
		if (found) return found;
	}
	const channelUpdate = updatesOf(result).find((u): u is Api.UpdateChannel => u instanceof Api.UpdateChannel);
	if (channelUpdate) {
		const found = chats.find((c) => c instanceof Api.Channel && toNum(c.id) === toNum(channelUpdate.channelId));
		if (found) return found;
	}
	return chats[0];
}
