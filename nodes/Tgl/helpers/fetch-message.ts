// One message by id, from the right box: channels and supergroups number their messages per
// channel (channels.getMessages); private chats and basic groups share the account's numbering
// (messages.getMessages), so there the chat is only checked, not needed.
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { Api } from 'telegram';
import { withEntities, withMessages, type MapContext } from '../tgl/context';
import { peerKey } from '../tgl/peerId';
import type { AccountClient } from '../transport/account-client';
import { inputChannelOf } from './input-peers';
import type { MessageTarget } from './message-ref';
import type { TargetPeer } from './resolve-peer';

export interface FetchedMessage {
	message: Api.Message | Api.MessageService;
	/** Knows the answer's users, chats and messages. */
	ctx: MapContext;
}

/** Human name of a resolved peer for error texts. */
export function chatLabel(target: TargetPeer): string {
	const marked = target.kind === 'user' ? `${target.id}` : target.kind === 'chat' ? `-${target.id}` : `-100${target.id}`;
	return `${target.kind === 'user' ? 'the chat with user' : target.kind === 'chat' ? 'the group' : 'the channel'} ${marked}`;
}

type Found = Api.Message | Api.MessageService;

/** Telegram's answer for one id, and the message in it that belongs to the target's chat. */
async function lookUp(account: AccountClient, target: MessageTarget) {
	const id = [new Api.InputMessageID({ id: target.id })];
	const chat = target.chat;
	const result =
		chat?.kind === 'channel'
			? await account.call(new Api.channels.GetMessages({ channel: inputChannelOf(chat), id }))
			: await account.call(new Api.messages.GetMessages({ id }));
	if (result instanceof Api.messages.MessagesNotModified) return { result };
	// Telegram answers messageEmpty for an id that does not exist.
	const message = result.messages.find((m): m is Found => m.id === target.id && !(m instanceof Api.MessageEmpty));
	// Private chats and basic groups share the account's numbering: the id must be in that chat.
	const inOtherChat = !!(message && chat && chat.kind !== 'channel' && message.peerId && peerKey(message.peerId) !== chat.key);
	return { result, message: inOtherChat ? undefined : message, inOtherChat };
}

/** The message, or undefined when it does not exist in the target's chat (or was deleted). */
export async function findMessage(account: AccountClient, target: MessageTarget): Promise<Found | undefined> {
	return (await lookUp(account, target)).message;
}

/** The message and a map context that knows its users and chats; a missing message fails the item, saying why. */
export async function requireMessage(
	ctx: IExecuteFunctions,
	i: number,
	account: AccountClient,
	target: MessageTarget,
): Promise<FetchedMessage> {
	const { result, message, inOtherChat } = await lookUp(account, target);
	const chat = target.chat;
	const fail = (text: string) => new NodeOperationError(ctx.getNode(), text, { itemIndex: i });
	if (result instanceof Api.messages.MessagesNotModified) throw fail(`Telegram sent no message ${target.id}`);
	if (inOtherChat && chat) throw fail(`Message ${target.id} is not in ${chatLabel(chat)}: it belongs to another chat of this account`);
	if (!message) {
		throw fail(
			chat
				? `Message ${target.id} does not exist in ${chatLabel(chat)} (or was deleted)`
				: `Message ${target.id} does not exist (or was deleted). If it is in a channel or supergroup, also set Peer: message IDs there are counted per channel`,
		);
	}
	return { message, ctx: withMessages(withEntities(await account.mapContext(), result.users, result.chats), result.messages) };
}
