// Members, admins, bans and descriptions: channels.getParticipants, channels.editAdmin,
// channels.editBanned, messages.editChatAdmin and messages.editChatAbout.
import { Api } from 'telegram';
import { RpcError } from '../types';
import type { World } from '../world';
import { editChannelAdmin, editChannelBanned, editChatAbout, editChatAdmin, rightNames } from '../world/admin-rights';
import { resolveChannel, resolvePeer, resolveUser } from '../world/inputs';
import { getChannelParticipants } from '../world/participants';
import { toNumber } from '../world/util';
import { me, origin, type Handlers } from './common';

/** channels.editBanned names its participant by InputPeer: anything but a known user is PARTICIPANT_ID_INVALID. */
function participantOf(world: World, viewerId: number, raw: unknown): number {
	try {
		return resolveUser(world, viewerId, raw);
	} catch (error) {
		if (error instanceof RpcError) throw new RpcError(400, 'PARTICIPANT_ID_INVALID');
		throw error;
	}
}

export function channelsAdminHandlers(world: World): Handlers {
	return {
		'channels.GetParticipants': (ctx, request: Api.channels.GetParticipants) =>
			getChannelParticipants(world, me(world, ctx), resolveChannel(world, request.channel), request.filter, request.offset, request.limit, request.hash),
		'channels.EditAdmin': (ctx, request: Api.channels.EditAdmin) => {
			const caller = origin(world, ctx);
			const channel = resolveChannel(world, request.channel);
			const userId = resolveUser(world, caller.userId, request.userId);
			return editChannelAdmin(world, caller, channel.id, userId, rightNames(request.adminRights), request.rank);
		},
		'channels.EditBanned': (ctx, request: Api.channels.EditBanned) => {
			const caller = origin(world, ctx);
			const channel = resolveChannel(world, request.channel);
			const userId = participantOf(world, caller.userId, request.participant);
			return editChannelBanned(world, caller, channel.id, userId, request.bannedRights as Api.ChatBannedRights);
		},
		'messages.EditChatAdmin': (ctx, request: Api.messages.EditChatAdmin) => {
			const caller = origin(world, ctx);
			const userId = resolveUser(world, caller.userId, request.userId);
			editChatAdmin(world, caller, toNumber(request.chatId), userId, request.isAdmin);
			return true;
		},
		'messages.EditChatAbout': (ctx, request: Api.messages.EditChatAbout) => {
			const caller = origin(world, ctx);
			const peer = resolvePeer(world, caller.userId, request.peer);
			if ('userId' in peer) throw new RpcError(400, 'PEER_ID_INVALID');
			editChatAbout(world, caller, peer, request.about);
			return true;
		},
	};
}
