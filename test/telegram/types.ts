// The seam between the loopback Telegram's MTProto layer (mtproto/) and its world and
// RPC handlers (world/, handlers/). The MTProto layer decrypts a request, unwraps
// invokeWithLayer / initConnection / invokeAfterMsg / gzip, and calls the handler
// registered for the request's GramJS class name (e.g. 'messages.SendMessage').
import type { Api } from 'telegram';

/** One MTProto session (one GramJS sender) connected over TCP. */
export interface SessionRef {
	/** Unique per TCP connection + session id. */
	readonly key: string;
	/** The account bound to this session's auth key, if it has logged in. */
	readonly userId: number | undefined;
	/** Sends an Updates object to this session only (not in an rpc_result). */
	pushUpdates(updates: Api.TypeUpdates): void;
}

/** What a handler knows about the call it serves. */
export interface CallContext {
	/** The account bound to the auth key; undefined before login. */
	readonly userId: number | undefined;
	/** Hex id of the auth key the request came with. */
	readonly authKeyId: string;
	/** The session the request came from (exclude it when pushing to "other sessions"). */
	readonly session: SessionRef;
	/** Binds the calling auth key to an account (login). */
	bindUser(userId: number): void;
}

/** A method's server side: returns the TL object that goes into the rpc_result. */
export type RpcHandler = (ctx: CallContext, request: any) => Promise<unknown> | unknown;

/** Thrown by a handler to answer rpc_error (e.g. new RpcError(400, 'PEER_ID_INVALID')). */
export class RpcError extends Error {
	constructor(
		readonly code: number,
		readonly errorMessage: string,
	) {
		super(`${code}: ${errorMessage}`);
	}
}

/** How the world reaches connected sessions: implemented by the MTProto server. */
export interface UpdateSink {
	/** Pushes to every connected session of the user, except `except` when given. */
	pushToUser(userId: number, updates: Api.TypeUpdates, except?: SessionRef): void;
	/** Pushes to the user's sessions whose auth key passes `accept` (secret chats belong to an auth key). */
	pushToKeys?(userId: number, updates: Api.TypeUpdates, accept: (authKeyId: string) => boolean): void;
}
