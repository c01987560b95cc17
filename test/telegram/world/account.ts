// One account's common message box: pts/qts/seq, its update logs, dialogs and messages.
import type { Api } from 'telegram';
import { PtsLog, worldTick, type PtsEvent } from './ptsLog';
import type { ContactRecord, MessageRecord, PeerRef } from './records';
import { peerKey } from './peers';

/** A pts event: a new or edited message (rendered per viewer when asked) or any other pts update. */
export interface BoxEvent extends PtsEvent {
	date: number;
	message?: MessageRecord;
	edited?: MessageRecord;
	update?: Api.TypeUpdate;
}

/** A pushed container that carried updates without pts (it took a seq number). */
export interface SeqEvent {
	seq: number;
	date: number;
	/** The account's pts right after the container: orders it against pts events. */
	ptsAtPush: number;
	updates: Api.TypeUpdate[];
	userIds: number[];
	chatIds: number[];
	channelIds: number[];
}

export interface DialogRecord {
	peer: PeerRef;
	/** Ascending by id; deleted messages are removed. */
	messages: MessageRecord[];
	readInboxMaxId: number;
	readOutboxMaxId: number;
	unreadCount: number;
}

export class Account {
	pts = 0;
	qts = 0;
	seq = 0;
	nextMessageId = 1;
	/** Date of the newest seq event: seq events get strictly increasing dates. */
	lastSeqDate = 0;
	/** Newest date this account was told (state or container): later seq events must be newer. */
	handedDate = 0;
	/** Each new date told, with the world tick then: getDifference's date → what the client knew. */
	readonly handedAt: Array<{ date: number; tick: number }> = [];
	readonly ptsLog: PtsLog<BoxEvent>;
	readonly seqLog: SeqEvent[] = [];
	/** seq before the oldest kept seq event. */
	seqBase = 0;
	readonly messages = new Map<number, MessageRecord>();
	readonly dialogs = new Map<string, DialogRecord>();
	readonly contacts = new Map<number, ContactRecord>();
	readonly blocked = new Set<number>();

	constructor(
		readonly userId: number,
		private readonly retain: () => number,
	) {
		this.ptsLog = new PtsLog<BoxEvent>(retain);
	}

	/** Takes the next pts (or pts_count of them) for an event logged with `log`. */
	log(ptsCount: number, date: number, body: { message?: MessageRecord; edited?: MessageRecord; update?: Api.TypeUpdate }): number {
		this.pts += ptsCount;
		this.ptsLog.append({ pts: this.pts, ptsCount, date, ...body });
		return this.pts;
	}

	/** A date for a new seq event: now, but never at or before what the account already saw. */
	nextSeqDate(at: number): number {
		const date = Math.max(at, this.lastSeqDate + 1, this.handedDate + 1);
		this.lastSeqDate = date;
		return date;
	}

	logSeq(event: SeqEvent): void {
		this.seqLog.push(event);
		const over = this.seqLog.length - Math.max(1, this.retain());
		if (over > 0) {
			this.seqBase = this.seqLog[over - 1].seq;
			this.seqLog.splice(0, over);
		}
	}

	hand(date: number): void {
		if (date > this.handedDate) {
			this.handedDate = date;
			this.handedAt.push({ date, tick: worldTick() });
		}
	}

	/** The world tick when the account was first told `date` (or a later one): it knew all before. */
	tickOf(date: number): number {
		let tick = 0;
		for (let k = this.handedAt.length - 1; k >= 0; k--) {
			if (this.handedAt[k].date <= date) {
				tick = this.handedAt[k].tick;
				break;
			}
		}
		return tick;
	}

	dialog(peer: PeerRef): DialogRecord | undefined {
		return this.dialogs.get(peerKey(peer));
	}

	openDialog(peer: PeerRef): DialogRecord {
		const key = peerKey(peer);
		let dialog = this.dialogs.get(key);
		if (!dialog) {
			dialog = { peer, messages: [], readInboxMaxId: 0, readOutboxMaxId: 0, unreadCount: 0 };
			this.dialogs.set(key, dialog);
		}
		return dialog;
	}

	unreadTotal(): number {
		let total = 0;
		for (const dialog of this.dialogs.values()) total += dialog.unreadCount;
		return total;
	}
}
