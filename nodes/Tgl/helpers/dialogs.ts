// Dialog paging, shared by Get Dialog List, the peer list search, and peer lookups by id.
import { Api } from 'telegram';
import { returnBigInt } from 'telegram/Helpers';
import type { AccountClient } from '../transport/account-client';

/** Where the next page of dialogs starts: the last dialog's top message and peer. */
export interface DialogOffset {
	date: number;
	id: number;
	peer: Api.TypeInputPeer;
}

export interface DialogPage {
	result: Api.messages.Dialogs | Api.messages.DialogsSlice;
	dialogs: Api.Dialog[];
	/** Absent on the last page. */
	next?: DialogOffset;
}

/** One messages.getDialogs page (newest first) from `from`, or undefined past the end. */
export async function dialogPage(
	account: AccountClient,
	limit: number,
	from?: DialogOffset,
): Promise<DialogPage | undefined> {
	const result = await account.call(
		new Api.messages.GetDialogs({
			offsetDate: from?.date ?? 0,
			offsetId: from?.id ?? 0,
			offsetPeer: from?.peer ?? new Api.InputPeerEmpty(),
			limit,
			hash: returnBigInt(0),
		}),
	);
	if (result instanceof Api.messages.DialogsNotModified) return undefined;
	const dialogs = result.dialogs.filter((d): d is Api.Dialog => d instanceof Api.Dialog);
	if (!dialogs.length) return undefined;
	if (result instanceof Api.messages.Dialogs || dialogs.length < limit) return { result, dialogs };
	const last = dialogs[dialogs.length - 1];
	const lastMessage = result.messages.find(
		(m) => m.id === last.topMessage && m.peerId && samePeer(m.peerId, last.peer),
	) as Api.Message | undefined;
	if (!lastMessage) return { result, dialogs };
	const entity = account.entities.ofPeer(last.peer);
	return {
		result,
		dialogs,
		next: {
			date: lastMessage.date ?? 0,
			id: lastMessage.id,
			peer: entity ? inputPeerOfEntity(entity, account.selfId) : new Api.InputPeerEmpty(),
		},
	};
}

/** Calls messages.getDialogs page by page (newest first) until `max` dialogs or the end. */
export async function* dialogPages(
	account: AccountClient,
	max = Infinity,
	pageSize = 100,
): AsyncGenerator<DialogPage> {
	let from: DialogOffset | undefined;
	let seen = 0;
	while (seen < max) {
		const page = await dialogPage(account, Math.min(pageSize, max - seen), from);
		if (!page) return;
		seen += page.dialogs.length;
		yield page;
		if (!page.next) return;
		from = page.next;
	}
}

/**
 * Loads every dialog once per connection, so that peers known only by id can be found;
 * `refresh` loads them again (a chat created or joined since the last load). Rate limits are
 * waited out up to the Request Settings of the item that asked (see transport/call-options).
 */
export function loadAllDialogs(account: AccountClient, refresh = false): Promise<void> {
	if (refresh) account.dialogsLoaded = undefined;
	account.dialogsLoaded ??= (async () => {
		for await (const _page of dialogPages(account, Infinity, 100)) {
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
