// Requests that take an InputUser or InputChannel rather than an InputPeer.
import { Api } from 'telegram';
import type { TargetPeer } from './resolve-peer';

/** The InputUser of a resolved user; fails (with the peer in the text) for any other peer. */
export function inputUserOf(target: TargetPeer): Api.TypeInputUser {
	const input = target.input;
	if (input instanceof Api.InputPeerSelf) return new Api.InputUserSelf();
	if (input instanceof Api.InputPeerUser) return new Api.InputUser({ userId: input.userId, accessHash: input.accessHash });
	throw new Error(`Peer ${target.key} is not a user`);
}

/** The InputChannel of a resolved channel or supergroup; fails for any other peer. */
export function inputChannelOf(target: TargetPeer): Api.InputChannel {
	const input = target.input;
	if (input instanceof Api.InputPeerChannel) return new Api.InputChannel({ channelId: input.channelId, accessHash: input.accessHash });
	throw new Error(`Peer ${target.key} is not a channel or supergroup`);
}
