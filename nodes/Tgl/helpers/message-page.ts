// One page of messages.getHistory / messages.search / messages.searchGlobal, read the same way by
// Get History, Search and Global Search: messageEmpty left out, each message mapped to a tgl Msg
// with the users, chats and replied-to messages the page carries.
import { Api } from 'telegram';
import { withEntities, withMessages, type MapContext } from '../tgl/context';
import { toMsg } from '../tgl/msg';
import type { TglMsg } from '../tgl/types';

export interface MessagePage {
	/** The page's messages as Telegram sent them (for the next page's offset), newest first. */
	messages: (Api.Message | Api.MessageService)[];
	/** The same messages as tgl Msg objects. */
	msgs: TglMsg[];
}

/** The page's messages; undefined when Telegram answered messages.messagesNotModified. */
export function readMessagePage(ctx: MapContext, page: Api.messages.TypeMessages): MessagePage | undefined {
	if (page instanceof Api.messages.MessagesNotModified) return undefined;
	const pageCtx = withMessages(withEntities(ctx, page.users, page.chats), page.messages);
	const messages = page.messages.filter((m): m is Api.Message | Api.MessageService => !(m instanceof Api.MessageEmpty));
	return { messages, msgs: messages.map((m) => toMsg(m, pageCtx)) };
}
