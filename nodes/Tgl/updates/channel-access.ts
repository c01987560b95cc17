// What catch-up needs to reach a channel: its access hash, as a string so it fits plain JSON.
import { Api } from 'telegram';
import { returnBigInt } from 'telegram/Helpers';
import type { EntityStore } from '../transport/entity-store';

/** The channel's usable access hash as seen in this process (a "min" one is not usable). */
export function channelAccessHash(entities: EntityStore, channelId: string): string | undefined {
	const entity = entities.ofPeer(new Api.PeerChannel({ channelId: returnBigInt(channelId) }));
	if (entity instanceof Api.Channel && !entity.min && entity.accessHash !== undefined) return entity.accessHash.toString();
	if (entity instanceof Api.ChannelForbidden) return entity.accessHash.toString();
	return undefined;
}
