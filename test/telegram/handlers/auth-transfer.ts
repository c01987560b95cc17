// auth.exportAuthorization / auth.importAuthorization: a logged-in key on one DC vouches for the
// account so that a new key on another DC (a file DC, here) is logged in too, as Telegram does
// (core.telegram.org/api/datacenter). The bytes are single-use and only good on the DC named.
import { randomBytes } from 'crypto';
import { Api } from 'telegram';
import { RpcError } from '../types';
import type { World } from '../world';
import { userTl } from '../world/tl';
import { long, toNumber } from '../world/util';
import { me, type Handlers } from './common';

interface Exported {
	userId: number;
	dcId: number;
}

/** Bytes (hex) → what they authorize; shared by every DC of one world. */
const exportsOf = new WeakMap<World, Map<string, Exported>>();

function exported(world: World): Map<string, Exported> {
	let map = exportsOf.get(world);
	if (!map) exportsOf.set(world, (map = new Map()));
	return map;
}

function knownDcs(world: World): number[] {
	return [world.settings.dcId, ...world.settings.otherDcs.map((dc) => dc.id)];
}

export function authTransferHandlers(world: World, thisDc: number): Handlers {
	return {
		'auth.ExportAuthorization': (ctx, request: Api.auth.ExportAuthorization) => {
			const userId = me(world, ctx);
			if (request.dcId === thisDc || !knownDcs(world).includes(request.dcId)) throw new RpcError(400, 'DC_ID_INVALID');
			const bytes = randomBytes(128);
			exported(world).set(bytes.toString('hex'), { userId, dcId: request.dcId });
			return new Api.auth.ExportedAuthorization({ id: long(userId), bytes });
		},
		'auth.ImportAuthorization': (ctx, request: Api.auth.ImportAuthorization) => {
			const key = Buffer.from(request.bytes).toString('hex');
			const grant = exported(world).get(key);
			if (!grant || grant.dcId !== thisDc || grant.userId !== toNumber(request.id)) throw new RpcError(400, 'AUTH_BYTES_INVALID');
			exported(world).delete(key);
			ctx.bindUser(grant.userId);
			return new Api.auth.Authorization({ user: userTl(world, grant.userId, grant.userId) });
		},
	};
}
