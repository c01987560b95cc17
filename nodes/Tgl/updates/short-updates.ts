// Telegram's compact update forms, expanded into the full Updates shape the engine works on.
import { Api } from 'telegram';
import { returnBigInt } from 'telegram/Helpers';

export function peerOfInput(input: Api.TypeInputPeer, selfId: number): Api.TypePeer | undefined {
	if (input instanceof Api.InputPeerSelf) return new Api.PeerUser({ userId: returnBigInt(selfId) });
	if (input instanceof Api.InputPeerUser) return new Api.PeerUser({ userId: input.userId });
	if (input instanceof Api.InputPeerChat) return new Api.PeerChat({ chatId: input.chatId });
	if (input instanceof Api.InputPeerChannel) return new Api.PeerChannel({ channelId: input.channelId });
	return undefined;
}

/** updateShortMessage / updateShortChatMessage → the Message they stand for. */
export function messageOfShort(u: Api.UpdateShortMessage | Api.UpdateShortChatMessage, selfId: number): Api.Message {
	const self = new Api.PeerUser({ userId: returnBigInt(selfId) });
	const isPrivate = u instanceof Api.UpdateShortMessage;
	const other = isPrivate ? new Api.PeerUser({ userId: u.userId }) : new Api.PeerUser({ userId: u.fromId });
	return new Api.Message({
		id: u.id,
		out: u.out,
		mentioned: u.mentioned,
		mediaUnread: u.mediaUnread,
		silent: u.silent,
		peerId: isPrivate ? other : new Api.PeerChat({ chatId: u.chatId }),
		fromId: u.out ? self : other,
		message: u.message,
		date: u.date,
		fwdFrom: u.fwdFrom,
		viaBotId: u.viaBotId,
		replyTo: u.replyTo,
		entities: u.entities,
		ttlPeriod: u.ttlPeriod,
	});
}

/**
 * updateShortSentMessage carries only id, pts and date: the text and peer are in the request
 * that caused it. Rebuilds the whole message so that the engine and the node see one shape.
 */
export function expandSentMessage(
	request: Api.AnyRequest,
	result: Api.UpdateShortSentMessage,
	selfId: number,
): Api.Updates | undefined {
	if (!(request instanceof Api.messages.SendMessage || request instanceof Api.messages.SendMedia)) return undefined;
	const peerId = peerOfInput(request.peer as Api.TypeInputPeer, selfId);
	if (!peerId) return undefined;
	const replyTo = request.replyTo instanceof Api.InputReplyToMessage ? request.replyTo.replyToMsgId : undefined;
	const message = new Api.Message({
		id: result.id,
		out: true,
		peerId,
		fromId: new Api.PeerUser({ userId: returnBigInt(selfId) }),
		date: result.date,
		message: request.message,
		media: result.media,
		// Telegram repeats entities only when it found more (links…); otherwise they are the ones sent.
		entities: result.entities ?? request.entities,
		ttlPeriod: result.ttlPeriod,
		replyTo: replyTo ? new Api.MessageReplyHeader({ replyToMsgId: replyTo }) : undefined,
	});
	return new Api.Updates({
		updates: [
			new Api.UpdateMessageID({ id: result.id, randomId: request.randomId }),
			new Api.UpdateNewMessage({ message, pts: result.pts, ptsCount: result.ptsCount }),
		],
		users: [],
		chats: [],
		date: result.date,
		seq: 0,
	});
}
