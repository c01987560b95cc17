// Channel methods (channels.*) take an InputChannel, not the InputPeerChannel we resolve to.
import { Api } from 'telegram';
import { returnBigInt } from 'telegram/Helpers';
import type { TargetPeer } from './resolve-peer';

export function inputChannelOf(target: TargetPeer): Api.InputChannel {
	const input = target.input as Api.InputPeerChannel;
	return new Api.InputChannel({ channelId: returnBigInt(target.id), accessHash: input.accessHash });
}
