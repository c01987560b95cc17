// Turns what a user puts in a "peer" field into an InputPeer. The peer locator's mode decides how
// its text is read, so a value can never reach someone it was not meant for:
//   By ID / From List: a marked id, a peer key (user#123) or "me";
//   By Username: @name, name or a t.me link, only ever as a username;
//   By Print Name: a tg print name, exact ("Bob#1"), never one of several peers sharing it.
// A Peer object from an expression is taken in every mode. Plain strings (fields that are no
// locator) try each reading in turn, a username before a print name of the same spelling.
import { Api } from 'telegram';
import { returnBigInt } from 'telegram/Helpers';
import { RPCError } from 'telegram/errors';
import { toPeer } from '../tgl/peer';
import { entityKey, makePeerKey, parseMarkedId, parsePeerKey } from '../tgl/peerId';
import type { PeerKey, PeerTypeName } from '../tgl/types';
import type { AccountClient } from '../transport/account-client';
import type { Entity } from '../transport/entity-store';
import { inputPeerOfEntity, loadAllDialogs } from './dialogs';
import { confirmedOwnerOf, confirmOwner } from './username-confirmations';

export type PeerKind = 'user' | 'chat' | 'channel';

export interface TargetPeer {
	kind: PeerKind;
	id: number;
	key: PeerKey;
	input: Api.TypeInputPeer;
	/** The full entity when the account has seen it. */
	entity?: Entity;
}

/** A peer the user asked for that cannot be used; the message says why. */
export class PeerInputError extends Error {}

/** Why an operation refuses a secret chat: Telegram has no server-side form of it. */
const SECRET_CHAT_REFUSED =
	'This operation does not work in secret chats (Telegram keeps nothing of them on its servers); in a secret chat use ' +
	'Get Info, Send Message, Send Text File, Send Location, Send Photo, Send Video, Send Audio, Send Document, Send Typing, ' +
	'Cancel Typing, Set Self-Destruct Timer, Mark as Read, Get History, Search Messages, or Msg → Load Photo / Video / Audio / Document and Delete with the Msg object';

const KIND_NAMES: Record<PeerKind, string> = { user: 'a user', chat: 'a basic group', channel: 'a channel or supergroup' };

/**
 * `value` is a peer locator as n8n stores it (read it with `extractValue: false`), a Peer
 * object, or a plain string or number.
 */
export async function resolvePeer(
	account: AccountClient,
	value: unknown,
	allowed: PeerKind[] = ['user', 'chat', 'channel'],
): Promise<TargetPeer> {
	const { mode, value: inner } = readLocator(value);
	const target = await resolveIn(account, mode, inner);
	if (!allowed.includes(target.kind)) {
		throw new PeerInputError(
			`The peer "${describe(value)}" is ${KIND_NAMES[target.kind]}; this operation needs ${allowed.map((k) => KIND_NAMES[k]).join(' or ')}`,
		);
	}
	return target;
}

export function readLocator(value: unknown): { mode?: string; value: unknown } {
	if (value && typeof value === 'object' && (value as { __rl?: boolean }).__rl) {
		const rl = value as { mode?: unknown; value: unknown };
		return { mode: typeof rl.mode === 'string' ? rl.mode : undefined, value: rl.value };
	}
	return { value };
}

export function describe(value: unknown): string {
	const v = readLocator(value).value;
	if (v && typeof v === 'object') {
		const p = v as { name?: unknown; id?: unknown; type_name?: unknown };
		return String(p.name ?? `${String(p.type_name ?? 'peer')}#${String(p.id)}`);
	}
	return String(v ?? '');
}

