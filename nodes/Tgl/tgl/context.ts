// What a mapper needs to know besides the object it maps, and helpers to build it
// from the users/chats/messages lists that Telegram results carry.
import { Api } from 'telegram';
import { returnBigInt } from 'telegram/Helpers';
import { entityKey, peerKey } from './peerId';
import type { PrintNames } from './printName';
import type { PeerKey, TglEntity, TglReadState } from './types';

/** Enough to map peers. */
export interface PeerContext {
	/** Id of the logged-in user. */
	selfId: number;
	/** The account's print-name registry (one per account, kept for the client's life). */
	names: PrintNames;
	/** Entity for a peer reference; undefined when unknown (a minimal Peer is used then). */
	peer?(peer: Api.TypePeer): TglEntity | undefined;
}

/** Enough to map messages and dialogs. Only `selfId`, `names` and `peer` are required. */
export interface MapContext extends PeerContext {
	peer(peer: Api.TypePeer): TglEntity | undefined;
	/** A message the caller already holds (for `reply`); mappers never fetch. */
	message?(peer: Api.TypePeer, id: number): Api.TypeMessage | undefined;
	/** Read state of a conversation; without it `unread` is false. */
	readState?(peer: Api.TypePeer): TglReadState | undefined;
	/** Set by a send that asked for no link preview: flags such messages DISABLE_PREVIEW. */
	disablePreview?: boolean;
}

/** Entities of a result's users and chats lists, by peer key. */
export function entityMap(users: ReadonlyArray<Api.TypeUser>, chats: ReadonlyArray<Api.TypeChat>): Map<PeerKey, TglEntity> {
	const map = new Map<PeerKey, TglEntity>();
	for (const e of [...users, ...chats]) map.set(entityKey(e), e);
	return map;
}

/** `ctx` whose peer lookup first looks at these users and chats (a result's own lists). */
export function withEntities(ctx: MapContext, users: ReadonlyArray<Api.TypeUser>, chats: ReadonlyArray<Api.TypeChat>): MapContext {
	const map = entityMap(users, chats);
	const outer = ctx.peer.bind(ctx);
	return { ...ctx, peer: (p) => map.get(peerKey(p)) ?? outer(p) };
}

function messageKey(peer: Api.TypePeer, id: number): string {
	return `${peerKey(peer)}/${id}`;
}

/** `ctx` that also knows these messages, so replies within one result resolve. */
export function withMessages(ctx: MapContext, messages: ReadonlyArray<Api.TypeMessage>): MapContext {
	const map = new Map<string, Api.TypeMessage>();
	for (const m of messages) if (m.peerId) map.set(messageKey(m.peerId, m.id), m);
	const outer = ctx.message?.bind(ctx);
	return { ...ctx, message: (p, id) => map.get(messageKey(p, id)) ?? outer?.(p, id) };
}

/** Peer reference of the logged-in user. */
export function selfPeer(ctx: PeerContext): Api.PeerUser {
	return new Api.PeerUser({ userId: returnBigInt(ctx.selfId) });
}

/** Looks a user up by id through the context. */
export function lookupUser(ctx: PeerContext, userId: number): Api.User | Api.UserEmpty | undefined {
	const e = ctx.peer?.(new Api.PeerUser({ userId: returnBigInt(userId) }));
	return e instanceof Api.User || e instanceof Api.UserEmpty ? e : undefined;
}

/** A context over fixed lists, for callers that hold everything up front (and for tests). */
export function staticContext(
	selfId: number,
	names: PrintNames,
	users: ReadonlyArray<Api.TypeUser> = [],
	chats: ReadonlyArray<Api.TypeChat> = [],
	messages: ReadonlyArray<Api.TypeMessage> = [],
): MapContext {
	const map = entityMap(users, chats);
	return withMessages({ selfId, names, peer: (p) => map.get(peerKey(p)) }, messages);
}
