// channels.*: channels and supergroups.
import { Api } from 'telegram';
import { RpcError } from '../types';
import type { World } from '../world';
import { Entities } from '../world/entities';
import { createChannel, editChannelPhoto, editChannelTitle, inviteToChannel, isChannelAdmin, joinChannel, removeFromChannel } from '../world/channels';
import { checkChannelsLimit } from '../world/admin-rights';
import { deleteChannelMessages } from '../world/deletions';
import { channelUnread } from '../world/history';
import { resolveChannel, resolveUser } from '../world/inputs';
import { readChannelHistory } from '../world/reads';
import type { MessageRecord } from '../world/records';
import { channelTl, photoTl } from '../world/tl';
import { long } from '../world/util';
import { me, origin, type Handlers } from './common';
import { chatPhotoFromInput } from './media';
import { messagesAnswer, withEmpties } from './results';

export function channelsHandlers(world: World): Handlers {
	return {
		'channels.GetChannels': (ctx, request: Api.channels.GetChannels) => {
			const viewerId = me(world, ctx);
			return new Api.messages.Chats({ chats: request.id.map((input) => channelTl(world, viewerId, resolveChannel(world, input).id)) });
		},
		'channels.GetFullChannel': (ctx, request: Api.channels.GetFullChannel) => {
			const viewerId = me(world, ctx);
			const channel = resolveChannel(world, request.channel);
			const member = channel.members.get(viewerId);
			if (!member && !channel.username) throw new RpcError(400, 'CHANNEL_PRIVATE');
			const top = channel.messages[channel.messages.length - 1]?.id ?? 0;
			const photo = channel.photoId !== undefined ? world.db.files.photos.get(channel.photoId) : undefined;
			const admins = [...channel.members.values()].filter((m) => m.admin || m.userId === channel.creatorId).length;
			const { chats, users } = new Entities().peer({ channelId: channel.id }).build(world, viewerId);
			return new Api.messages.ChatFull({
				fullChat: new Api.ChannelFull({
					canViewParticipants: channel.megagroup || isChannelAdmin(channel, viewerId) || undefined,
					id: long(channel.id),
					about: channel.about,
					participantsCount: channel.members.size,
					adminsCount: admins,
					readInboxMaxId: member?.readInboxMaxId ?? top,
					readOutboxMaxId: top,
					unreadCount: member ? channelUnread(channel.messages, member.readInboxMaxId, viewerId) : 0,
					chatPhoto: photoTl(photo),
					notifySettings: new Api.PeerNotifySettings({}),
					botInfo: [],
					pts: channel.pts,
				}),
				chats,
				users,
			});
		},
		'channels.GetMessages': (ctx, request: Api.channels.GetMessages) => {
			const viewerId = me(world, ctx);
			const channel = resolveChannel(world, request.channel);
			if (!channel.members.has(viewerId) && !channel.username) throw new RpcError(400, 'CHANNEL_PRIVATE');
			const found: MessageRecord[] = [];
			for (const input of request.id as Api.TypeInputMessage[]) {
				const record = input.className === 'InputMessageID' ? channel.byId.get(input.id) : undefined;
				if (record) found.push(record);
			}
			return withEmpties(messagesAnswer(world, viewerId, found, found.length, channel.id), request.id as Api.TypeInputMessage[]);
		},
		'channels.ReadHistory': (ctx, request: Api.channels.ReadHistory) =>
			readChannelHistory(world, origin(world, ctx), resolveChannel(world, request.channel).id, request.maxId),
		'channels.DeleteMessages': (ctx, request: Api.channels.DeleteMessages) => {
			const caller = origin(world, ctx);
			const channel = resolveChannel(world, request.channel);
			return new Api.messages.AffectedMessages(deleteChannelMessages(world, caller, channel.id, request.id));
		},
		'channels.CreateChannel': (ctx, request: Api.channels.CreateChannel) => {
			const caller = origin(world, ctx);
			checkChannelsLimit(world, caller.userId);
			return createChannel(world, caller, request.title, { megagroup: !!request.megagroup, about: request.about }).updates;
		},
		'channels.EditTitle': (ctx, request: Api.channels.EditTitle) =>
			editChannelTitle(world, origin(world, ctx), resolveChannel(world, request.channel).id, request.title),
		'channels.EditPhoto': (ctx, request: Api.channels.EditPhoto) => {
			const caller = origin(world, ctx);
			const channelId = resolveChannel(world, request.channel).id;
			return editChannelPhoto(world, caller, channelId, chatPhotoFromInput(world, caller.userId, request.photo));
		},
		'channels.InviteToChannel': (ctx, request: Api.channels.InviteToChannel) => {
			const caller = origin(world, ctx);
			const channelId = resolveChannel(world, request.channel).id;
			const ids = request.users.map((u) => resolveUser(world, caller.userId, u));
			const { updates, missing } = inviteToChannel(world, caller, channelId, ids);
			return new Api.messages.InvitedUsers({
				updates,
				missingInvitees: missing.map((id) => new Api.MissingInvitee({ userId: long(id) })),
			});
		},
		'channels.JoinChannel': (ctx, request: Api.channels.JoinChannel) => {
			const caller = origin(world, ctx);
			const channel = resolveChannel(world, request.channel);
			if (!channel.username) throw new RpcError(400, 'CHANNEL_PRIVATE');
			return joinChannel(world, caller, channel.id);
		},
		'channels.LeaveChannel': (ctx, request: Api.channels.LeaveChannel) => {
			const caller = origin(world, ctx);
			return removeFromChannel(world, caller, resolveChannel(world, request.channel).id, caller.userId, false);
		},
	};
}
