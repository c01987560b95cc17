// Turns what a user puts in a "peer" field into an InputPeer: a Peer object from an earlier
// node, a marked id, me, @username, a t.me link, +phone, a peer key or a tg print name.
// Everything resolved is remembered by the account, so a second execution asks nothing.
import { Api } from 'telegram';
import { returnBigInt } from 'telegram/Helpers';
import { toPeer } from '../tgl/peer';
import { makePeerKey, parseMarkedId, parsePeerKey } from '../tgl/peerId';
import type { PeerKey, PeerTypeName } from '../tgl/types';
import type { AccountClient } from '../transport/account-client';
import type { Entity } from '../transport/entity-store';
import { inputPeerOfEntity, loadAllDialogs } from './dialogs';

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

const KIND_NAMES: Record<PeerKind, string> = { user: 'a user', chat: 'a basic group', channel: 'a channel or supergroup' };

export async function resolvePeer(
	account: AccountClient,
	value: unknown,
	allowed: PeerKind[] = ['user', 'chat', 'channel'],
): Promise<TargetPeer> {
	const target = await resolveAny(account, unwrapLocator(value));
	if (!allowed.includes(target.kind)) {
		throw new PeerInputError(
			`The peer "${describe(value)}" is ${KIND_NAMES[target.kind]}; this operation needs ${allowed.map((k) => KIND_NAMES[k]).join(' or ')}`,
		);
	}
	return target;
}

function unwrapLocator(value: unknown): unknown {
	if (value && typeof value === 'object' && (value as { __rl?: boolean }).__rl) {
		return (value as { value: unknown }).value;
	}
	return value;
}

export function describe(value: unknown): string {
	const v = unwrapLocator(value);
	if (v && typeof v === 'object') {
		const p = v as { name?: unknown; id?: unknown; type_name?: unknown };
		return String(p.name ?? `${String(p.type_name ?? 'peer')}#${String(p.id)}`);
	}
	return String(v ?? '');
}

async function resolveAny(account: AccountClient, value: unknown): Promise<TargetPeer> {
	if (value && typeof value === 'object') return fromPeerObject(account, value as Record<string, unknown>);
	if (typeof value === 'number') return byId(account, parseMarkedIdOrThrow(value));
	const text = String(value ?? '').trim();
	if (!text) throw new PeerInputError('No peer given');
	if (/^(me|self|myself)$/i.test(text)) return self(account);
	if (/^-?\d+$/.test(text)) return byId(account, parseMarkedIdOrThrow(text));
	// Print names first: a duplicate named "user#1" is a print name, not the peer key of user 1.
	const named = account.names.lookup(text);
	if (named) return byKey(account, named);
	const key = parsePeerKey(text);
	if (key) return byId(account, { type: toKind(key.type_name), id: key.id });
	if (/^\+\d[\d\s()-]{5,}$/.test(text)) return byPhone(account, text);
	const username = usernameOf(text);
	if (username) return byUsername(account, username);
	// A print name of a peer not mapped yet: name every known peer, as tg did at start-up.
	await loadAllDialogs(account);
	const ctx = await account.mapContext();
	for (const entity of account.entities.all()) toPeer(entity, ctx);
	const late = account.names.lookup(text);
	if (late) return byKey(account, late);
	throw new PeerInputError(`No peer is known by the name "${text}"`);
}

function parseMarkedIdOrThrow(value: number | string): { type: PeerKind; id: number } {
	try {
		return parseMarkedId(value);
	} catch (error) {
		throw new PeerInputError((error as Error).message);
	}
}

function toKind(type: PeerTypeName): PeerKind {
	if (type === 'secret_chat') throw new PeerInputError('Secret chats are not supported yet');
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
	if (known) return fromKnown(account, known);
	const result = await account.call(new Api.contacts.ResolveUsername({ username }));
	const entity = account.entities.ofPeer(result.peer);
	if (!entity) throw new PeerInputError(`Telegram resolved @${username} but sent no user or chat`);
	return fromKnown(account, entity);
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
