// Channels and supergroups: creation, members, title and photo, in the channel's own box.
import { Api } from 'telegram';
import { RpcError } from '../types';
import type { World } from './world';
import { PtsLog } from './ptsLog';
import type { BoxEvent } from './account';
import type { ActionRecord, ChannelRecord } from './records';
import { Entities } from './entities';
import { post, senderUpdates, type Origin } from './messaging';
import { checkTitle, mayInvite } from './groups';
import { checkUsername, userOf } from './users';
import { long, now, randomLong } from './util';

export interface NewChannel {
	megagroup: boolean;
	username?: string;
	memberIds?: number[];
	about?: string;
}

export function channelOf(w: World, channelId: number): ChannelRecord {
	const channel = w.db.channels.get(channelId);
	if (!channel) throw new RpcError(400, 'CHANNEL_INVALID');
	return channel;
}

export function isChannelAdmin(channel: ChannelRecord, userId: number): boolean {
	const member = channel.members.get(userId);
	return !!member && (channel.creatorId === userId || member.admin);
}

function updateChannel(channel: ChannelRecord): Api.UpdateChannel {
	return new Api.UpdateChannel({ channelId: long(channel.id) });
}

/** Tells accounts whose view of the channel changed (joined, left, kicked). */
function notifyMembership(w: World, channel: ChannelRecord, userIds: number[], origin: Origin): void {
	for (const userId of userIds) {
		if (userId === origin.userId) continue;
		w.delivery.send(userId, [updateChannel(channel)], new Entities().peer({ channelId: channel.id }));
	}
}

/**
 * Announces a change: megagroups get a service message (and joiners updateChannel with it);
 * broadcast channels only post title/photo changes. Returns the actor's container.
 */
function announce(w: World, origin: Origin, channel: ChannelRecord, action: ActionRecord | undefined, changed: number[]): Api.Updates {
	const entities = new Entities().peer({ channelId: channel.id });
	const actorChanged = changed.includes(origin.userId);
	if (!action) {
		notifyMembership(w, channel, changed, origin);
		return w.delivery.send(origin.userId, [updateChannel(channel)], entities, origin.session);
	}
	const extra = (userId: number) => (changed.includes(userId) ? [updateChannel(channel)] : []);
	const posted = post(w, origin, { channelId: channel.id }, { text: '', action }, { extra, service: true });
	// Removed accounts are no longer members, so the post did not reach them.
	notifyMembership(
		w,
		channel,
		changed.filter((id) => !channel.members.has(id)),
		origin,
	);
	return senderUpdates(w, origin, [posted], [], actorChanged ? [updateChannel(channel)] : [], entities);
}

export function createChannel(w: World, origin: Origin, title: string, input: NewChannel): { channel: ChannelRecord; updates: Api.Updates; missing: number[] } {
	const cleanTitle = checkTitle(title);
	if ((input.about ?? '').length > 255) throw new RpcError(400, 'CHAT_ABOUT_TOO_LONG');
	const creatorId = origin.userId;
	userOf(w, creatorId);
	const id = w.db.nextChannelId++;
	if (input.username) checkUsername(w, input.username, `k${id}`);
	const date = now();
	const channel: ChannelRecord = {
		id,
		accessHash: randomLong(),
		title: cleanTitle,
		about: input.about ?? '',
		username: input.username,
		date,
		megagroup: input.megagroup,
		creatorId,
		members: new Map([[creatorId, { userId: creatorId, inviterId: creatorId, date, admin: true, readInboxMaxId: 0 }]]),
		kicked: new Set(),
		pts: 1,
		nextMessageId: 1,
		messages: [],
		byId: new Map(),
		log: new PtsLog<BoxEvent>(() => w.settings.retainUpdates),
	};
	w.db.channels.set(id, channel);
	if (input.username) w.db.usernames.set(input.username.toLowerCase(), { channelId: id });
	const created = post(w, origin, { channelId: id }, { text: '', action: { kind: 'channelCreate', title: cleanTitle } }, { service: true });
	const updates = senderUpdates(w, origin, [created], [], [updateChannel(channel)], new Entities().peer({ channelId: id }));
	let missing: number[] = [];
	// A push to all sessions: the creating session already has its answer.
	if (input.memberIds?.length) missing = inviteToChannel(w, { userId: creatorId }, id, input.memberIds).missing;
	return { channel, updates, missing };
}

