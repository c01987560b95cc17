// What the login operations share: a login connection made from the credential's API ID, hash,
// server and proxy (no session needed), failures as item errors, and who logged in as plain JSON.
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { Api } from 'telegram';
import type { LoginCaller } from '../../login/call';
import { failure } from '../../login/errors';
import { LoginLink } from '../../login/link';
import { LOGIN_TOKEN_SECONDS, sealLoginToken, type LoginState } from '../../login/token';
import { gramJsProxy } from '../../transport/account-client';
import { checkApiFields, toTglCredentials, type TglCredentials } from '../../transport/credentials';

const CONNECT_MS = 30_000;
const REQUEST_MS = 60_000;

export interface LoginConnection extends LoginCaller {
	readonly credentials: TglCredentials;
}

/** A login connection: a fresh auth key, or the one a login token carries (`resume`). */
export async function openLogin(ctx: IExecuteFunctions, resume?: string): Promise<LoginConnection> {
	const credentials = toTglCredentials(await ctx.getCredentials('tglApi'));
	checkApiFields(credentials);
	const { apiId, apiHash, serverHost, serverPort, proxy } = credentials;
	const link = await LoginLink.open({
		apiId,
		apiHash,
		server: serverHost ? { host: serverHost, port: serverPort || 443 } : undefined,
		connectMs: CONNECT_MS,
		proxy: proxy ? gramJsProxy(proxy, CONNECT_MS) : undefined,
		resume,
	});
	return { link, apiId, apiHash, requestMs: REQUEST_MS, credentials };
}

/** The API hash of the credential, to open a login token before connecting. */
export async function apiHashOf(ctx: IExecuteFunctions): Promise<string> {
	const credentials = toTglCredentials(await ctx.getCredentials('tglApi'));
	checkApiFields(credentials);
	return credentials.apiHash;
}

/** A failed login step as the item's error, told as a sentence. */
export function loginError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): NodeOperationError {
	const reason = failure(error);
	if (reason instanceof NodeOperationError) return reason;
	const message = reason.message.charAt(0).toUpperCase() + reason.message.slice(1);
	return new NodeOperationError(ctx.getNode(), message, { itemIndex });
}

/** Who logged in, and the session string that logs in as them (the one place it is output). */
export function loggedIn(user: Api.TypeUser, login: LoginConnection): IDataObject {
	const session = login.link.session();
	const dcId = login.link.dcId;
	const person = 'firstName' in user ? user : undefined;
	return {
		session,
		dcId,
		user: {
			id: user.id.toString(),
			firstName: person?.firstName ?? null,
			lastName: person?.lastName ?? null,
			username: person?.username ?? null,
			phone: person?.phone ?? null,
		},
	};
}

/** The login token the next step continues with: this connection's auth key, sealed for LOGIN_TOKEN_SECONDS. */
export function loginTokenOf(login: LoginConnection, kind: LoginState['kind'], step: Pick<LoginState, 'phone' | 'phoneCodeHash' | 'qrToken'>): string {
	return sealLoginToken(
		{ kind, session: login.link.session(), apiId: login.apiId, ...step, expires: Math.floor(Date.now() / 1000) + LOGIN_TOKEN_SECONDS },
		login.apiHash,
	);
}
