// Reading history: the reader's inbox and, in private chats and basic groups, the authors' outboxes.
import { Api } from 'telegram';
import { RpcError } from '../types';
import type { World } from './world';
import type { MessageRecord, PeerRef } from './records';
import { Entities } from './entities';
import { account, type Origin } from './messaging';
import { channelOf } from './channels';
import type { Affected } from './deletions';
import { peerTl } from './peers';
import { long, now } from './util';

export function readHistory(w: World, origin: Origin, peer: PeerRef, maxId: number): Affected {
	const box = account(w, origin.userId);
	const dialog = box.dialog(peer);
	const top = dialog?.messages[dialog.messages.length - 1];
	if (!dialog || !top) return { pts: box.pts, ptsCount: 0 };
	const readTo = maxId > 0 ? Math.min(maxId, top.id) : top.id;
	if (readTo <= dialog.readInboxMaxId) return { pts: box.pts, ptsCount: 0 };
	const newlyRead: MessageRecord[] = [];
	let unread = 0;
	for (let i = dialog.messages.length - 1; i >= 0; i--) {
		const message = dialog.messages[i];
		if (message.id <= dialog.readInboxMaxId) break;
		if (message.out) continue;
		if (message.id <= readTo) newlyRead.push(message);
		else unread++;
	}
	dialog.readInboxMaxId = readTo;
	dialog.unreadCount = unread;
	const update = new Api.UpdateReadHistoryInbox({
		peer: peerTl(peer),
		maxId: readTo,
		stillUnreadCount: unread,
		pts: box.pts + 1,
		ptsCount: 1,
	});
	box.log(1, now(), { update });
	w.delivery.send(origin.userId, [update], new Entities().peer(peer), origin.session);
	tellAuthors(w, origin.userId, newlyRead);
	return { pts: box.pts, ptsCount: 1 };
}

/** Each author learns, in their own box, up to which of their messages the reader has read. */
function tellAuthors(w: World, readerId: number, newlyRead: MessageRecord[]): void {
	const latest = new Map<number, MessageRecord>();
	for (const message of newlyRead) {
		if (message.fromId === undefined || latest.has(message.fromId)) continue;
		const copy = message.copies?.find((c) => c.ownerId === message.fromId && !c.deleted);
		if (copy) latest.set(message.fromId, copy);
	}
	for (const [authorId, copy] of latest) {
		const box = account(w, authorId);
		const dialog = box.dialog(copy.peer);
		if (!dialog || copy.id <= dialog.readOutboxMaxId) continue;
		dialog.readOutboxMaxId = copy.id;
		const update = new Api.UpdateReadHistoryOutbox({ peer: peerTl(copy.peer), maxId: copy.id, pts: box.pts + 1, ptsCount: 1 });
		box.log(1, now(), { update });
		w.delivery.send(authorId, [update], new Entities().peer(copy.peer).user(readerId));
	}
}

export function readChannelHistory(w: World, origin: Origin, channelId: number, maxId: number): boolean {
	const channel = channelOf(w, channelId);
	const member = channel.members.get(origin.userId);
	if (!member) throw new RpcError(400, 'CHANNEL_PRIVATE');
	const top = channel.messages[channel.messages.length - 1]?.id ?? 0;
	const readTo = maxId > 0 ? Math.min(maxId, top) : top;
	if (readTo <= member.readInboxMaxId) return true;
	member.readInboxMaxId = readTo;
	let unread = 0;
	for (let i = channel.messages.length - 1; i >= 0 && channel.messages[i].id > readTo; i--) {
		if (channel.messages[i].fromId !== origin.userId) unread++;
	}
	const update = new Api.UpdateReadChannelInbox({ channelId: long(channelId), maxId: readTo, stillUnreadCount: unread, pts: channel.pts });
	w.delivery.short(origin.userId, update, origin.session);
	return true;
}
