// Emoji reactions on messages (messages.sendReaction): stored once per message (every copy of a
// private or basic-group message shares the map) and pushed as updateMessageReactions, which has no pts.
import { Api } from 'telegram';
import { RpcError } from '../types';
import type { World } from './world';
import type { MessageRecord, PeerRef } from './records';
import { Entities } from './entities';
import { account, type Origin } from './messaging';
import { channelOf } from './channels';
import { peerTl, samePeer } from './peers';

/** The emoji of messages.getAvailableReactions for a non-Premium account (no variation selectors). */
export const AVAILABLE_REACTIONS = new Set(
	[
		'👍', '👎', '❤', '🔥', '🥰', '👏', '😁', '🤔', '🤯', '😱', '🤬', '😢', '🎉', '🤩', '🤮', '💩', '🙏', '👌', '🕊', '🤡',
		'🥱', '🥴', '😍', '🐳', '❤‍🔥', '🌚', '🌭', '💯', '🤣', '⚡', '🍌', '🏆', '💔', '🤨', '😐', '🍓', '🍾', '💋', '🖕', '😈',
		'😴', '😭', '🤓', '👻', '👨‍💻', '👀', '🎃', '🙈', '😇', '😨', '🤝', '✍', '🤗', '🫡', '🎅', '🎄', '☃', '💅', '🤪', '🗿',
		'🆒', '💘', '🙉', '🦄', '😘', '💊', '🙊', '😎', '👾', '🤷‍♂', '🤷', '🤷‍♀', '😡',
	],
);

/** A non-Premium account may put one reaction on a message. */
const REACTIONS_PER_USER = 1;

/** What a viewer sees of a message's reactions: counts per emoji, and which one is its own. */
export function reactionsTl(viewerId: number, message: MessageRecord): Api.MessageReactions | undefined {
	const byUser = message.reactions;
	if (!byUser?.size) return undefined;
	const counts = new Map<string, number>();
	for (const emoji of byUser.values()) counts.set(emoji, (counts.get(emoji) ?? 0) + 1);
	const mine = byUser.get(viewerId);
	const results = [...counts].map(
		([emoticon, count]) =>
			new Api.ReactionCount({ reaction: new Api.ReactionEmoji({ emoticon }), count, chosenOrder: emoticon === mine ? 0 : undefined }),
	);
	return new Api.MessageReactions({ results });
}

/** The emoji asked for: none removes; each must be an available emoji. */
function chosenEmoji(reaction: Api.TypeReaction[] | undefined): string | undefined {
	const list = reaction ?? [];
	if (list.length > REACTIONS_PER_USER) throw new RpcError(400, 'REACTIONS_TOO_MANY');
	const [first] = list;
	if (!first) return undefined;
	if (first instanceof Api.ReactionEmpty) throw new RpcError(400, 'REACTION_EMPTY');
	if (!(first instanceof Api.ReactionEmoji) || !AVAILABLE_REACTIONS.has(first.emoticon)) throw new RpcError(400, 'REACTION_INVALID');
	return first.emoticon;
}

function reactable(record: MessageRecord | undefined, peer: PeerRef): MessageRecord {
	if (!record || record.deleted || record.action || !samePeer(record.peer, peer)) throw new RpcError(400, 'MESSAGE_ID_INVALID');
	return record;
}

/** Sets (or with no reaction removes) the caller's reaction; returns the caller's container. */
export function sendReaction(w: World, origin: Origin, peer: PeerRef, msgId: number, reaction: Api.TypeReaction[] | undefined): Api.Updates {
	const emoji = chosenEmoji(reaction);
	const set = (record: MessageRecord) => {
		const map = record.reactions ?? new Map<number, string>();
		if (emoji) map.set(origin.userId, emoji);
		else map.delete(origin.userId);
		return map;
	};
	if ('channelId' in peer) {
		const channel = channelOf(w, peer.channelId);
		if (!channel.members.has(origin.userId)) throw new RpcError(400, 'CHANNEL_PRIVATE');
		const record = reactable(channel.byId.get(msgId), peer);
		record.reactions = set(record);
		const entities = new Entities().peer(peer);
		let own: Api.Updates | undefined;
		for (const userId of channel.members.keys()) {
			const update = new Api.UpdateMessageReactions({ peer: peerTl(peer), msgId, reactions: reactionsTl(userId, record) ?? new Api.MessageReactions({ results: [] }) });
			const sent = w.delivery.send(userId, [update], entities, userId === origin.userId ? origin.session : undefined);
			if (userId === origin.userId) own = sent;
		}
		return own!;
	}
	const record = reactable(account(w, origin.userId).messages.get(msgId), peer);
	const copies = (record.copies ?? [record]).filter((c) => !c.deleted);
	const map = set(record);
	for (const copy of copies) copy.reactions = map;
	let own: Api.Updates | undefined;
	for (const copy of copies) {
		const mine = copy.ownerId === origin.userId;
		const update = new Api.UpdateMessageReactions({
			peer: peerTl(copy.peer),
			msgId: copy.id,
			reactions: reactionsTl(copy.ownerId, copy) ?? new Api.MessageReactions({ results: [] }),
		});
		const sent = w.delivery.send(copy.ownerId, [update], new Entities().peer(copy.peer), mine ? origin.session : undefined);
		if (mine) own = sent;
	}
	return own!;
}
