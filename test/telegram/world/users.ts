// Accounts and what others see of them: names, usernames, status, contacts, blocks, privacy.
import { Api } from 'telegram';
import { RpcError, type SessionRef } from '../types';
import type { World } from './world';
import { Account } from './account';
import type { ContactRecord, UserRecord } from './records';
import { Entities } from './entities';
import { peerKey } from './peers';
import { statusTl } from './tl';
import { long, now, randomLong } from './util';

/** How long userStatusOnline lasts without a refresh, as Telegram's online_update_period. */
export const onlineSeconds = 300;

export interface NewUser {
	firstName: string;
	lastName?: string;
	username?: string;
	phone?: string;
}

export function normalizePhone(phone: string): string {
	return phone.replace(/\D/g, '');
}

/** First names are 1–64 characters, last names 0–64 (FIRSTNAME_INVALID / LASTNAME_INVALID). */
export function checkNames(firstName: string, lastName?: string | null): void {
	if (!firstName.trim() || firstName.length > 64) throw new RpcError(400, 'FIRSTNAME_INVALID');
	if ((lastName ?? '').length > 64) throw new RpcError(400, 'LASTNAME_INVALID');
}

/** Usernames are 5–32 of [A-Za-z0-9_], starting with a letter, not ending with "_". */
export function checkUsername(w: World, username: string, ownerKey: string): void {
	if (!/^[a-zA-Z][a-zA-Z0-9_]{4,31}$/.test(username) || username.endsWith('_')) {
		throw new RpcError(400, 'USERNAME_INVALID');
	}
	const taken = w.db.usernames.get(username.toLowerCase());
	if (taken && peerKey(taken) !== ownerKey) throw new RpcError(400, 'USERNAME_OCCUPIED');
}

export function addUser(w: World, input: NewUser): UserRecord {
	const id = w.db.nextUserId++;
	if (input.username) checkUsername(w, input.username, `u${id}`);
	const phone = input.phone ? normalizePhone(input.phone) : undefined;
	if (phone && w.db.phones.has(phone)) throw new RpcError(400, 'PHONE_NUMBER_OCCUPIED');
	const user: UserRecord = {
		id,
		accessHash: randomLong(),
		firstName: input.firstName,
		lastName: input.lastName ?? '',
		username: input.username,
		phone,
		online: false,
		statusDate: now() - 3600,
		privacyRestricted: false,
	};
	w.db.users.set(id, user);
	w.db.accounts.set(id, new Account(id, () => w.settings.retainUpdates));
	if (user.username) w.db.usernames.set(user.username.toLowerCase(), { userId: id });
	if (phone) w.db.phones.set(phone, id);
	return user;
}

export function userOf(w: World, userId: number): UserRecord {
	const user = w.db.users.get(userId);
	if (!user) throw new RpcError(400, 'USER_ID_INVALID');
	return user;
}

/** Accounts that follow this user's profile: itself, whoever saved it as a contact or chats with it. */
export function watchers(w: World, userId: number): number[] {
	const key = peerKey({ userId });
	const ids: number[] = [];
	for (const account of w.db.accounts.values()) {
		if (account.userId === userId || account.contacts.has(userId) || account.dialogs.has(key)) ids.push(account.userId);
	}
	return ids;
}

function usernamesTl(user: UserRecord): Api.Username[] {
	return user.username ? [new Api.Username({ editable: true, active: true, username: user.username })] : [];
}

/** Pushes updateUserName to every watcher; returns the container the actor's session gets. */
function announceName(w: World, user: UserRecord, except?: SessionRef): Api.Updates | undefined {
	let own: Api.Updates | undefined;
	for (const viewerId of watchers(w, user.id)) {
		const update = new Api.UpdateUserName({
			userId: long(user.id),
			firstName: user.firstName,
			lastName: user.lastName,
			usernames: usernamesTl(user),
		});
		const sent = w.delivery.send(viewerId, [update], new Entities().user(user.id), viewerId === user.id ? except : undefined);
		if (viewerId === user.id) own = sent;
	}
	return own;
}

