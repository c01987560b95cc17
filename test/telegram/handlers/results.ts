// Shared answer shapes: messages.Messages variants and dialogs.
import { Api } from 'telegram';
import type { World } from '../world';
import type { MessageRecord, PeerRef } from '../world/records';
import type { DialogView } from '../world/history';
import { Entities } from '../world/entities';
import { peerTl } from '../world/peers';
import { messageTl } from '../world/tl';

/**
 * messages.messages when the answer holds the whole set, else messages.messagesSlice with count;
 * channel histories answer messages.channelMessages with the channel's pts.
 */
export function messagesAnswer(
	world: World,
	viewerId: number,
	records: MessageRecord[],
	count: number,
	channelId?: number,
	nextRate?: number,
): Api.messages.TypeMessages {
	const entities = new Entities();
	records.forEach((r) => entities.message(r));
	const messages = records.map((r) => messageTl(world, viewerId, r));
	const { users, chats } = entities.build(world, viewerId);
	if (channelId !== undefined) {
		const channel = world.db.channels.get(channelId);
		return new Api.messages.ChannelMessages({ pts: channel?.pts ?? 0, count, messages, topics: [], chats, users });
	}
	if (records.length >= count && nextRate === undefined) return new Api.messages.Messages({ messages, chats, users });
	return new Api.messages.MessagesSlice({ count, nextRate, messages, chats, users });
}

export function dialogTl(view: DialogView): Api.Dialog {
	return new Api.Dialog({
		peer: peerTl(view.peer),
		topMessage: view.top.id,
		readInboxMaxId: view.readInboxMaxId,
		readOutboxMaxId: view.readOutboxMaxId,
		unreadCount: view.unreadCount,
		unreadMentionsCount: 0,
		unreadReactionsCount: 0,
		notifySettings: new Api.PeerNotifySettings({}),
		pts: view.pts,
	});
}

/** Dialogs with their top messages and every user and chat they mention. */
export function dialogsBody(world: World, viewerId: number, views: DialogView[]) {
	const entities = new Entities();
	for (const view of views) entities.peer(view.peer as PeerRef).message(view.top);
	const { users, chats } = entities.build(world, viewerId);
	return {
		dialogs: views.map(dialogTl),
		messages: views.map((v) => messageTl(world, viewerId, v.top)),
		chats,
		users,
	};
}

/** Like Telegram, getMessages answers messageEmpty for each asked id it does not have, in the asked order. */
export function withEmpties<T extends Api.messages.TypeMessages>(answer: T, asked: Api.TypeInputMessage[]): T {
	if (answer instanceof Api.messages.MessagesNotModified) return answer;
	const byId = new Map(answer.messages.map((m) => [m.id, m]));
	answer.messages = asked.map((input) => {
		const id = input.className === 'InputMessageID' ? input.id : 0;
		return byId.get(id) ?? new Api.MessageEmpty({ id });
	});
	return answer;
}
