// One message by id, from the right box: channels and supergroups number their messages per
// channel (channels.getMessages); private chats and basic groups share the account's numbering
// (messages.getMessages), so there the chat is only checked, not needed.
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { Api } from 'telegram';
import { withEntities, withMessages, type MapContext } from '../tgl/context';
import { peerKey } from '../tgl/peerId';
import type { AccountClient, CallOptions } from '../transport/account-client';
import { inputChannelOf } from './input-channel';
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

export async function fetchMessage(
	ctx: IExecuteFunctions,
	i: number,
	account: AccountClient,
	target: MessageTarget,
	options: CallOptions,
): Promise<FetchedMessage> {
	const id = [new Api.InputMessageID({ id: target.id })];
	const chat = target.chat;
	const result =
		chat?.kind === 'channel'
			? await account.call(new Api.channels.GetMessages({ channel: inputChannelOf(chat), id }), options)
			: await account.call(new Api.messages.GetMessages({ id }), options);
	const fail = (text: string) => new NodeOperationError(ctx.getNode(), text, { itemIndex: i });
	if (result instanceof Api.messages.MessagesNotModified) throw fail(`Telegram sent no message ${target.id}`);
	// Telegram answers messageEmpty for an id that does not exist.
	const message = result.messages.find(
		(m): m is Api.Message | Api.MessageService => m.id === target.id && !(m instanceof Api.MessageEmpty),
	);
	if (!message) {
		throw fail(
			chat
				? `Message ${target.id} does not exist in ${chatLabel(chat)} (or was deleted)`
				: `Message ${target.id} does not exist (or was deleted). If it is in a channel or supergroup, also set Peer: message IDs there are counted per channel`,
		);
	}
	if (chat && chat.kind !== 'channel' && message.peerId && peerKey(message.peerId) !== `${chat.kind}#${chat.id}`) {
		throw fail(`Message ${target.id} is not in ${chatLabel(chat)}: it belongs to another chat of this account`);
	}
	return { message, ctx: withMessages(withEntities(await account.mapContext(), result.users, result.chats), result.messages) };
}
