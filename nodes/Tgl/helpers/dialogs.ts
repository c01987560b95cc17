// Dialog paging, shared by Get Dialog List, the peer list search, and peer lookups by id.
import { Api } from 'telegram';
import { returnBigInt } from 'telegram/Helpers';
import type { AccountClient, CallOptions } from '../transport/account-client';

export interface DialogPage {
	result: Api.messages.Dialogs | Api.messages.DialogsSlice;
	dialogs: Api.Dialog[];
}

/** Calls messages.getDialogs page by page (newest first) until `max` dialogs or the end. */
export async function* dialogPages(
	account: AccountClient,
	max = Infinity,
	pageSize = 100,
	options: CallOptions = {},
): AsyncGenerator<DialogPage> {
	let offsetDate = 0;
	let offsetId = 0;
	let offsetPeer: Api.TypeInputPeer = new Api.InputPeerEmpty();
	let seen = 0;
	while (seen < max) {
		const result = await account.call(
			new Api.messages.GetDialogs({
				offsetDate,
				offsetId,
				offsetPeer,
				limit: Math.min(pageSize, max - seen),
				hash: returnBigInt(0),
			}),
			options,
		);
		if (result instanceof Api.messages.DialogsNotModified) return;
		const dialogs = result.dialogs.filter((d): d is Api.Dialog => d instanceof Api.Dialog);
		if (!dialogs.length) return;
		seen += dialogs.length;
		yield { result, dialogs };
		if (result instanceof Api.messages.Dialogs || dialogs.length < Math.min(pageSize, max)) return;
		const last = dialogs[dialogs.length - 1];
		const lastMessage = result.messages.find(
			(m) => m.id === last.topMessage && m.peerId && samePeer(m.peerId, last.peer),
		) as Api.Message | undefined;
		if (!lastMessage) return;
		offsetDate = lastMessage.date ?? 0;
		offsetId = lastMessage.id;
		const entity = account.entities.ofPeer(last.peer);
		offsetPeer = entity ? inputPeerOfEntity(entity, account.selfId) : new Api.InputPeerEmpty();
	}
}

/**
 * Loads every dialog once per connection, so that peers known only by id can be found;
 * `refresh` loads them again (a chat created or joined since the last load).
 */
export function loadAllDialogs(account: AccountClient, refresh = false): Promise<void> {
	if (refresh) account.dialogsLoaded = undefined;
	account.dialogsLoaded ??= (async () => {
		for await (const _page of dialogPages(account)) {
			// account.call already stored the page's users and chats
		}
	})().catch((error) => {
		account.dialogsLoaded = undefined;
		throw error;
	});
	return account.dialogsLoaded;
}

export function samePeer(a: Api.TypePeer, b: Api.TypePeer): boolean {
	if (a instanceof Api.PeerUser && b instanceof Api.PeerUser) return a.userId.equals(b.userId);
	if (a instanceof Api.PeerChat && b instanceof Api.PeerChat) return a.chatId.equals(b.chatId);
	if (a instanceof Api.PeerChannel && b instanceof Api.PeerChannel) return a.channelId.equals(b.channelId);
	return false;
}

export function inputPeerOfEntity(
	entity: Api.User | Api.Chat | Api.ChatForbidden | Api.Channel | Api.ChannelForbidden,
	selfId?: number,
): Api.TypeInputPeer {
	if (entity instanceof Api.User) {
		if (entity.self || (selfId !== undefined && entity.id.toJSNumber() === selfId)) return new Api.InputPeerSelf();
		return new Api.InputPeerUser({ userId: entity.id, accessHash: entity.accessHash ?? returnBigInt(0) });
	}
	if (entity instanceof Api.Chat || entity instanceof Api.ChatForbidden) return new Api.InputPeerChat({ chatId: entity.id });
	return new Api.InputPeerChannel({ channelId: entity.id, accessHash: entity.accessHash ?? returnBigInt(0) });
}
