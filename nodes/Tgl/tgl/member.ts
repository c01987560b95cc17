// A member of a group or channel as a tgl.Peer with its role: basic groups' ChatParticipant* and
// channels' ChannelParticipant* (channels.getParticipants), mapped the same way.
import { Api } from 'telegram';
import type { PeerContext } from './context';
import { isoDate, toNum } from './convert';
import { minimalPeer, toPeer } from './peer';
import type { TglPeer } from './types';

export type MemberRole = 'creator' | 'admin' | 'member' | 'banned' | 'restricted' | 'left';

export type Participant = Api.TypeChatParticipant | Api.TypeChannelParticipant;

export interface TglMember extends TglPeer {
	role: MemberRole;
	/** An admin's custom title, else null. */
	rank: string | null;
	/** When a ban or restriction ends; null when it is forever or there is none. */
	banned_until: string | null;
}

export function memberRole(p: Participant): MemberRole {
	if (p instanceof Api.ChatParticipantCreator || p instanceof Api.ChannelParticipantCreator) return 'creator';
	if (p instanceof Api.ChatParticipantAdmin || p instanceof Api.ChannelParticipantAdmin) return 'admin';
	if (p instanceof Api.ChannelParticipantBanned) return p.bannedRights.viewMessages ? 'banned' : 'restricted';
	if (p instanceof Api.ChannelParticipantLeft) return 'left';
	return 'member';
}

/** The member's peer reference (banned and left entries may name a channel too). */
export function memberRef(p: Participant): Api.TypePeer {
	if (p instanceof Api.ChannelParticipantBanned || p instanceof Api.ChannelParticipantLeft) return p.peer;
	return new Api.PeerUser({ userId: p.userId });
}

export function toMember(p: Participant, ctx: PeerContext): TglMember {
	const ref = memberRef(p);
	const entity = ctx.peer?.(ref);
	const peer = entity ? toPeer(entity, ctx) : minimalPeer(ref, ctx);
	const rank = 'rank' in p && p.rank ? p.rank : null;
	const until = p instanceof Api.ChannelParticipantBanned ? p.bannedRights.untilDate : 0;
	return { ...peer, role: memberRole(p), rank, banned_until: until ? isoDate(until) : null };
}

/** The member's user id, for filtering a basic group's list. */
export function memberId(p: Participant): number {
	const ref = memberRef(p);
	return ref instanceof Api.PeerUser ? toNum(ref.userId) : 0;
}
