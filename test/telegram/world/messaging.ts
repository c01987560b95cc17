// Posting a message into every box it belongs to, and telling each recipient's sessions.
import { Api } from 'telegram';
import type { BigInteger } from 'big-integer';
import { RpcError, type SessionRef } from '../types';
import type { World } from './world';
import type { Account } from './account';
import type { ActionRecord, ChannelRecord, ForwardRecord, MediaRecord, MessageRecord, PeerRef } from './records';
import { Entities } from './entities';
import { fwdHeaderTl, messageTl, replyHeaderTl } from './tl';
import { long, now } from './util';

/** Who acts: an account, and the session that asked (absent when a test acts as "another client"). */
export interface Origin {
	userId: number;
	session?: SessionRef;
}

export interface PostInput {
	text: string;
	media?: MediaRecord;
	/** Message id in the sender's box (or the channel). */
	replyToId?: number;
	fwd?: ForwardRecord;
	noWebpage?: boolean;
	silent?: boolean;
	groupedId?: string;
	action?: ActionRecord;
	entities?: Api.TypeMessageEntity[];
}

export interface PostOptions {
	/** Updates without pts to deliver with the message to each recipient (e.g. updateChatParticipants). */
	extra?: (userId: number) => Api.TypeUpdate[];
	/** Basic group: accounts that get a copy besides the participants (a removed member). */
	alsoTo?: number[];
	/** Service messages skip the write-permission checks. */
	service?: boolean;
}

export interface Posted {
	/** The sender's copy (or the channel's message). */
	record: MessageRecord;
	/** The pts update of the sender's box or the channel, rendered for the sender. */
	update: Api.TypeUpdate;
	pts: number;
	boxes: Record<number, number>;
	entities: Entities;
}

export function account(w: World, userId: number): Account {
	const found = w.db.accounts.get(userId);
	if (!found) throw new RpcError(400, 'PEER_ID_INVALID');
	return found;
}

/** Stores the message in every box it belongs to and pushes it to every recipient but the sender. */
export function post(w: World, origin: Origin, peer: PeerRef, input: PostInput, options: PostOptions = {}): Posted {
	if ('channelId' in peer) return postToChannel(w, origin, peer.channelId, input, options);
	const senderId = origin.userId;
	const sender = account(w, senderId);
	const date = now();
	const copies: MessageRecord[] = [];
	const replied = input.replyToId ? sender.messages.get(input.replyToId) : undefined;
	const entities = new Entities();
	let recipients: Array<{ userId: number; peer: PeerRef }>;
	if ('userId' in peer) {
		if (!w.db.users.has(peer.userId)) throw new RpcError(400, 'PEER_ID_INVALID');
		recipients = [{ userId: senderId, peer }];
		const receiver = account(w, peer.userId);
		if (peer.userId !== senderId && !receiver.blocked.has(senderId)) {
			recipients.push({ userId: peer.userId, peer: { userId: senderId } });
		}
	} else {
		const chat = w.db.chats.get(peer.chatId);
		if (!chat) throw new RpcError(400, 'PEER_ID_INVALID');
		if (!options.service && !chat.participants.has(senderId)) throw new RpcError(403, 'CHAT_WRITE_FORBIDDEN');
		const ids = new Set([senderId, ...chat.participants.keys(), ...(options.alsoTo ?? [])]);
		recipients = [...ids].map((userId) => ({ userId, peer }));
	}
	let posted: Posted | undefined;
	for (const recipient of recipients) {
		const box = account(w, recipient.userId);
		const out = recipient.userId === senderId;
		const known = (box.dialog(recipient.peer)?.messages.length ?? 0) > 0;
		const replyToId = out ? replied?.id : replied?.copies?.find((c) => c.ownerId === recipient.userId)?.id;
		const record: MessageRecord = {
			id: box.nextMessageId++,
			ownerId: recipient.userId,
			inChannel: false,
			peer: recipient.peer,
			fromId: senderId,
			out,
			date,
			text: input.text,
			media: input.media,
			replyToId,
			fwd: input.fwd,
			action: input.action,
			noWebpage: input.noWebpage,
			silent: input.silent,
			entities: input.entities,
			groupedId: input.groupedId,
			copies,
			order: w.db.order++,
		};
		copies.push(record);
		box.messages.set(record.id, record);
		const dialog = box.openDialog(recipient.peer);
		dialog.messages.push(record);
		if (!out) dialog.unreadCount++;
		const pts = box.log(1, date, { message: record });
		if (out) {
			entities.message(record).peer(peer);
			posted = {
				record,
				update: new Api.UpdateNewMessage({ message: messageTl(w, senderId, record), pts, ptsCount: 1 }),
				pts,
				boxes: {},
				entities,
			};
		} else deliverIncoming(w, record, pts, known, options);
	}
	if (!posted) throw new Error('sender got no copy');
	for (const copy of copies) posted.boxes[copy.ownerId] = copy.id;
	return posted;
}

