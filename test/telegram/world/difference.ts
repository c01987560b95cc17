// updates.getState / getDifference / getChannelDifference over the pts and seq logs.
import { Api } from 'telegram';
import { RpcError } from '../types';
import type { World } from './world';
import type { Account, BoxEvent, SeqEvent } from './account';
import { Entities } from './entities';
import { channelOf } from './channels';
import { channelUnread } from './history';
import { peerTl } from './peers';
import { messageTl } from './tl';
import { long, now } from './util';

/** The most updates.getChannelDifference hands an ordinary user in one answer (bots get more). */
const USER_CHANNEL_DIFFERENCE_LIMIT = 100;

export interface StateRecord {
	pts: number;
	qts: number;
	date: number;
	seq: number;
	unreadCount: number;
}

export function stateOf(w: World, userId: number): StateRecord {
	const account = accountOf(w, userId);
	return { pts: account.pts, qts: account.qts, date: Math.max(now(), account.lastSeqDate), seq: account.seq, unreadCount: account.unreadTotal() };
}

function accountOf(w: World, userId: number): Account {
	const account = w.db.accounts.get(userId);
	if (!account) throw new RpcError(401, 'AUTH_KEY_UNREGISTERED');
	return account;
}

function stateTl(state: StateRecord): Api.updates.State {
	return new Api.updates.State(state);
}

export function getState(w: World, userId: number): Api.updates.State {
	const state = stateOf(w, userId);
	accountOf(w, userId).hand(state.date);
	return stateTl(state);
}

/** Splits pts events into new messages and other updates, collecting the entities they mention. */
function render(w: World, viewerId: number, events: BoxEvent[], entities: Entities): { messages: Api.TypeMessage[]; others: Api.TypeUpdate[] } {
	const messages: Api.TypeMessage[] = [];
	const others: Api.TypeUpdate[] = [];
	for (const event of events) {
		if (event.message) {
			if (event.message.deleted) continue;
			entities.message(event.message);
			messages.push(messageTl(w, viewerId, event.message));
		} else if (event.edited) {
			entities.message(event.edited);
			const message = messageTl(w, viewerId, event.edited);
			const body = { message, pts: event.pts, ptsCount: event.ptsCount };
			others.push(event.edited.inChannel ? new Api.UpdateEditChannelMessage(body) : new Api.UpdateEditMessage(body));
		} else if (event.update) others.push(event.update);
	}
	return { messages, others };
}

function seqAt(account: Account, pts: number): number {
	let seq = account.seqBase;
	for (const event of account.seqLog) {
		if (event.ptsAtPush > pts) break;
		seq = event.seq;
	}
	return seq;
}

/**
 * updateChannelTooLong for each channel of the account with many new events since the client's
 * `date` (as Telegram does): the client fetches those with getChannelDifference, from its own pts
 * or, for a channel it has none for, from the pts given here. "Since" counts from when the account
 * was first told that date: naming a channel once too often costs the client one empty call.
 */
function channelsTooLong(w: World, account: Account, date: number, entities: Entities): Api.UpdateChannelTooLong[] {
	const updates: Api.UpdateChannelTooLong[] = [];
	const since = account.tickOf(date);
	for (const channel of w.db.channels.values()) {
		if (!channel.members.has(account.userId)) continue;
		const fresh = channel.log.since(since);
		if (fresh.length <= w.settings.channelTooLongAfter) continue;
		entities.peer({ channelId: channel.id });
		updates.push(new Api.UpdateChannelTooLong({ channelId: long(channel.id), pts: fresh[0].pts - fresh[0].ptsCount }));
	}
	return updates;
}

