// messages.* that read: history, dialogs, search, and marking read / deleting.
import { Api } from 'telegram';
import { RpcError } from '../types';
import type { World } from '../world';
import type { MessageRecord, PeerRef } from '../world/records';
import { dialogsOf, sliceHistory } from '../world/history';
import { resolvePeer } from '../world/inputs';
import { deleteMessages } from '../world/deletions';
import { readHistory } from '../world/reads';
import { samePeer } from '../world/peers';
import { me, origin, type Handlers } from './common';
import { dialogsBody, messagesAnswer, withEmpties } from './results';

/** The messages of one dialog, ascending; channels need membership (or a public username). */
export function dialogMessages(world: World, viewerId: number, peer: PeerRef): MessageRecord[] {
	if ('channelId' in peer) {
		const channel = world.db.channels.get(peer.channelId);
		if (!channel || (!channel.members.has(viewerId) && !channel.username)) throw new RpcError(400, 'CHANNEL_PRIVATE');
		return channel.messages;
	}
	return world.db.accounts.get(viewerId)?.dialog(peer)?.messages ?? [];
}

const filterKinds: Record<string, (m: MessageRecord, world: World) => boolean> = {
	InputMessagesFilterEmpty: () => true,
	InputMessagesFilterPhotos: (m) => m.media?.kind === 'photo',
	InputMessagesFilterPhotoVideo: (m, w) => m.media?.kind === 'photo' || isVideo(m, w),
	InputMessagesFilterVideo: (m, w) => isVideo(m, w),
	InputMessagesFilterDocument: (m, w) => m.media?.kind === 'document' && !isVideo(m, w),
	InputMessagesFilterGeo: (m) => m.media?.kind === 'geo',
	InputMessagesFilterContacts: (m) => m.media?.kind === 'contact',
	InputMessagesFilterUrl: (m) => /https?:\/\//.test(m.text),
};

function isVideo(m: MessageRecord, world: World): boolean {
	if (m.media?.kind !== 'document') return false;
	return !!world.db.files.documents.get(m.media.documentId)?.attributes.some((a) => a.className === 'DocumentAttributeVideo');
}

function matcher(world: World, query: string, filter: Api.TypeMessagesFilter | undefined, fromId?: number, minDate = 0, maxDate = 0) {
	const q = query.toLowerCase();
	const kind = filterKinds[filter?.className ?? 'InputMessagesFilterEmpty'];
	if (!kind) throw new RpcError(400, 'FILTER_NOT_SUPPORTED');
	return (m: MessageRecord) =>
		!m.action &&
		(!q || m.text.toLowerCase().includes(q)) &&
		kind(m, world) &&
		(fromId === undefined || m.fromId === fromId) &&
		(!minDate || m.date >= minDate) &&
		(!maxDate || m.date <= maxDate);
}

