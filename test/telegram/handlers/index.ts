// Every RPC handler of the loopback Telegram, keyed by the request's GramJS class name.
import type { RpcHandler } from '../types';
import type { World } from '../world';
import { accountHandlers } from './account';
import { authHandlers } from './auth';
import { channelsHandlers } from './channels';
import { contactsHandlers } from './contacts';
import { helpHandlers } from './help';
import { messagesHandlers } from './messages';
import { photosHandlers } from './photos';
import { updatesHandlers } from './updates';
import { uploadHandlers } from './upload';
import { usersHandlers } from './users';
import { encryptedHandlers } from './encrypted';

export function createHandlers(world: World): Record<string, RpcHandler> {
	return {
		...helpHandlers(world),
		...usersHandlers(world),
		...contactsHandlers(world),
		...messagesHandlers(world),
		...channelsHandlers(world),
		...updatesHandlers(world),
		...uploadHandlers(world),
		...photosHandlers(world),
		...accountHandlers(world),
		...authHandlers(world),
		...encryptedHandlers(world, { ...updatesHandlers(world), ...uploadHandlers(world) }),
	};
}
