// What a call's Updates result holds: its updates, the messages it created, and the users and
// chats it carries, so that results are built without asking again.
import { Api } from 'telegram';
import { withEntities, withMessages, type MapContext } from '../tgl/context';

export function updatesOf(result: Api.TypeUpdates): Api.TypeUpdate[] {
	if (result instanceof Api.Updates || result instanceof Api.UpdatesCombined) return result.updates;
	if (result instanceof Api.UpdateShort) return [result.update];
	return [];
}

/** New messages (service messages included) the result announces, in order. */
export function newMessagesOf(result: Api.TypeUpdates): Array<Api.Message | Api.MessageService> {
	const out: Array<Api.Message | Api.MessageService> = [];
	for (const u of updatesOf(result)) {
		if (u instanceof Api.UpdateNewMessage || u instanceof Api.UpdateNewChannelMessage) {
			if (u.message instanceof Api.Message || u.message instanceof Api.MessageService) out.push(u.message);
		}
	}
	return out;
}

/** The first service message whose action is of this class. */
export function serviceMessageOf<A extends Api.TypeMessageAction>(
	result: Api.TypeUpdates,
	action: abstract new (...args: never[]) => A,
): (Api.MessageService & { action: A }) | undefined {
	return newMessagesOf(result).find(
		(m): m is Api.MessageService & { action: A } => m instanceof Api.MessageService && m.action instanceof action,
	);
}

export function usersAndChatsOf(result: Api.TypeUpdates): { users: Api.TypeUser[]; chats: Api.TypeChat[] } {
	if (result instanceof Api.Updates || result instanceof Api.UpdatesCombined) return { users: result.users, chats: result.chats };
	return { users: [], chats: [] };
}

/** `ctx` that also knows the result's own users, chats and new messages. */
export function resultContext(ctx: MapContext, result: Api.TypeUpdates): MapContext {
	const { users, chats } = usersAndChatsOf(result);
	return withMessages(withEntities(ctx, users, chats), newMessagesOf(result));
}