async function resolveIn(account: AccountClient, mode: string | undefined, value: unknown): Promise<TargetPeer> {
	// An object (a Peer from an earlier node) cannot be misread, whatever the mode.
	if (value && typeof value === 'object') return fromPeerObject(account, value as Record<string, unknown>);
	if (mode === undefined) return resolvePlain(account, value);
	const text = String(value ?? '').trim();
	if (!text) throw new PeerInputError('No peer given');
	if (mode === 'username') {
		const username = usernameOf(text);
		if (!username) {
			throw new PeerInputError(`"${text}" is not a username: By Username takes @name, name or a t.me link (use By ID for IDs)`);
		}
		return byUsername(account, username);
	}
	if (mode === 'name') return byPrintName(account, text);
	if (mode === 'id' || mode === 'list') {
		if (/^(me|self|myself)$/i.test(text)) return self(account);
		if (/^-?\d+$/.test(text)) return byId(account, parseMarkedIdOrThrow(text));
		const key = parsePeerKey(text);
		if (key) return byId(account, { type: toKind(key.type_name), id: key.id });
		throw new PeerInputError(
			`"${text}" is not a peer ID: By ID takes a marked ID (user 123, group -123, channel -100123), a peer key such as user#123, ` +
				'"me" or a Peer object (use By Username for @names and links)',
		);
	}
	throw new PeerInputError(`Unknown way to give a peer: "${mode}"`);
}

