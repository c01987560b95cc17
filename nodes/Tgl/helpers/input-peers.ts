// Requests that take an InputUser or InputChannel rather than an InputPeer.
import { Api } from 'telegram';
import type { TargetPeer } from './resolve-peer';

export function inputUserOf(target: TargetPeer): Api.TypeInputUser {
	const input = target.input;
	if (input instanceof Api.InputPeerSelf) return new Api.InputUserSelf();
	if (input instanceof Api.InputPeerUser) return new Api.InputUser({ userId: input.userId, accessHash: input.accessHash });
	throw new Error(`Peer ${target.key} is not a user`);
}

export function inputChannelOf(target: TargetPeer): Api.InputChannel {
	const input = target.input;
	if (input instanceof Api.InputPeerChannel) return new Api.InputChannel({ channelId: input.channelId, accessHash: input.accessHash });
	throw new Error(`Peer ${target.key} is not a channel or supergroup`);
}