/** Pushes a received copy: the short form for plain text in a known dialog, else a full container. */
function deliverIncoming(w: World, record: MessageRecord, pts: number, known: boolean, options: PostOptions): void {
	const extra = options.extra?.(record.ownerId) ?? [];
	const owner = record.ownerId;
	const plain = !record.media && !record.action && !extra.length;
	if (w.settings.shortUpdates && known && plain && record.fromId !== undefined) {
		const common = {
			id: record.id,
			message: record.text,
			pts,
			ptsCount: 1,
			date: record.date,
			silent: record.silent || undefined,
			fwdFrom: fwdHeaderTl(record),
			replyTo: replyHeaderTl(record),
			entities: record.entities,
		};
		const short =
			'chatId' in record.peer
				? new Api.UpdateShortChatMessage({ ...common, fromId: long(record.fromId), chatId: long(record.peer.chatId) })
				: new Api.UpdateShortMessage({ ...common, userId: long(record.fromId) });
		w.delivery.raw(owner, short);
		return;
	}
	const update = new Api.UpdateNewMessage({ message: messageTl(w, owner, record), pts, ptsCount: 1 });
	w.delivery.send(owner, [update, ...extra], new Entities().message(record).user(owner));
}

export function canPost(channel: ChannelRecord, userId: number): boolean {
	const member = channel.members.get(userId);
	if (!member) return false;
	return channel.megagroup || channel.creatorId === userId || member.admin;
}

function postToChannel(w: World, origin: Origin, channelId: number, input: PostInput, options: PostOptions): Posted {
	const channel = w.db.channels.get(channelId);
	if (!channel) throw new RpcError(400, 'CHANNEL_INVALID');
	const senderId = origin.userId;
	if (!options.service && !canPost(channel, senderId)) throw new RpcError(403, 'CHAT_WRITE_FORBIDDEN');
	const date = now();
	const record: MessageRecord = {
		id: channel.nextMessageId++,
		ownerId: channel.id,
		inChannel: true,
		peer: { channelId },
		fromId: senderId,
		out: false,
		date,
		text: input.text,
		media: input.media,
		replyToId: input.replyToId && channel.byId.has(input.replyToId) ? input.replyToId : undefined,
		fwd: input.fwd,
		action: input.action,
		noWebpage: input.noWebpage,
		silent: input.silent,
		entities: input.entities,
		groupedId: input.groupedId,
		order: w.db.order++,
	};
	channel.messages.push(record);
	channel.byId.set(record.id, record);
	channel.pts += 1;
	channel.log.append({ pts: channel.pts, ptsCount: 1, date, message: record });
	const member = channel.members.get(senderId);
	if (member) member.readInboxMaxId = record.id;
	const entities = new Entities().message(record);
	const boxes: Record<number, number> = {};
	for (const userId of channel.members.keys()) {
		boxes[userId] = record.id;
		if (userId === senderId) continue;
		const update = new Api.UpdateNewChannelMessage({ message: messageTl(w, userId, record), pts: channel.pts, ptsCount: 1 });
		w.delivery.send(userId, [update, ...(options.extra?.(userId) ?? [])], entities);
	}
	boxes[senderId] = record.id;
	const update = new Api.UpdateNewChannelMessage({ message: messageTl(w, senderId, record), pts: channel.pts, ptsCount: 1 });
	return { record, update, pts: channel.pts, boxes, entities };
}

/**
 * The sender's side of one or more posts: one container with updateMessageID (when random ids are
 * known) and the new-message updates, pushed to the sender's other sessions and returned as the result.
 */
export function senderUpdates(
	w: World,
	origin: Origin,
	posted: Posted[],
	randomIds: Array<BigInteger | undefined> = [],
	extra: Api.TypeUpdate[] = [],
	entities = new Entities(),
): Api.Updates {
	const updates: Api.TypeUpdate[] = [];
	posted.forEach((p, i) => {
		const randomId = randomIds[i];
		if (randomId !== undefined) updates.push(new Api.UpdateMessageID({ id: p.record.id, randomId }));
	});
	for (const p of posted) {
		updates.push(p.update);
		entities.merge(p.entities);
	}
	updates.push(...extra);
	return w.delivery.send(origin.userId, updates, entities.user(origin.userId), origin.session);
}

/** messages.sendMessage's answer for a private chat; the sender's other sessions get the full message. */
export function shortSent(w: World, origin: Origin, posted: Posted): Api.UpdateShortSentMessage {
	w.delivery.send(origin.userId, [posted.update], new Entities().merge(posted.entities).user(origin.userId), origin.session);
	return new Api.UpdateShortSentMessage({
		out: true,
		id: posted.record.id,
		pts: posted.pts,
		ptsCount: 1,
		date: posted.record.date,
	});
}

/** random_ids each sender has used, per world (Telegram remembers them per account). */
const usedRandomIds = new WeakMap<World, Map<number, Set<string>>>();

/**
 * Runs a send once per random_id: a random_id the sender already used (a client re-sending a
 * request whose answer it lost) is RANDOM_ID_DUPLICATE and nothing is sent again, as Telegram
 * does for messages.sendMessage, sendMedia and forwardMessages. Ids are kept only when `send` succeeds.
 */
export function oncePerRandomId<T>(w: World, userId: number, randomIds: Array<BigInteger | undefined>, send: () => T): T {
	let byUser = usedRandomIds.get(w);
	if (!byUser) usedRandomIds.set(w, (byUser = new Map()));
	const used = byUser.get(userId) ?? new Set<string>();
	const keys = randomIds.map((id) => String(id));
	if (new Set(keys).size !== keys.length || keys.some((k) => used.has(k))) throw new RpcError(400, 'RANDOM_ID_DUPLICATE');
	const result = send();
	for (const k of keys) used.add(k);
	byUser.set(userId, used);
	return result;
}