export function messagesReadHandlers(world: World): Handlers {
	return {
		'messages.GetHistory': (ctx, request: Api.messages.GetHistory) => {
			const viewerId = me(world, ctx);
			const peer = resolvePeer(world, viewerId, request.peer);
			const all = dialogMessages(world, viewerId, peer);
			const page = sliceHistory(all, request);
			return messagesAnswer(world, viewerId, page, all.length, 'channelId' in peer ? peer.channelId : undefined);
		},
		'messages.GetMessages': (ctx, request: Api.messages.GetMessages) => {
			const viewerId = me(world, ctx);
			const box = world.db.accounts.get(viewerId);
			const found: MessageRecord[] = [];
			for (const input of request.id as Api.TypeInputMessage[]) {
				const id = input.className === 'InputMessageID' ? input.id : 0;
				const record = box?.messages.get(id);
				if (record) found.push(record);
			}
			return withEmpties(messagesAnswer(world, viewerId, found, found.length), request.id as Api.TypeInputMessage[]);
		},
		'messages.GetDialogs': (ctx, request: Api.messages.GetDialogs) => {
			const viewerId = me(world, ctx);
			// Nothing is ever archived here: folder 1 is empty.
			const all = request.folderId === 1 ? [] : dialogsOf(world, viewerId);
			let start = 0;
			const offsetPeer = request.offsetPeer as Api.TypeInputPeer;
			if (offsetPeer && offsetPeer.className !== 'InputPeerEmpty') {
				const peer = resolvePeer(world, viewerId, offsetPeer);
				const at = all.findIndex((d) => samePeer(d.peer, peer));
				start = at >= 0 ? at + 1 : all.length;
			} else if (request.offsetDate || request.offsetId) {
				const at = all.findIndex(
					(d) => (request.offsetDate && d.top.date < request.offsetDate) || (d.top.date === request.offsetDate && d.top.id < request.offsetId),
				);
				start = at >= 0 ? at : all.length;
			}
			const limit = Math.max(1, Math.min(request.limit || 100, 100));
			const page = all.slice(start, start + limit);
			const body = dialogsBody(world, viewerId, page);
			if (start === 0 && page.length === all.length) return new Api.messages.Dialogs(body);
			return new Api.messages.DialogsSlice({ count: all.length, ...body });
		},
		'messages.GetPeerDialogs': (ctx, request: Api.messages.GetPeerDialogs) => {
			const viewerId = me(world, ctx);
			const all = dialogsOf(world, viewerId);
			const wanted = request.peers.map((p) => resolvePeer(world, viewerId, (p as Api.InputDialogPeer).peer));
			const views = all.filter((d) => wanted.some((p) => samePeer(p, d.peer)));
			const state = world.stateOf(viewerId);
			return new Api.messages.PeerDialogs({ ...dialogsBody(world, viewerId, views), state: new Api.updates.State(state) });
		},
		'messages.Search': (ctx, request: Api.messages.Search) => {
			const viewerId = me(world, ctx);
			const peer = resolvePeer(world, viewerId, request.peer);
			const fromId = request.fromId ? resolvePeer(world, viewerId, request.fromId) : undefined;
			if (fromId && !('userId' in fromId)) throw new RpcError(400, 'PEER_ID_INVALID');
			const match = matcher(world, request.q, request.filter, fromId?.userId, request.minDate, request.maxDate);
			const found = dialogMessages(world, viewerId, peer).filter(match);
			const page = sliceHistory(found, request);
			return messagesAnswer(world, viewerId, page, found.length, 'channelId' in peer ? peer.channelId : undefined);
		},
		'messages.SearchGlobal': (ctx, request: Api.messages.SearchGlobal) => {
			const viewerId = me(world, ctx);
			const match = matcher(world, request.q, request.filter, undefined, request.minDate, request.maxDate);
			const found: MessageRecord[] = [];
			for (const view of dialogsOf(world, viewerId)) {
				const channel = 'channelId' in view.peer ? world.db.channels.get(view.peer.channelId) : undefined;
				if (request.broadcastsOnly && (!channel || channel.megagroup)) continue;
				if (request.groupsOnly && !('chatId' in view.peer) && !channel?.megagroup) continue;
				if (request.usersOnly && !('userId' in view.peer)) continue;
				found.push(...dialogMessages(world, viewerId, view.peer).filter(match));
			}
			found.sort((a, b) => b.date - a.date || b.order - a.order);
			let start = 0;
			const offsetPeer = request.offsetPeer as Api.TypeInputPeer;
			if (request.offsetRate || request.offsetId) {
				const peer = offsetPeer && offsetPeer.className !== 'InputPeerEmpty' ? resolvePeer(world, viewerId, offsetPeer) : undefined;
				const at = found.findIndex((m) => m.id === request.offsetId && (!peer || samePeer(m.peer, peer)));
				start = at >= 0 ? at + 1 : found.findIndex((m) => m.date < request.offsetRate);
				if (start < 0) start = found.length;
			}
			const limit = Math.max(1, Math.min(request.limit || 100, 100));
			const page = found.slice(start, start + limit);
			const more = start + page.length < found.length;
			const last = page[page.length - 1];
			return messagesAnswer(world, viewerId, page, found.length, undefined, more && last ? last.date : undefined);
		},
		'messages.ReadHistory': (ctx, request: Api.messages.ReadHistory) => {
			const caller = origin(world, ctx);
			const peer = resolvePeer(world, caller.userId, request.peer);
			if ('channelId' in peer) throw new RpcError(400, 'PEER_ID_INVALID');
			return new Api.messages.AffectedMessages(readHistory(world, caller, peer, request.maxId));
		},
		'messages.DeleteMessages': (ctx, request: Api.messages.DeleteMessages) => {
			const caller = origin(world, ctx);
			return new Api.messages.AffectedMessages(deleteMessages(world, caller, request.id, !!request.revoke));
		},
	};
}
