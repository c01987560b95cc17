// Deleting messages from a common box (optionally for everyone) or from a channel.
import { Api } from 'telegram';
import { RpcError } from '../types';
import type { World } from './world';
import type { MessageRecord } from './records';
import { Entities } from './entities';
import { account, type Origin } from './messaging';
import { channelOf, isChannelAdmin } from './channels';
import { removeMessage } from './history';
import { long, now } from './util';

export interface Affected {
	pts: number;
	ptsCount: number;
}

/** Removes records from one account's box and logs/pushes one updateDeleteMessages. */
function deleteFromBox(w: World, ownerId: number, records: MessageRecord[], origin?: Origin): Affected {
	const box = account(w, ownerId);
	const ids: number[] = [];
	for (const record of records) {
		if (record.deleted) continue;
		record.deleted = true;
		box.messages.delete(record.id);
		const dialog = box.dialog(record.peer);
		if (dialog) {
			removeMessage(dialog.messages, record.id);
			if (!record.out && record.id > dialog.readInboxMaxId) dialog.unreadCount = Math.max(0, dialog.unreadCount - 1);
		}
		ids.push(record.id);
	}
	if (!ids.length) return { pts: box.pts, ptsCount: 0 };
	const update = new Api.UpdateDeleteMessages({ messages: ids, pts: box.pts + ids.length, ptsCount: ids.length });
	box.log(ids.length, now(), { update });
	w.delivery.send(ownerId, [update], new Entities(), origin?.userId === ownerId ? origin.session : undefined);
	return { pts: box.pts, ptsCount: ids.length };
}

/** messages.deleteMessages: from the actor's box, and with `revoke` from everyone's when allowed. */
export function deleteMessages(w: World, origin: Origin, ids: number[], revoke: boolean): Affected {
	const box = account(w, origin.userId);
	const records = ids.map((id) => box.messages.get(id)).filter((r): r is MessageRecord => !!r);
	const others = new Map<number, MessageRecord[]>();
	if (revoke) {
		for (const record of records) {
			const chat = 'chatId' in record.peer ? w.db.chats.get(record.peer.chatId) : undefined;
			const allowed = record.out || 'userId' in record.peer || chat?.creatorId === origin.userId || !!chat?.participants.get(origin.userId)?.admin;
			if (!allowed) continue;
			for (const copy of record.copies ?? []) {
				if (copy.ownerId === origin.userId || copy.deleted) continue;
				others.set(copy.ownerId, [...(others.get(copy.ownerId) ?? []), copy]);
			}
		}
	}
	const affected = deleteFromBox(w, origin.userId, records, origin);
	for (const [ownerId, copies] of others) deleteFromBox(w, ownerId, copies);
	return affected;
}

/** channels.deleteMessages: authors delete their own, admins anything. */
export function deleteChannelMessages(w: World, origin: Origin, channelId: number, ids: number[]): Affected {
	const channel = channelOf(w, channelId);
	if (!channel.members.has(origin.userId)) throw new RpcError(400, 'USER_NOT_PARTICIPANT');
	const admin = isChannelAdmin(channel, origin.userId);
	const records = ids.map((id) => channel.byId.get(id)).filter((r): r is MessageRecord => !!r);
	if (records.some((r) => r.fromId !== origin.userId && !admin)) throw new RpcError(403, 'MESSAGE_DELETE_FORBIDDEN');
	if (!records.length) return { pts: channel.pts, ptsCount: 0 };
	for (const record of records) {
		record.deleted = true;
		channel.byId.delete(record.id);
		removeMessage(channel.messages, record.id);
	}
	const deleted = records.map((r) => r.id);
	channel.pts += deleted.length;
	const update = new Api.UpdateDeleteChannelMessages({
		channelId: long(channelId),
		messages: deleted,
		pts: channel.pts,
		ptsCount: deleted.length,
	});
	channel.log.append({ pts: channel.pts, ptsCount: deleted.length, date: now(), update });
	const entities = new Entities().peer({ channelId });
	for (const userId of channel.members.keys()) {
		w.delivery.send(userId, [update], entities, userId === origin.userId ? origin.session : undefined);
	}
	return { pts: channel.pts, ptsCount: deleted.length };
}