export function inviteToChannel(w: World, origin: Origin, channelId: number, userIds: number[]): { updates: Api.Updates; missing: number[] } {
	const channel = channelOf(w, channelId);
	if (!channel.members.has(origin.userId)) throw new RpcError(400, 'USER_NOT_PARTICIPANT');
	if (!channel.megagroup && !isChannelAdmin(channel, origin.userId)) throw new RpcError(400, 'CHAT_ADMIN_REQUIRED');
	const unique = [...new Set(userIds)];
	unique.forEach((id) => userOf(w, id));
	const fresh = unique.filter((id) => !channel.members.has(id));
	if (!fresh.length) throw new RpcError(400, 'USER_ALREADY_PARTICIPANT');
	const missing = fresh.filter((id) => !mayInvite(w, origin.userId, id));
	const added = fresh.filter((id) => !missing.includes(id));
	if (!added.length) return { updates: w.delivery.send(origin.userId, [], new Entities(), origin.session), missing };
	const date = now();
	for (const userId of added) {
		channel.members.set(userId, { userId, inviterId: origin.userId, date, admin: false, readInboxMaxId: 0 });
		channel.kicked.delete(userId);
	}
	const action: ActionRecord | undefined = channel.megagroup ? { kind: 'addUser', userIds: added } : undefined;
	return { updates: announce(w, origin, channel, action, added), missing };
}

export function joinChannel(w: World, origin: Origin, channelId: number, inviterId?: number): Api.Updates {
	const channel = channelOf(w, channelId);
	if (channel.members.has(origin.userId)) throw new RpcError(400, 'USER_ALREADY_PARTICIPANT');
	if (channel.kicked.has(origin.userId)) throw new RpcError(400, 'USER_BANNED_IN_CHANNEL');
	channel.members.set(origin.userId, { userId: origin.userId, inviterId: inviterId ?? origin.userId, date: now(), admin: false, readInboxMaxId: 0 });
	let action: ActionRecord | undefined;
	if (channel.megagroup) {
		action = inviterId !== undefined ? { kind: 'joinedByLink', inviterId } : { kind: 'addUser', userIds: [origin.userId] };
	}
	return announce(w, origin, channel, action, [origin.userId]);
}

/** Removes (and when `ban`, bans) a member; the member itself may leave. */
export function removeFromChannel(w: World, origin: Origin, channelId: number, userId: number, ban: boolean): Api.Updates {
	const channel = channelOf(w, channelId);
	if (userId !== origin.userId && !isChannelAdmin(channel, origin.userId)) throw new RpcError(400, 'CHAT_ADMIN_REQUIRED');
	if (!channel.members.has(userId)) throw new RpcError(400, 'USER_NOT_PARTICIPANT');
	if (userId === channel.creatorId && userId !== origin.userId) throw new RpcError(400, 'USER_ADMIN_INVALID');
	channel.members.delete(userId);
	if (ban) channel.kicked.add(userId);
	const action: ActionRecord | undefined = channel.megagroup ? { kind: 'deleteUser', userId } : undefined;
	return announce(w, origin, channel, action, [userId]);
}

export function editChannelTitle(w: World, origin: Origin, channelId: number, title: string): Api.Updates {
	const channel = channelOf(w, channelId);
	const cleanTitle = checkTitle(title);
	if (!isChannelAdmin(channel, origin.userId)) throw new RpcError(400, 'CHAT_ADMIN_REQUIRED');
	if (channel.title === cleanTitle) throw new RpcError(400, 'CHAT_NOT_MODIFIED');
	channel.title = cleanTitle;
	return announce(w, origin, channel, { kind: 'editTitle', title: cleanTitle }, []);
}

export function editChannelPhoto(w: World, origin: Origin, channelId: number, photoId: number | undefined): Api.Updates {
	const channel = channelOf(w, channelId);
	if (!isChannelAdmin(channel, origin.userId)) throw new RpcError(400, 'CHAT_ADMIN_REQUIRED');
	if (photoId === undefined && channel.photoId === undefined) throw new RpcError(400, 'CHAT_NOT_MODIFIED');
	channel.photoId = photoId;
	const action: ActionRecord = photoId === undefined ? { kind: 'deletePhoto' } : { kind: 'editPhoto', photoId };
	return announce(w, origin, channel, action, []);
}
