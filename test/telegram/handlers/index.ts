// Every RPC handler of the loopback Telegram, keyed by the request's GramJS class name.
import type { RpcHandler } from '../types';
import type { World } from '../world';
import { accountHandlers } from './account';
import { authHandlers } from './auth';
import { authTransferHandlers } from './auth-transfer';
import { channelsHandlers } from './channels';
import { channelsAdminHandlers } from './channelsAdmin';
import { contactsHandlers } from './contacts';
import { helpHandlers } from './help';
import { messagesHandlers } from './messages';
import { messagesBeyondHandlers } from './messagesBeyond';
import { messagesScheduledHandlers } from './messagesScheduled';
import { photosHandlers } from './photos';
import { updatesHandlers } from './updates';
import { uploadHandlers } from './upload';
import { usersHandlers } from './users';
import { encryptedHandlers } from './encrypted';

/** The handlers of the server for DC `dcId` (the world's main DC unless told). */
export function createHandlers(world: World, dcId = world.settings.dcId): Record<string, RpcHandler> {
	return {
		...helpHandlers(world, dcId),
		...usersHandlers(world),
		...contactsHandlers(world),
		...messagesHandlers(world),
		...messagesBeyondHandlers(world),
		// Sends with a schedule_date, and albums; everything else goes on to the ordinary send handlers.
		...messagesScheduledHandlers(world, messagesHandlers(world)),
		...channelsHandlers(world),
		...channelsAdminHandlers(world),
		...updatesHandlers(world),
		...uploadHandlers(world, dcId),
		...photosHandlers(world),
		...accountHandlers(world),
		...authHandlers(world),
		...authTransferHandlers(world, dcId),
		// Wraps getState/getDifference/getFile with the calling key's qts and encrypted files: keep last.
		...encryptedHandlers(world, { ...updatesHandlers(world), ...uploadHandlers(world, dcId) }),
	};
}