export function setUserName(w: World, userId: number, firstName: string, lastName = '', except?: SessionRef): void {
	checkNames(firstName, lastName);
	const user = userOf(w, userId);
	user.firstName = firstName;
	user.lastName = lastName;
	announceName(w, user, except);
}

/** account.updateUsername: 5-32 characters ('' removes it); the old name is free for anyone at once. */
export function setUsername(w: World, userId: number, username: string, except?: SessionRef): void {
	const user = userOf(w, userId);
	if (username) checkUsername(w, username, `u${userId}`);
	if (username && username.length < 5) throw new RpcError(400, 'USERNAME_INVALID');
	if (username === (user.username ?? '')) throw new RpcError(400, 'USERNAME_NOT_MODIFIED');
	if (user.username) w.db.usernames.delete(user.username.toLowerCase());
	user.username = username || undefined;
	if (username) w.db.usernames.set(username.toLowerCase(), { userId });
	announceName(w, user, except);
}

export function setStatus(w: World, userId: number, online: boolean): void {
	const user = userOf(w, userId);
	user.online = online;
	user.statusDate = online ? now() + onlineSeconds : now();
	for (const viewerId of watchers(w, userId)) {
		if (viewerId === userId) continue;
		const update = new Api.UpdateUserStatus({ userId: long(userId), status: statusTl(user) });
		w.delivery.send(viewerId, [update], new Entities());
	}
}

/** Saves a contact; pushes updatePeerSettings to the owner's sessions and returns that container. */
export function addContact(
	w: World,
	ownerId: number,
	contactId: number,
	names?: { firstName?: string; lastName?: string },
	except?: SessionRef,
): Api.Updates {
	userOf(w, contactId);
	const owner = w.db.accounts.get(ownerId);
	if (!owner || ownerId === contactId) throw new RpcError(400, 'CONTACT_ID_INVALID');
	if (names?.firstName !== undefined) checkNames(names.firstName, names.lastName);
	const contact: ContactRecord = { userId: contactId };
	if (names?.firstName !== undefined) {
		contact.firstName = names.firstName;
		contact.lastName = names.lastName ?? '';
	}
	owner.contacts.set(contactId, contact);
	const update = new Api.UpdatePeerSettings({ peer: new Api.PeerUser({ userId: long(contactId) }), settings: new Api.PeerSettings({}) });
	return w.delivery.send(ownerId, [update], new Entities().user(contactId), except);
}

export function deleteContacts(w: World, ownerId: number, contactIds: number[], except?: SessionRef): Api.Updates {
	const owner = w.db.accounts.get(ownerId);
	if (!owner) throw new RpcError(400, 'CONTACT_ID_INVALID');
	const removed = contactIds.filter((id) => owner.contacts.delete(id));
	const updates = removed.map(
		(id) =>
			new Api.UpdatePeerSettings({
				peer: new Api.PeerUser({ userId: long(id) }),
				settings: new Api.PeerSettings({ addContact: true, blockContact: true }),
			}),
	);
	const entities = new Entities();
	removed.forEach((id) => entities.user(id));
	return w.delivery.send(ownerId, updates, entities, except);
}

export function setBlocked(w: World, ownerId: number, userId: number, blocked: boolean, except?: SessionRef): void {
	userOf(w, userId);
	const owner = w.db.accounts.get(ownerId);
	if (!owner) throw new RpcError(400, 'PEER_ID_INVALID');
	if (blocked) owner.blocked.add(userId);
	else owner.blocked.delete(userId);
	const update = new Api.UpdatePeerBlocked({ blocked: blocked || undefined, peerId: new Api.PeerUser({ userId: long(userId) }) });
	w.delivery.send(ownerId, [update], new Entities().user(userId), except);
}

export function contactsOf(w: World, ownerId: number): Array<ContactRecord & { mutual: boolean }> {
	const owner = w.db.accounts.get(ownerId);
	if (!owner) return [];
	return [...owner.contacts.values()].map((c) => ({ ...c, mutual: !!w.db.accounts.get(c.userId)?.contacts.has(ownerId) }));
}
