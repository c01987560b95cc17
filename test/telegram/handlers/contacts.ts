// contacts.*: the address book, username/phone lookups, search, blocking.
import { Api } from 'telegram';
import { RpcError } from '../types';
import type { World } from '../world';
import type { PeerRef } from '../world/records';
import { Entities } from '../world/entities';
import { resolvePeer, resolveUser } from '../world/inputs';
import { peerKey, peerTl } from '../world/peers';
import { statusTl, userTl } from '../world/tl';
import { addContact, deleteContacts, normalizePhone, setBlocked } from '../world/users';
import { long, toNumber } from '../world/util';
import { me, origin, type Handlers } from './common';

function resolved(world: World, viewerId: number, peer: PeerRef): Api.contacts.ResolvedPeer {
	const { users, chats } = new Entities().peer(peer).build(world, viewerId);
	return new Api.contacts.ResolvedPeer({ peer: peerTl(peer), chats, users });
}

/** Names and username a viewer can match a peer by. */
function searchable(world: World, peer: PeerRef): string {
	if ('userId' in peer) {
		const user = world.db.users.get(peer.userId);
		return `${user?.firstName} ${user?.lastName} ${user?.username ?? ''}`.toLowerCase();
	}
	if ('chatId' in peer) return (world.db.chats.get(peer.chatId)?.title ?? '').toLowerCase();
	const channel = world.db.channels.get(peer.channelId);
	return `${channel?.title} ${channel?.username ?? ''}`.toLowerCase();
}

export function contactsHandlers(world: World): Handlers {
	return {
		'contacts.ResolveUsername': (ctx, request: Api.contacts.ResolveUsername) => {
			const viewerId = me(world, ctx);
			const username = request.username.replace(/^@/, '');
			if (!/^[a-zA-Z][a-zA-Z0-9_]{3,31}$/.test(username)) throw new RpcError(400, 'USERNAME_INVALID');
			const peer = world.db.usernames.get(username.toLowerCase());
			if (!peer) throw new RpcError(400, 'USERNAME_NOT_OCCUPIED');
			return resolved(world, viewerId, peer);
		},
		'contacts.ResolvePhone': (ctx, request: Api.contacts.ResolvePhone) => {
			const viewerId = me(world, ctx);
			const userId = world.db.phones.get(normalizePhone(request.phone));
			if (userId === undefined) throw new RpcError(400, 'PHONE_NOT_OCCUPIED');
			return resolved(world, viewerId, { userId });
		},
		'contacts.GetContacts': (ctx) => {
			const viewerId = me(world, ctx);
			const account = world.db.accounts.get(viewerId);
			const contacts = [...(account?.contacts.values() ?? [])];
			return new Api.contacts.Contacts({
				contacts: contacts.map(
					(c) => new Api.Contact({ userId: long(c.userId), mutual: !!world.db.accounts.get(c.userId)?.contacts.has(viewerId) }),
				),
				savedCount: 0,
				users: contacts.map((c) => userTl(world, viewerId, c.userId)),
			});
		},
		'contacts.GetStatuses': (ctx) => {
			const viewerId = me(world, ctx);
			const contacts = [...(world.db.accounts.get(viewerId)?.contacts.keys() ?? [])];
			return contacts.map((id) => new Api.ContactStatus({ userId: long(id), status: statusTl(world.db.users.get(id)!) }));
		},
		'contacts.ImportContacts': (ctx, request: Api.contacts.ImportContacts) => {
			const viewerId = me(world, ctx);
			const imported: Api.ImportedContact[] = [];
			const users = new Entities();
			for (const contact of request.contacts) {
				if (contact.className !== 'InputPhoneContact') continue;
				const userId = world.db.phones.get(normalizePhone(contact.phone));
				if (userId === undefined || userId === viewerId) continue;
				// The answer is no Updates, so every session (the caller's too) gets the push.
				addContact(world, viewerId, userId, { firstName: contact.firstName, lastName: contact.lastName });
				imported.push(new Api.ImportedContact({ userId: long(userId), clientId: contact.clientId }));
				users.user(userId);
			}
			return new Api.contacts.ImportedContacts({
				imported,
				popularInvites: [],
				retryContacts: [],
				users: users.build(world, viewerId).users,
			});
		},
		'contacts.AddContact': (ctx, request: Api.contacts.AddContact) => {
			const caller = origin(world, ctx);
			const userId = resolveUser(world, caller.userId, request.id);
			if (userId === caller.userId) throw new RpcError(400, 'CONTACT_ID_INVALID');
			return addContact(world, caller.userId, userId, { firstName: request.firstName, lastName: request.lastName }, ctx.session);
		},
		'contacts.DeleteContacts': (ctx, request: Api.contacts.DeleteContacts) => {
			const caller = origin(world, ctx);
			const ids = request.id.map((input) => resolveUser(world, caller.userId, input));
			return deleteContacts(world, caller.userId, ids, ctx.session);
		},
		'contacts.Block': (ctx, request: Api.contacts.Block) => {
			const viewerId = me(world, ctx);
			const userId = resolveUser(world, viewerId, request.id);
			// Nobody can block (or unblock) themselves.
			if (userId === viewerId) throw new RpcError(400, 'CONTACT_ID_INVALID');
			setBlocked(world, viewerId, userId, true);
			return true;
		},
		'contacts.Unblock': (ctx, request: Api.contacts.Unblock) => {
			const viewerId = me(world, ctx);
			const userId = resolveUser(world, viewerId, request.id);
			// Nobody can block (or unblock) themselves.
			if (userId === viewerId) throw new RpcError(400, 'CONTACT_ID_INVALID');
			setBlocked(world, viewerId, userId, false);
			return true;
		},
		'contacts.Search': (ctx, request: Api.contacts.Search) => {
			const viewerId = me(world, ctx);
			const query = request.q.replace(/^@/, '').toLowerCase();
			if (!query) throw new RpcError(400, 'QUERY_TOO_SHORT');
			const limit = Math.max(1, Math.min(request.limit || 50, 100));
			const account = world.db.accounts.get(viewerId);
			const mine = new Map<string, PeerRef>();
			for (const id of account?.contacts.keys() ?? []) mine.set(peerKey({ userId: id }), { userId: id });
			for (const dialog of account?.dialogs.values() ?? []) mine.set(peerKey(dialog.peer), dialog.peer);
			for (const channel of world.db.channels.values()) {
				if (channel.members.has(viewerId)) mine.set(peerKey({ channelId: channel.id }), { channelId: channel.id });
			}
			const myResults = [...mine.values()].filter((p) => searchable(world, p).includes(query)).slice(0, limit);
			const results: PeerRef[] = [];
			for (const [username, peer] of world.db.usernames) {
				if (results.length >= limit) break;
				if (username.startsWith(query) && !mine.has(peerKey(peer))) results.push(peer);
			}
			const entities = new Entities();
			[...myResults, ...results].forEach((p) => entities.peer(p));
			const { users, chats } = entities.build(world, viewerId);
			return new Api.contacts.Found({ myResults: myResults.map(peerTl), results: results.map(peerTl), chats, users });
		},
	};
}

/** Used by messages handlers: an InputPeer that must be a user. */
export function peerUserId(world: World, viewerId: number, input: unknown): number {
	const peer = resolvePeer(world, viewerId, input);
	if (!('userId' in peer)) throw new RpcError(400, 'PEER_ID_INVALID');
	return toNumber(peer.userId);
}
