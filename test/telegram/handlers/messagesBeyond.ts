// messages.* beyond tgl's set: pins and reactions (editMessage lives with the sends).
import { Api } from 'telegram';
import type { World } from '../world';
import { resolvePeer } from '../world/inputs';
import { unpinAll, updatePinned } from '../world/pins';
import { sendReaction } from '../world/reactions';
import { origin, type Handlers } from './common';

export function messagesBeyondHandlers(world: World): Handlers {
	return {
		'messages.UpdatePinnedMessage': (ctx, request: Api.messages.UpdatePinnedMessage) => {
			const caller = origin(world, ctx);
			const peer = resolvePeer(world, caller.userId, request.peer);
			return updatePinned(world, caller, peer, request.id, { unpin: request.unpin, silent: request.silent, oneSide: request.pmOneside });
		},
		'messages.UnpinAllMessages': (ctx, request: Api.messages.UnpinAllMessages) => {
			const caller = origin(world, ctx);
			const peer = resolvePeer(world, caller.userId, request.peer);
			return new Api.messages.AffectedHistory({ ...unpinAll(world, caller, peer), offset: 0 });
		},
		'messages.SendReaction': (ctx, request: Api.messages.SendReaction) => {
			const caller = origin(world, ctx);
			const peer = resolvePeer(world, caller.userId, request.peer);
			return sendReaction(world, caller, peer, request.msgId as number, request.reaction ?? undefined);
		},
	};
}
