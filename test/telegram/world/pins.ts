// Pinning and unpinning (messages.updatePinnedMessage, messages.unpinAllMessages): each box holding
// the message logs a pts event and pushes updatePinnedMessages (updatePinnedChannelMessages in
// channels); a pin also posts the "pinned a message" service message, silent when asked.
import { Api } from 'telegram';
import { RpcError } from '../types';
import type { World } from './world';
import type { MessageRecord, PeerRef } from './records';
import { Entities } from './entities';
import { account, post, senderUpdates, type Origin } from './messaging';
import { channelOf, isChannelAdmin } from './channels';
import { peerTl, samePeer } from './peers';
import { long, now } from './util';

export interface PinOptions {
	unpin?: boolean;
	silent?: boolean;
	/** Private chats: pin on the caller's side only (no service message). */
	oneSide?: boolean;
}

function pinnable(record: MessageRecord | undefined, peer: PeerRef): MessageRecord {
	if (!record || record.deleted || record.action || !samePeer(record.peer, peer)) throw new RpcError(400, 'MESSAGE_ID_INVALID');
	return record;
}

/** Channels and supergroups: members only, and pinning needs an admin (the default rights of both). */
function checkChannelPinner(w: World, channelId: number, userId: number) {
	const channel = channelOf(w, channelId);
	if (!channel.members.has(userId)) throw new RpcError(400, 'CHANNEL_PRIVATE');
	if (!isChannelAdmin(channel, userId)) throw new RpcError(400, 'CHAT_ADMIN_REQUIRED');
	return channel;
}

/** Logs and pushes one channel pin event to every member; returns the caller's container. */
function pushChannelPins(w: World, origin: Origin, channelId: number, ids: number[], pinned: boolean): Api.Updates {
	const channel = channelOf(w, channelId);
	const date = now();
	channel.pts += 1;
	const update = new Api.UpdatePinnedChannelMessages({ pinned: pinned || undefined, channelId: long(channelId), messages: ids, pts: channel.pts, ptsCount: 1 });
	channel.log.append({ pts: channel.pts, ptsCount: 1, date, update });
	const entities = new Entities().peer({ channelId });
	let own: Api.Updates | undefined;
	for (const userId of channel.members.keys()) {
		const sent = w.delivery.send(userId, [update], entities, userId === origin.userId ? origin.session : undefined);
		if (userId === origin.userId) own = sent;
	}
	return own!;
}

/** Logs and pushes one pin event in one account's box; returns the container that account got. */
function pushBoxPins(w: World, ownerId: number, peer: PeerRef, ids: number[], pinned: boolean, origin: Origin): Api.Updates {
	const box = account(w, ownerId);
	const pts = box.pts + 1;
	const update = new Api.UpdatePinnedMessages({ pinned: pinned || undefined, peer: peerTl(peer), messages: ids, pts, ptsCount: 1 });
	box.log(1, now(), { update });
	return w.delivery.send(ownerId, [update], new Entities().peer(peer), ownerId === origin.userId ? origin.session : undefined);
}

/** messages.updatePinnedMessage; returns the caller's container. */
export function updatePinned(w: World, origin: Origin, peer: PeerRef, id: number, options: PinOptions = {}): Api.Updates {
	const pinned = !options.unpin;
	if ('channelId' in peer) {
		const channel = checkChannelPinner(w, peer.channelId, origin.userId);
		const record = pinnable(channel.byId.get(id), peer);
		if (!!record.pinned === pinned) throw new RpcError(400, 'CHAT_NOT_MODIFIED');
		record.pinned = pinned;
		const own = pushChannelPins(w, origin, channel.id, [id], pinned);
		return pinned ? withServiceMessage(w, origin, peer, id, options, own) : own;
	}
	if ('chatId' in peer && !w.db.chats.get(peer.chatId)?.participants.has(origin.userId)) throw new RpcError(403, 'CHAT_WRITE_FORBIDDEN');
	const record = pinnable(account(w, origin.userId).messages.get(id), peer);
	if (!!record.pinned === pinned) throw new RpcError(400, 'CHAT_NOT_MODIFIED');
	const copies = (record.copies ?? [record]).filter((c) => !c.deleted && (!options.oneSide || c.ownerId === origin.userId));
	let own: Api.Updates | undefined;
	for (const copy of copies) {
		if (!!copy.pinned === pinned) continue;
		copy.pinned = pinned;
		const sent = pushBoxPins(w, copy.ownerId, copy.peer, [copy.id], pinned, origin);
		if (copy.ownerId === origin.userId) own = sent;
	}
	return pinned && !options.oneSide ? withServiceMessage(w, origin, peer, id, options, own!) : own!;
}

/** The "pinned a message" service message, replying to the pinned one, in a container of its own. */
function withServiceMessage(w: World, origin: Origin, peer: PeerRef, id: number, options: PinOptions, pins: Api.Updates): Api.Updates {
	const posted = post(w, origin, peer, { text: '', action: { kind: 'pinMessage' }, replyToId: id, silent: options.silent }, { service: true });
	const service = senderUpdates(w, origin, [posted]);
	// One answer with both: the pin updates first, then the service message.
	return new Api.Updates({
		updates: [...pins.updates, ...service.updates],
		users: [...pins.users, ...service.users],
		chats: [...pins.chats, ...service.chats],
		date: service.date,
		seq: 0,
	});
}

/** messages.unpinAllMessages: every pinned message of the dialog; the caller's pts and count. */
export function unpinAll(w: World, origin: Origin, peer: PeerRef): { pts: number; ptsCount: number } {
	if ('channelId' in peer) {
		const channel = checkChannelPinner(w, peer.channelId, origin.userId);
		const records = channel.messages.filter((m) => m.pinned);
		if (!records.length) return { pts: channel.pts, ptsCount: 0 };
		records.forEach((m) => (m.pinned = false));
		pushChannelPins(w, origin, channel.id, records.map((m) => m.id), false);
		return { pts: channel.pts, ptsCount: 1 };
	}
	if ('chatId' in peer && !w.db.chats.get(peer.chatId)?.participants.has(origin.userId)) throw new RpcError(403, 'CHAT_WRITE_FORBIDDEN');
	const box = account(w, origin.userId);
	const mine = (box.dialog(peer)?.messages ?? []).filter((m) => m.pinned);
	// Per box, the copies of those messages that are pinned there.
	const byOwner = new Map<number, MessageRecord[]>();
	for (const record of mine) {
		for (const copy of record.copies ?? [record]) {
			if (copy.deleted || !copy.pinned) continue;
			byOwner.set(copy.ownerId, [...(byOwner.get(copy.ownerId) ?? []), copy]);
		}
	}
	if (!byOwner.has(origin.userId)) return { pts: box.pts, ptsCount: 0 };
	for (const [ownerId, copies] of byOwner) {
		copies.forEach((c) => (c.pinned = false));
		pushBoxPins(w, ownerId, copies[0].peer, copies.map((c) => c.id), false, origin);
	}
	return { pts: box.pts, ptsCount: 1 };
}
