// Scheduled messages (schedule_date): kept in the sender's scheduled list of the chat
// (updateNewScheduledMessage, messages.getScheduledHistory) and posted at their date.
import { Api } from 'telegram';
import type { BigInteger } from 'big-integer';
import { RpcError } from '../types';
import type { World } from './world';
import type { MessageRecord, PeerRef } from './records';
import { Entities } from './entities';
import { canPost, post, type Origin, type PostInput } from './messaging';
import { peerKey, peerTl } from './peers';
import { messageTl } from './tl';
import { now } from './util';

/** core.telegram.org/api/scheduled-messages: at most a year ahead, at most 100 per chat. */
export const SCHEDULE_MAX_AHEAD = 365 * 86400;
export const SCHEDULED_PER_CHAT_MAX = 100;
/** setTimeout's ceiling; a world never lives that long, so later dates simply stay scheduled. */
const TIMER_MAX_MS = 2 ** 31 - 1;

export interface ScheduledRecord {
	/** The message as the scheduled list shows it (its id is in the scheduled numbering, its date the schedule date). */
	record: MessageRecord;
	input: PostInput;
	sender: Origin;
	timer?: NodeJS.Timeout;
}

interface Store {
	nextId: number;
	/** `${userId}:${peerKey}` → scheduled messages, oldest first. */
	lists: Map<string, ScheduledRecord[]>;
}

const stores = new WeakMap<World, Store>();

function store(w: World): Store {
	let s = stores.get(w);
	if (!s) stores.set(w, (s = { nextId: 1, lists: new Map() }));
	return s;
}

/** The scheduled messages `userId` has in the chat `peer` (what getScheduledHistory lists). */
export function scheduledIn(w: World, userId: number, peer: PeerRef): ScheduledRecord[] {
	return store(w).lists.get(`${userId}:${peerKey(peer)}`) ?? [];
}

function checkCanWrite(w: World, userId: number, peer: PeerRef): void {
	if ('channelId' in peer) {
		const channel = w.db.channels.get(peer.channelId);
		if (!channel) throw new RpcError(400, 'CHANNEL_INVALID');
		if (!canPost(channel, userId)) throw new RpcError(403, 'CHAT_WRITE_FORBIDDEN');
	} else if ('chatId' in peer && !w.db.chats.get(peer.chatId)?.participants.has(userId)) {
		throw new RpcError(403, 'CHAT_WRITE_FORBIDDEN');
	}
}

/** The date checks every send with schedule_date gets; false when the date is not in the future (send now). */
export function checkScheduleDate(date: number): boolean {
	if (date > now() + SCHEDULE_MAX_AHEAD) throw new RpcError(400, 'SCHEDULE_DATE_TOO_LATE');
	return date > now();
}

/**
 * Adds messages to the sender's scheduled list of the chat; answers the sender's container:
 * updateMessageID (by random_id) and updateNewScheduledMessage for each. Nothing reaches the chat yet.
 */
export function schedule(
	w: World,
	sender: Origin,
	peer: PeerRef,
	inputs: PostInput[],
	date: number,
	randomIds: Array<BigInteger | undefined>,
): Api.Updates {
	checkCanWrite(w, sender.userId, peer);
	const s = store(w);
	const key = `${sender.userId}:${peerKey(peer)}`;
	const list = s.lists.get(key) ?? [];
	if (list.length + inputs.length > SCHEDULED_PER_CHAT_MAX) throw new RpcError(400, 'SCHEDULE_TOO_MUCH');
	s.lists.set(key, list);
	const updates: Api.TypeUpdate[] = [];
	const entities = new Entities().peer(peer).user(sender.userId);
	inputs.forEach((input, i) => {
		const record: MessageRecord = {
			id: s.nextId++,
			ownerId: 'channelId' in peer ? peer.channelId : sender.userId,
			inChannel: 'channelId' in peer,
			peer,
			fromId: sender.userId,
			out: true,
			date,
			text: input.text,
			media: input.media,
			fwd: input.fwd,
			silent: input.silent,
			groupedId: input.groupedId,
			order: w.db.order++,
		};
		const item: ScheduledRecord = { record, input, sender: { userId: sender.userId } };
		list.push(item);
		const delay = (date - now()) * 1000;
		if (delay <= TIMER_MAX_MS) {
			item.timer = setTimeout(() => deliverScheduled(w, key, item), Math.max(0, delay));
			item.timer.unref();
		}
		entities.message(record);
		const randomId = randomIds[i];
		if (randomId !== undefined) updates.push(new Api.UpdateMessageID({ id: record.id, randomId }));
		updates.push(new Api.UpdateNewScheduledMessage({ message: messageTl(w, sender.userId, record) }));
	});
	return w.delivery.send(sender.userId, updates, entities, sender.session);
}

/** The date came: the message is posted to the chat and leaves the scheduled list. */
function deliverScheduled(w: World, key: string, item: ScheduledRecord): void {
	const list = store(w).lists.get(key);
	const at = list?.indexOf(item) ?? -1;
	if (!list || at < 0 || !w.db.accounts.has(item.sender.userId)) return;
	list.splice(at, 1);
	const { record, input, sender } = item;
	try {
		const posted = post(w, sender, record.peer, input);
		// The sender's sessions learn both: the new message, and that the scheduled one was sent.
		w.delivery.send(sender.userId, [posted.update], new Entities().merge(posted.entities).user(sender.userId));
		const gone = new Api.UpdateDeleteScheduledMessages({ peer: peerTl(record.peer), messages: [record.id], sentMessages: [posted.record.id] });
		w.delivery.send(sender.userId, [gone], new Entities().peer(record.peer));
	} catch {
		// The sender lost the right to write meanwhile: Telegram drops the message.
	}
}

/** messages.getScheduledHistory: the list, newest first. */
export function scheduledHistory(w: World, userId: number, peer: PeerRef): Api.messages.Messages {
	const records = scheduledIn(w, userId, peer).map((s) => s.record).sort((a, b) => b.id - a.id);
	const entities = new Entities().peer(peer);
	records.forEach((r) => entities.message(r));
	const { users, chats } = entities.build(w, userId);
	return new Api.messages.Messages({ messages: records.map((r) => messageTl(w, userId, r)), chats, users });
}
