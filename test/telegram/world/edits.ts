// Editing a message's text: every box holding it logs and pushes the edit.
import { Api } from 'telegram';
import { RpcError } from '../types';
import type { World } from './world';
import type { MessageRecord, PeerRef } from './records';
import { Entities } from './entities';
import { account, type Origin } from './messaging';
import { channelOf, isChannelAdmin } from './channels';
import { samePeer } from './peers';
import { messageTl } from './tl';
import { now } from './util';

/** What an edit may change besides the text. */
export interface EditInput {
	entities?: Api.TypeMessageEntity[];
	noWebpage?: boolean;
}

/** Telegram's edit_time_limit (config): 48 hours for messages others may have read. */
export const EDIT_TIME_LIMIT = 172_800;

function checkEdit(record: MessageRecord | undefined, peer: PeerRef, text: string, input: EditInput): MessageRecord {
	if (!record || record.deleted || !samePeer(record.peer, peer) || record.action) throw new RpcError(400, 'MESSAGE_ID_INVALID');
	if (!text.trim() && !record.media) throw new RpcError(400, 'MESSAGE_EMPTY');
	if (record.media && text.length > 1024) throw new RpcError(400, 'MEDIA_CAPTION_TOO_LONG');
	if (text.length > 4096) throw new RpcError(400, 'MESSAGE_TOO_LONG');
	const sameEntities = JSON.stringify(record.entities ?? []) === JSON.stringify(input.entities ?? []);
	if (record.text === text && sameEntities && !!record.noWebpage === !!input.noWebpage) throw new RpcError(400, 'MESSAGE_NOT_MODIFIED');
	return record;
}

/** After edit_time_limit only Saved Messages and admins of channels and supergroups may still edit. */
function checkEditTime(record: MessageRecord, unlimited: boolean): void {
	if (!unlimited && now() - record.date > EDIT_TIME_LIMIT) throw new RpcError(400, 'MESSAGE_EDIT_TIME_EXPIRED');
}

function apply(record: MessageRecord, text: string, input: EditInput, date: number): void {
	record.text = text;
	record.entities = input.entities?.length ? input.entities : undefined;
	record.noWebpage = input.noWebpage || undefined;
	record.editDate = date;
}

/** Returns the actor's container (its calling session gets it as the answer). */
export function editMessage(w: World, origin: Origin, peer: PeerRef, id: number, text: string, input: EditInput = {}): Api.Updates {
	const date = now();
	if ('channelId' in peer) {
		const channel = channelOf(w, peer.channelId);
		const record = checkEdit(channel.byId.get(id), peer, text, input);
		const admin = isChannelAdmin(channel, origin.userId);
		if (record.fromId !== origin.userId && !(admin && !channel.megagroup)) throw new RpcError(403, 'MESSAGE_AUTHOR_REQUIRED');
		checkEditTime(record, admin);
		apply(record, text, input, date);
		channel.pts += 1;
		channel.log.append({ pts: channel.pts, ptsCount: 1, date, edited: record });
		const entities = new Entities().message(record);
		let own: Api.Updates | undefined;
		for (const userId of channel.members.keys()) {
			const update = new Api.UpdateEditChannelMessage({ message: messageTl(w, userId, record), pts: channel.pts, ptsCount: 1 });
			const sent = w.delivery.send(userId, [update], entities, userId === origin.userId ? origin.session : undefined);
			if (userId === origin.userId) own = sent;
		}
		return own ?? w.delivery.send(origin.userId, [], entities, origin.session);
	}
	const record = checkEdit(account(w, origin.userId).messages.get(id), peer, text, input);
	if (!record.out) throw new RpcError(403, 'MESSAGE_AUTHOR_REQUIRED');
	checkEditTime(record, 'userId' in peer && peer.userId === origin.userId);
	let own: Api.Updates | undefined;
	for (const copy of record.copies ?? [record]) {
		if (copy.deleted) continue;
		apply(copy, text, input, date);
		const box = account(w, copy.ownerId);
		const pts = box.log(1, date, { edited: copy });
		const update = new Api.UpdateEditMessage({ message: messageTl(w, copy.ownerId, copy), pts, ptsCount: 1 });
		const mine = copy.ownerId === origin.userId;
		const sent = w.delivery.send(copy.ownerId, [update], new Entities().message(copy), mine ? origin.session : undefined);
		if (mine) own = sent;
	}
	return own!;
}
