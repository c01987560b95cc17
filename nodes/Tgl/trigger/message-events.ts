// The trigger's message events beyond tgl: on_msg_edit (an edited message) and on_msg_delete
// (messages Telegram says were deleted), as items.
import type { IDataObject } from 'n8n-workflow';
import { Api } from 'telegram';
import type { MapContext } from '../tgl/context';
import { toMsg } from '../tgl/msg';
import { peerOfRef } from '../tgl/peer';
import { makePeerKey } from '../tgl/peerId';
import type { EngineEvent } from '../updates/events';
import type { TglEventName, TriggerOptions } from './options';

type MessageEvent = Extract<EngineEvent, { type: 'message' }>;

/** Edits are emitted for on_msg_edit, and still for on_msg_receive with "Emit Edited Messages". */
export function wantsEdits(events: Set<TglEventName>, options: TriggerOptions): boolean {
	return events.has('on_msg_edit') || (events.has('on_msg_receive') && !!options.emitEdited);
}

/**
 * The item of an edited message: {event: 'on_msg_edit', msg, edited: true} when on_msg_edit is
 * chosen; else (Emit Edited Messages) as before, an on_msg_receive item with "edited": true.
 * ctx knows the event's entities.
 */
export function editItem(event: MessageEvent, ctx: MapContext, events: Set<TglEventName>): IDataObject {
	const name = events.has('on_msg_edit') ? 'on_msg_edit' : 'on_msg_receive';
	return { event: name, msg: toMsg(event.message, ctx) as unknown as IDataObject, edited: true };
}

/**
 * {event: 'on_msg_delete', ids, peer} for a deletion Telegram reports; undefined for any other
 * update. Private chats and basic groups share one message box, and Telegram names only the ids
 * (peer is null); a channel's deletion names the channel. With Only These Chats (`onlyKeys`), a
 * deletion whose chat is unknown cannot be shown to be in scope and is left out.
 */
export function deletionItem(update: Api.TypeUpdate, ctx: MapContext, onlyKeys?: Set<string>): IDataObject | undefined {
	if (update instanceof Api.UpdateDeleteMessages) {
		// Our own sends are applied as an empty deletion (see UpdateStream): nothing was deleted.
		if (!update.messages.length || onlyKeys) return undefined;
		return { event: 'on_msg_delete', ids: [...update.messages], peer: null };
	}
	if (update instanceof Api.UpdateDeleteChannelMessages) {
		if (!update.messages.length) return undefined;
		const peer = peerOfRef(new Api.PeerChannel({ channelId: update.channelId }), ctx);
		if (onlyKeys && !onlyKeys.has(makePeerKey(peer.type_name, peer.id))) return undefined;
		return { event: 'on_msg_delete', ids: [...update.messages], peer: peer as unknown as IDataObject };
	}
	return undefined;
}
