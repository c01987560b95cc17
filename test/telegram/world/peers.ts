// Helpers for PeerRef, the world's dialog address.
import { Api } from 'telegram';
import type { PeerRef } from './records';
import { long } from './util';

export function peerKey(peer: PeerRef): string {
	if ('userId' in peer) return `u${peer.userId}`;
	if ('chatId' in peer) return `c${peer.chatId}`;
	return `k${peer.channelId}`;
}

export function samePeer(a: PeerRef, b: PeerRef): boolean {
	return peerKey(a) === peerKey(b);
}

export function peerTl(peer: PeerRef): Api.TypePeer {
	if ('userId' in peer) return new Api.PeerUser({ userId: long(peer.userId) });
	if ('chatId' in peer) return new Api.PeerChat({ chatId: long(peer.chatId) });
	return new Api.PeerChannel({ channelId: long(peer.channelId) });
}
