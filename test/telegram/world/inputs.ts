// Resolves a client's Input* references, checking access hashes as Telegram does.
// Inputs are typed unknown: GramJS types request fields as client-side EntityLike.
import type { Api } from 'telegram';
import { RpcError } from '../types';
import type { World } from './world';
import type { ChannelRecord, PeerRef } from './records';
import { sameLong, toNumber } from './util';

function knownUser(w: World, userId: number, accessHash: Api.long | undefined, error: string): number {
	const user = w.db.users.get(userId);
	if (!user) throw new RpcError(400, error);
	// Hashes are per user here, so one check catches any mixed-up or made-up hash.
	if (accessHash !== undefined && !sameLong(accessHash, user.accessHash)) throw new RpcError(400, error);
	return userId;
}

export function resolveChannel(w: World, raw: unknown): ChannelRecord {
	const input = raw as Api.TypeInputChannel | Api.TypeInputPeer;
	let channelId: number;
	let accessHash: Api.long | undefined;
	switch (input.className) {
		case 'InputChannel':
		case 'InputPeerChannel':
			channelId = toNumber(input.channelId);
			accessHash = input.accessHash;
			break;
		case 'InputChannelFromMessage':
		case 'InputPeerChannelFromMessage':
			channelId = toNumber(input.channelId);
			break;
		default:
			throw new RpcError(400, 'CHANNEL_INVALID');
	}
	const channel = w.db.channels.get(channelId);
	if (!channel || (accessHash !== undefined && !sameLong(accessHash, channel.accessHash))) throw new RpcError(400, 'CHANNEL_INVALID');
	return channel;
}

export function resolvePeer(w: World, viewerId: number, raw: unknown): PeerRef {
	const input = raw as Api.TypeInputPeer;
	switch (input.className) {
		case 'InputPeerSelf':
			return { userId: viewerId };
		case 'InputPeerUser':
			return { userId: knownUser(w, toNumber(input.userId), input.accessHash, 'PEER_ID_INVALID') };
		case 'InputPeerUserFromMessage':
			return { userId: knownUser(w, toNumber(input.userId), undefined, 'PEER_ID_INVALID') };
		case 'InputPeerChat': {
			const chatId = toNumber(input.chatId);
			if (!w.db.chats.has(chatId)) throw new RpcError(400, 'PEER_ID_INVALID');
			return { chatId };
		}
		case 'InputPeerChannel':
		case 'InputPeerChannelFromMessage':
			return { channelId: resolveChannel(w, input).id };
		default:
			throw new RpcError(400, 'PEER_ID_INVALID');
	}
}

/** An InputUser; a wrong id or access hash is USER_ID_INVALID, as Telegram answers. */
export function resolveUser(w: World, viewerId: number, raw: unknown): number {
	const input = raw as Api.TypeInputUser | Api.TypeInputPeer;
	switch (input.className) {
		case 'InputUserSelf':
		case 'InputPeerSelf':
			return viewerId;
		case 'InputUser':
		case 'InputPeerUser':
			return knownUser(w, toNumber(input.userId), input.accessHash, 'USER_ID_INVALID');
		case 'InputUserFromMessage':
		case 'InputPeerUserFromMessage':
			return knownUser(w, toNumber(input.userId), undefined, 'USER_ID_INVALID');
		default:
			throw new RpcError(400, 'USER_ID_INVALID');
	}
}
