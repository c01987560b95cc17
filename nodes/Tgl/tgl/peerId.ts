// Peer ids: Bot API style marked ids (what users paste around) and our lookup keys.
import { Api } from 'telegram';
import { returnBigInt } from 'telegram/Helpers';
import { toNum } from './convert';
import type { PeerKey, PeerTypeName, TglEntity } from './types';

export type MarkedType = 'user' | 'chat' | 'channel';

// Channel ids are marked as -(1e12 + id), which prints as "-100" + the 10-digit id.
const CHANNEL_OFFSET = 1_000_000_000_000;

export function toMarkedId(type: MarkedType, id: number): number {
	if (type === 'user') return id;
	if (type === 'chat') return -id;
	return -(CHANNEL_OFFSET + id);
}

/** Reads 123 / -123 / -1000000000123 (number or string); throws on anything else. */
export function parseMarkedId(marked: number | string): { type: MarkedType; id: number } {
	const text = typeof marked === 'number' ? String(marked) : marked.trim();
	if (!/^-?\d+$/.test(text)) throw new Error(`Not a peer id: "${String(marked)}"`);
	const n = Number(text);
	if (!Number.isSafeInteger(n) || n === 0) throw new Error(`Not a peer id: "${String(marked)}"`);
	if (n > 0) return { type: 'user', id: n };
	if (n > -CHANNEL_OFFSET) return { type: 'chat', id: -n };
	if (n === -CHANNEL_OFFSET) throw new Error(`Not a peer id: "${String(marked)}"`);
	return { type: 'channel', id: -n - CHANNEL_OFFSET };
}

export function makePeerKey(type: PeerTypeName, id: number): PeerKey {
	return `${type}#${id}`;
}

/** Reads a key ("user#123", "channel#5", "secret_chat#-7"); undefined when it is not one. */
export function parsePeerKey(text: string): { type_name: PeerTypeName; id: number } | undefined {
	const m = /^(user|chat|channel|secret_chat)#(-?\d+)$/.exec(text.trim());
	if (!m) return undefined;
	const id = Number(m[2]);
	if (!Number.isSafeInteger(id)) return undefined;
	return { type_name: m[1] as PeerTypeName, id };
}

/** Type and raw id of a GramJS peer reference. */
export function peerParts(peer: Api.TypePeer): { type_name: MarkedType; id: number } {
	if (peer instanceof Api.PeerUser) return { type_name: 'user', id: toNum(peer.userId) };
	if (peer instanceof Api.PeerChat) return { type_name: 'chat', id: toNum(peer.chatId) };
	return { type_name: 'channel', id: toNum(peer.channelId) };
}

export function peerKey(peer: Api.TypePeer): PeerKey {
	const { type_name, id } = peerParts(peer);
	return makePeerKey(type_name, id);
}

export function markedIdOfPeer(peer: Api.TypePeer): number {
	const { type_name, id } = peerParts(peer);
	return toMarkedId(type_name, id);
}

export function entityKey(entity: TglEntity): PeerKey {
	const id = toNum(entity.id);
	if (entity instanceof Api.User || entity instanceof Api.UserEmpty) return makePeerKey('user', id);
	if (entity instanceof Api.Channel || entity instanceof Api.ChannelForbidden) return makePeerKey('channel', id);
	return makePeerKey('chat', id);
}

/** GramJS peer reference for a key; secret chats have none. */
export function keyToApiPeer(key: PeerKey): Api.TypePeer | undefined {
	const parts = parsePeerKey(key);
	if (!parts) return undefined;
	return apiPeer(parts.type_name, parts.id);
}

export function apiPeer(type: PeerTypeName, id: number): Api.TypePeer | undefined {
	const big = returnBigInt(id);
	if (type === 'user') return new Api.PeerUser({ userId: big });
	if (type === 'chat') return new Api.PeerChat({ chatId: big });
	if (type === 'channel') return new Api.PeerChannel({ channelId: big });
	return undefined;
}

