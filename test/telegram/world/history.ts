// Paging over one dialog's messages and over an account's dialogs, Telegram style.
import type { World } from './world';
import type { MessageRecord, PeerRef } from './records';

export interface HistoryQuery {
	offsetId?: number;
	offsetDate?: number;
	addOffset?: number;
	limit?: number;
	maxId?: number;
	minId?: number;
}

/** Index of the first message (ascending list) with id >= `id`. */
function lowerBound(messages: MessageRecord[], id: number): number {
	let lo = 0;
	let hi = messages.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (messages[mid].id < id) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

/**
 * messages.getHistory's window, newest first: skip to offset_id / offset_date (exclusive),
 * shift by add_offset (negative reaches newer messages), take limit, then keep min_id < id < max_id.
 */
export function sliceHistory(messages: MessageRecord[], query: HistoryQuery): MessageRecord[] {
	const total = messages.length;
	let skipped = 0;
	if (query.offsetId) skipped = total - lowerBound(messages, query.offsetId);
	else if (query.offsetDate) {
		while (skipped < total && messages[total - 1 - skipped].date >= query.offsetDate) skipped++;
	}
	const limit = Math.max(0, Math.min(query.limit || 100, 100));
	const start = Math.max(0, skipped + (query.addOffset ?? 0));
	const end = Math.min(total, Math.max(0, skipped + (query.addOffset ?? 0) + limit));
	const result: MessageRecord[] = [];
	for (let i = start; i < end; i++) {
		const message = messages[total - 1 - i];
		if (query.maxId && message.id >= query.maxId) continue;
		if (query.minId && message.id <= query.minId) continue;
		result.push(message);
	}
	return result;
}

export function removeMessage(messages: MessageRecord[], id: number): boolean {
	const at = lowerBound(messages, id);
	if (messages[at]?.id !== id) return false;
	messages.splice(at, 1);
	return true;
}

export function findMessage(messages: MessageRecord[], id: number): MessageRecord | undefined {
	const at = lowerBound(messages, id);
	return messages[at]?.id === id ? messages[at] : undefined;
}

/** One dialog as getDialogs lists it. */
export interface DialogView {
	peer: PeerRef;
	top: MessageRecord;
	readInboxMaxId: number;
	readOutboxMaxId: number;
	unreadCount: number;
	/** Channels only. */
	pts?: number;
}

/** The account's dialogs with at least one message, most recent first. */
export function dialogsOf(w: World, userId: number): DialogView[] {
	const account = w.db.accounts.get(userId);
	if (!account) return [];
	const views: DialogView[] = [];
	for (const dialog of account.dialogs.values()) {
		const top = dialog.messages[dialog.messages.length - 1];
		if (!top) continue;
		views.push({ peer: dialog.peer, top, readInboxMaxId: dialog.readInboxMaxId, readOutboxMaxId: dialog.readOutboxMaxId, unreadCount: dialog.unreadCount });
	}
	for (const channel of w.db.channels.values()) {
		const member = channel.members.get(userId);
		const top = channel.messages[channel.messages.length - 1];
		if (!member || !top) continue;
		views.push({
			peer: { channelId: channel.id },
			top,
			readInboxMaxId: member.readInboxMaxId,
			readOutboxMaxId: top.id,
			unreadCount: channelUnread(channel.messages, member.readInboxMaxId, userId),
			pts: channel.pts,
		});
	}
	return views.sort((a, b) => b.top.date - a.top.date || b.top.order - a.top.order);
}

export function channelUnread(messages: MessageRecord[], readInboxMaxId: number, userId: number): number {
	let count = 0;
	for (let i = messages.length - 1; i >= 0 && messages[i].id > readInboxMaxId; i--) {
		if (messages[i].fromId !== userId) count++;
	}
	return count;
}