/** A plain string or number (no locator): every reading in turn, the least ambiguous first. */
async function resolvePlain(account: AccountClient, value: unknown): Promise<TargetPeer> {
	if (typeof value === 'number') return byId(account, parseMarkedIdOrThrow(value));
	const text = String(value ?? '').trim();
	if (!text) throw new PeerInputError('No peer given');
	if (/^(me|self|myself)$/i.test(text)) return self(account);
	if (/^-?\d+$/.test(text)) return byId(account, parseMarkedIdOrThrow(text));
	if (/^\+\d[\d\s()-]{5,}$/.test(text)) return byPhone(account, text);
	const username = usernameOf(text);
	if (username) {
		try {
			// A valid username goes to its owner even when some peer's print name is spelled the same.
			return await byUsername(account, username);
		} catch (error) {
			// Nobody holds it: a print name of that spelling is then the only reading left.
			if (!(error instanceof RPCError && /^USERNAME_(NOT_OCCUPIED|INVALID)$/.test(error.errorMessage)) || /^@|\//.test(text)) throw error;
			const named = await printNameMatch(account, text);
			if (!named) throw error;
			return named;
		}
	}
	// "user#1" may be the first duplicate of a peer named "user": print names first, as tg did.
	const named = await printNameMatch(account, text);
	if (named) return named;
	const key = parsePeerKey(text);
	if (key) return byId(account, { type: toKind(key.type_name), id: key.id });
	throw new PeerInputError(`No peer is known by the name "${text}"`);
}

async function byPrintName(account: AccountClient, text: string): Promise<TargetPeer> {
	const named = await printNameMatch(account, text);
	if (!named) throw new PeerInputError(`No peer is known by the print name "${text}"`);
	return named;
}

/**
 * The peer with this exact print name, after every dialog is known (so that the names are those
 * of the whole set); refuses a bare name that several peers share.
 */
async function printNameMatch(account: AccountClient, text: string): Promise<TargetPeer | undefined> {
	await loadAllDialogs(account);
	const match = account.names.lookup(text);
	if (!match) return undefined;
	if ('key' in match) return byKey(account, match.key);
	const ctx = await account.mapContext();
	const candidates = match.ambiguous.map((key) => {
		const entity = account.entities.get(key);
		const peer = entity ? toPeer(entity, ctx) : undefined;
		const username = peer?.username ? `, @${peer.username}` : '';
		return `${peer?.name ?? key} (id ${peer?.peer_id ?? key}${username})`;
	});
	throw new PeerInputError(
		`${candidates.length} peers are named "${text}": ${candidates.join('; ')}. Give the one you mean by its ID, username or suffixed name`,
	);
}

function parseMarkedIdOrThrow(value: number | string): { type: PeerKind; id: number } {
	try {
		return parseMarkedId(value);
	} catch (error) {
		throw new PeerInputError((error as Error).message);
	}
}

function toKind(type: PeerTypeName): PeerKind {
	// Operations that work in secret chats take them before this (helpers/secret-peer.ts).
	if (type === 'secret_chat') throw new PeerInputError(SECRET_CHAT_REFUSED);
	return type;
}

/** A tgl Peer (or anything with id and type) from an earlier node: usable without a lookup. */
async function fromPeerObject(account: AccountClient, p: Record<string, unknown>): Promise<TargetPeer> {
	if (p.peer_id !== undefined && p.peer_id !== null && p.type_name === undefined && p.type === undefined) {
		return byId(account, parseMarkedIdOrThrow(p.peer_id as number));
	}
	const typeName = (p.type_name ?? { 1: 'user', 2: 'chat', 4: 'secret_chat', 5: 'channel' }[Number(p.type)]) as
		| PeerTypeName
		| undefined;
	const id = Number(p.id);
	if (!typeName || !Number.isSafeInteger(id) || id <= 0) {
		throw new PeerInputError(`This object is not a Peer: it needs "id" and "type" (got ${JSON.stringify(p).slice(0, 80)})`);
	}
	const kind = toKind(typeName);
	const known = account.entities.get(makePeerKey(kind, id));
	if (known) return fromEntity(account, kind, id, known);
	const hash = p.access_hash;
	if (kind === 'user' && hash !== undefined && hash !== null) {
		return { kind, id, key: makePeerKey(kind, id), input: new Api.InputPeerUser({ userId: returnBigInt(id), accessHash: returnBigInt(String(hash)) }) };
	}
	if (kind === 'channel' && hash !== undefined && hash !== null) {
		return { kind, id, key: makePeerKey(kind, id), input: new Api.InputPeerChannel({ channelId: returnBigInt(id), accessHash: returnBigInt(String(hash)) }) };
	}
	return byId(account, { type: kind, id });
}

async function self(account: AccountClient): Promise<TargetPeer> {
	const me = await account.me();
	return fromEntity(account, 'user', me.id.toJSNumber(), me);
}

async function byKey(account: AccountClient, key: PeerKey): Promise<TargetPeer> {
	const parsed = parsePeerKey(key)!;
	return byId(account, { type: toKind(parsed.type_name), id: parsed.id });
}

async function byId(account: AccountClient, { type, id }: { type: PeerKind; id: number }): Promise<TargetPeer> {
	const key = makePeerKey(type, id);
	let entity = account.entities.get(key);
	if (!entity && type === 'chat') {
		// Basic groups need no access hash.
		return { kind: type, id, key, input: new Api.InputPeerChat({ chatId: returnBigInt(id) }) };
	}
	if (!entity) {
		if (account.selfId === id && type === 'user') return self(account);
		const loadedBefore = account.dialogsLoaded !== undefined;
		await loadAllDialogs(account);
		entity = account.entities.get(key);
		if (!entity && loadedBefore) {
			await loadAllDialogs(account, true);
			entity = account.entities.get(key);
		}
	}
	if (!entity) {
		throw new PeerInputError(
			`Peer ${type === 'user' ? id : type === 'chat' ? -id : `-100${id}`} is not known to this account: ` +
				'use its @username, or pass the Peer object from an earlier node (it carries the access hash)',
		);
	}
	return fromEntity(account, type, id, entity);
}

async function byUsername(account: AccountClient, username: string): Promise<TargetPeer> {
	const known = account.entities.byUsernameOf(username);
	if (known && (confirmedOwnerOf(username) === entityKey(known) || (await stillHolds(account, known, username)))) {
		confirmOwner(username, entityKey(known));
		return fromKnown(account, account.entities.get(entityKey(known)) ?? known);
	}
	let result: Api.contacts.ResolvedPeer;
	try {
		result = await account.call(new Api.contacts.ResolveUsername({ username }));
	} catch (error) {
		if (error instanceof RPCError && error.errorMessage === 'USERNAME_NOT_OCCUPIED') account.entities.forgetUsername(username);
		throw error;
	}
	const entity = account.entities.ofPeer(result.peer);
	if (!entity) throw new PeerInputError(`Telegram resolved @${username} but sent no user or chat`);
	confirmOwner(username, entityKey(entity));
	return fromKnown(account, entity);
}

/**
 * Whether the last known owner of a username still holds it. Telegram tells only contacts and
 * chat partners when a username changes hands, so the cache alone could send to a former owner.
 * Fetching the owner (users.getUsers / channels.getChannels) is a light call, unlike
 * contacts.resolveUsername, which Telegram rate-limits hard; the answer updates the cache.
 */
async function stillHolds(account: AccountClient, owner: Entity, username: string): Promise<boolean> {
	const id = owner.id;
	let answered: boolean;
	try {
		if (owner instanceof Api.User) {
			const input =
				owner.self || id.toJSNumber() === account.selfId
					? new Api.InputUserSelf()
					: new Api.InputUser({ userId: id, accessHash: owner.accessHash ?? returnBigInt(0) });
			const users = await account.call(new Api.users.GetUsers({ id: [input] }));
			answered = users.some((u) => u instanceof Api.User && u.id.equals(id));
		} else if (owner instanceof Api.Channel) {
			const input = new Api.InputChannel({ channelId: id, accessHash: owner.accessHash ?? returnBigInt(0) });
			const { chats } = await account.call(new Api.channels.GetChannels({ id: [input] }));
			answered = chats.some((c) => c instanceof Api.Channel && c.id.equals(id));
		} else {
			return false;
		}
	} catch (error) {
		if (error instanceof RPCError && error.code === 400) return false; // no longer reachable: ask by username
		throw error;
	}
	// The answer went through the entity store, which now knows the owner's current usernames.
	const now = answered ? account.entities.byUsernameOf(username) : undefined;
	return !!now && entityKey(now) === entityKey(owner);
}

async function byPhone(account: AccountClient, phone: string): Promise<TargetPeer> {
	const known = account.entities.byPhoneOf(phone);
	if (known) return fromKnown(account, known);
	const result = await account.call(new Api.contacts.ResolvePhone({ phone: phone.replace(/[^\d]/g, '') }));
	const entity = account.entities.ofPeer(result.peer);
	if (!entity) throw new PeerInputError(`No user is known by the phone number ${phone}`);
	return fromKnown(account, entity);
}

function fromKnown(account: AccountClient, entity: Entity): TargetPeer {
	const kind: PeerKind = entity instanceof Api.User ? 'user' : entity instanceof Api.Chat || entity instanceof Api.ChatForbidden ? 'chat' : 'channel';
	return fromEntity(account, kind, entity.id.toJSNumber(), entity);
}

function fromEntity(account: AccountClient, kind: PeerKind, id: number, entity: Entity): TargetPeer {
	return { kind, id, key: makePeerKey(kind, id), input: inputPeerOfEntity(entity, account.selfId), entity };
}

/** @name, name, t.me/name, https://t.me/name, tg://resolve?domain=name → name. */
function usernameOf(text: string): string | undefined {
	const link = /^(?:https?:\/\/)?(?:www\.)?(?:t\.me|telegram\.me|telegram\.dog)\/([A-Za-z0-9_]+)\/?(?:\?.*)?$/i.exec(text);
	if (link) {
		if (/^(joinchat|\+)/i.test(link[1])) return undefined;
		return link[1];
	}
	const tg = /^tg:\/\/resolve\?(?:.*&)?domain=([A-Za-z0-9_]+)/i.exec(text);
	if (tg) return tg[1];
	const at = /^@?([A-Za-z][A-Za-z0-9_]{2,31})$/.exec(text);
	return at ? at[1] : undefined;
}
