// What every handler file shares: login checks, the caller as an Origin, typed handler maps.
import { RpcError, type CallContext, type RpcHandler } from '../types';
import type { World } from '../world';
import type { Origin } from '../world/messaging';

export type Handlers = Record<string, RpcHandler>;

/** The logged-in account, or 401 as Telegram answers an unauthorized key. */
export function me(world: World, ctx: CallContext): number {
	const userId = ctx.userId;
	if (userId === undefined || !world.db.users.has(userId)) throw new RpcError(401, 'AUTH_KEY_UNREGISTERED');
	return userId;
}

export function origin(world: World, ctx: CallContext): Origin {
	return { userId: me(world, ctx), session: ctx.session };
}
