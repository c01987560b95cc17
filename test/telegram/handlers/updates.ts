// updates.*: state and gap recovery.
import type { Api } from 'telegram';
import type { World } from '../world';
import { getChannelDifference, getDifference, getState } from '../world/difference';
import { resolveChannel } from '../world/inputs';
import { me, type Handlers } from './common';

export function updatesHandlers(world: World): Handlers {
	return {
		'updates.GetState': (ctx) => getState(world, me(world, ctx)),
		'updates.GetDifference': (ctx, request: Api.updates.GetDifference) =>
			getDifference(world, me(world, ctx), {
				pts: request.pts,
				date: request.date,
				qts: request.qts,
				ptsTotalLimit: request.ptsTotalLimit,
			}),
		'updates.GetChannelDifference': (ctx, request: Api.updates.GetChannelDifference) => {
			const userId = me(world, ctx);
			const channel = resolveChannel(world, request.channel);
			return getChannelDifference(world, userId, channel.id, { pts: request.pts, limit: request.limit });
		},
	};
}
