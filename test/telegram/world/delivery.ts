// Builds update containers for one account, does its seq accounting, and pushes them.
import { Api } from 'telegram';
import type { SessionRef, UpdateSink } from '../types';
import type { World } from './world';
import type { Account } from './account';
import { Entities } from './entities';
import { now } from './util';

/** Updates that move a pts (common box or channel) or only inform: they take no seq. */
const seqless = new Set([
	'UpdateMessageID',
	'UpdateNewMessage',
	'UpdateEditMessage',
	'UpdateDeleteMessages',
	'UpdateReadHistoryInbox',
	'UpdateReadHistoryOutbox',
	'UpdateReadMessagesContents',
	'UpdatePinnedMessages',
	'UpdateWebPage',
	'UpdateNewChannelMessage',
	'UpdateEditChannelMessage',
	'UpdateDeleteChannelMessages',
	'UpdatePinnedChannelMessages',
]);

export function takesSeq(update: Api.TypeUpdate): boolean {
	return !seqless.has(update.className);
}

export class Delivery {
	constructor(
		private readonly w: World,
		readonly sink: UpdateSink,
	) {}

	private account(userId: number): Account {
		const account = this.w.db.accounts.get(userId);
		if (!account) throw new Error(`no account ${userId}`);
		return account;
	}

	/**
	 * One `updates` container for the account: takes the next seq (and logs it for getDifference)
	 * when it carries updates without pts, then pushes it to the account's sessions except `except`.
	 * Returns it, so the calling session can get the very same container as its rpc_result.
	 */
	send(userId: number, updates: Api.TypeUpdate[], entities: Entities, except?: SessionRef): Api.Updates {
		const account = this.account(userId);
		const withSeq = updates.filter(takesSeq);
		const date = withSeq.length ? account.nextSeqDate(now()) : now();
		const seq = withSeq.length ? ++account.seq : 0;
		if (withSeq.length) {
			account.logSeq({
				seq,
				date,
				ptsAtPush: account.pts,
				updates: withSeq,
				userIds: [...entities.users],
				chatIds: [...entities.chats],
				channelIds: [...entities.channels],
			});
		}
		account.hand(date);
		const { users, chats } = entities.build(this.w, userId);
		const container = new Api.Updates({ updates, users, chats, date, seq });
		this.sink.pushToUser(userId, container, except);
		return container;
	}

	/** A short container (updateShortMessage, updateShort…): no seq, nothing logged here. */
	raw(userId: number, updates: Api.TypeUpdates, except?: SessionRef): void {
		const date = (updates as { date?: number }).date;
		if (date) this.account(userId).hand(date);
		this.sink.pushToUser(userId, updates, except);
	}

	/** updateShort for ephemeral news (typing, online status of others is sent with seq instead). */
	short(userId: number, update: Api.TypeUpdate, except?: SessionRef): void {
		this.raw(userId, new Api.UpdateShort({ update, date: now() }), except);
	}
}
