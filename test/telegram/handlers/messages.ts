// messages.*: the namespace, assembled from its sending, reading and group parts.
import type { World } from '../world';
import type { Handlers } from './common';
import { messagesChatsHandlers } from './messagesChats';
import { messagesReadHandlers } from './messagesRead';
import { messagesSendHandlers } from './messagesSend';

export function messagesHandlers(world: World): Handlers {
	return { ...messagesSendHandlers(world), ...messagesReadHandlers(world), ...messagesChatsHandlers(world) };
}