export function getDifference(
	w: World,
	userId: number,
	request: { pts: number; date: number; qts: number; ptsTotalLimit?: number },
): Api.updates.TypeDifference {
	const account = accountOf(w, userId);
	const current = stateOf(w, userId);
	if (!account.ptsLog.covers(request.pts) || (request.ptsTotalLimit && account.pts - request.pts > request.ptsTotalLimit)) {
		return new Api.updates.DifferenceTooLong({ pts: account.pts });
	}
	const { events, more } = account.ptsLog.after(request.pts, w.settings.differencePageSize);
	const lastPts = more ? events[events.length - 1].pts : account.pts;
	const seqEvents: SeqEvent[] = account.seqLog.filter((e) => e.date > request.date && e.ptsAtPush <= lastPts);
	const entities = new Entities();
	const tooLong = channelsTooLong(w, account, request.date, entities);
	if (!events.length && !seqEvents.length && !tooLong.length) {
		account.hand(current.date);
		return new Api.updates.DifferenceEmpty({ date: current.date, seq: current.seq });
	}
	const { messages, others } = render(w, userId, events, entities);
	for (const event of seqEvents) {
		others.push(...event.updates);
		event.userIds.forEach((id) => entities.user(id));
		event.chatIds.forEach((id) => entities.peer({ chatId: id }));
		event.channelIds.forEach((id) => entities.peer({ channelId: id }));
	}
	others.push(...tooLong);
	const { users, chats } = entities.build(w, userId);
	const body = { newMessages: messages, newEncryptedMessages: [], otherUpdates: others, chats, users };
	if (!more) {
		account.hand(current.date);
		return new Api.updates.Difference({ ...body, state: stateTl(current) });
	}
	const lastSeq = seqEvents[seqEvents.length - 1];
	const intermediate: StateRecord = {
		pts: lastPts,
		qts: account.qts,
		date: Math.max(request.date, lastSeq?.date ?? 0, events[events.length - 1].date),
		seq: lastSeq?.seq ?? seqAt(account, lastPts),
		unreadCount: current.unreadCount,
	};
	return new Api.updates.DifferenceSlice({ ...body, intermediateState: stateTl(intermediate) });
}

export function getChannelDifference(
	w: World,
	userId: number,
	channelId: number,
	request: { pts: number; limit: number },
): Api.updates.TypeChannelDifference {
	const channel = channelOf(w, channelId);
	const member = channel.members.get(userId);
	if (!member && !channel.username) throw new RpcError(400, 'CHANNEL_PRIVATE');
	if (request.pts <= 0) throw new RpcError(400, 'PERSISTENT_TIMESTAMP_EMPTY');
	const timeout = w.settings.channelDifferenceTimeout;
	// Telegram takes up to 100 000 from bots; ordinary users get at most 100 a call.
	const limit = Math.min(request.limit > 0 ? request.limit : USER_CHANNEL_DIFFERENCE_LIMIT, USER_CHANNEL_DIFFERENCE_LIMIT);
	const entities = new Entities().peer({ channelId });
	if (!channel.log.covers(request.pts)) {
		const top = channel.messages.slice(-limit).reverse();
		top.forEach((m) => entities.message(m));
		const readInboxMaxId = member?.readInboxMaxId ?? 0;
		const dialog = new Api.Dialog({
			peer: peerTl({ channelId }),
			topMessage: top[0]?.id ?? 0,
			readInboxMaxId,
			readOutboxMaxId: top[0]?.id ?? 0,
			unreadCount: channelUnread(channel.messages, readInboxMaxId, userId),
			unreadMentionsCount: 0,
			unreadReactionsCount: 0,
			notifySettings: new Api.PeerNotifySettings({}),
			pts: channel.pts,
		});
		const { users, chats } = entities.build(w, userId);
		return new Api.updates.ChannelDifferenceTooLong({
			final: true,
			timeout,
			dialog,
			messages: top.map((m) => messageTl(w, userId, m)),
			chats,
			users,
		});
	}
	const { events, more } = channel.log.after(request.pts, limit);
	if (!events.length) return new Api.updates.ChannelDifferenceEmpty({ final: true, pts: channel.pts, timeout });
	const { messages, others } = render(w, userId, events, entities);
	const { users, chats } = entities.build(w, userId);
	return new Api.updates.ChannelDifference({
		final: !more || undefined,
		pts: more ? events[events.length - 1].pts : channel.pts,
		timeout: more ? undefined : timeout,
		newMessages: messages,
		otherUpdates: others,
		chats,
		users,
	});
}
