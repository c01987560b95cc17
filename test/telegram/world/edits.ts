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

function checkEdit(record: MessageRecord | undefined, peer: PeerRef, text: string): MessageRecord {
	if (!record || record.deleted || !samePeer(record.peer, peer) || record.action) throw new RpcError(400, 'MESSAGE_ID_INVALID');
	if (!text.trim() && !record.media) throw new RpcError(400, 'MESSAGE_EMPTY');
	if (text.length > 4096) throw new RpcError(400, 'MESSAGE_TOO_LONG');
	if (record.text === text) throw new RpcError(400, 'MESSAGE_NOT_MODIFIED');
	return record;
}

/** Returns the actor's container (its calling session gets it as the answer). */
export function editMessage(w: World, origin: Origin, peer: PeerRef, id: number, text: string): Api.Updates {
	const date = now();
	if ('channelId' in peer) {
		const channel = channelOf(w, peer.channelId);
		const record = checkEdit(channel.byId.get(id), peer, text);
		const broadcastAdmin = !channel.megagroup && isChannelAdmin(channel, origin.userId);
		if (record.fromId !== origin.userId && !broadcastAdmin) throw new RpcError(403, 'MESSAGE_AUTHOR_REQUIRED');
		record.text = text;
		record.editDate = date;
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
	const record = checkEdit(account(w, origin.userId).messages.get(id), peer, text);
	if (!record.out) throw new RpcError(403, 'MESSAGE_AUTHOR_REQUIRED');
	let own: Api.Updates | undefined;
	for (const copy of record.copies ?? [record]) {
		if (copy.deleted) continue;
		copy.text = text;
		copy.editDate = date;
		const box = account(w, copy.ownerId);
		const pts = box.log(1, date, { edited: copy });
		const update = new Api.UpdateEditMessage({ message: messageTl(w, copy.ownerId, copy), pts, ptsCount: 1 });
		const mine = copy.ownerId === origin.userId;
		const sent = w.delivery.send(copy.ownerId, [update], new Entities().message(copy), mine ? origin.session : undefined);
		if (mine) own = sent;
	}
	return own!;
}
