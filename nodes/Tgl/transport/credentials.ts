import { createHash } from 'crypto';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { StringSession } from 'telegram/sessions';
import { CredentialProblem } from './connect-errors';

/** The tglApi credential as the nodes use it. */
export interface TglCredentials {
	apiId: number;
	apiHash: string;
	session: string;
	serverHost?: string;
	serverPort?: number;
	proxy?: ProxySettings;
}

export interface ProxySettings {
	type: 'socks5' | 'mtproxy';
	host: string;
	port: number;
	username?: string;
	password?: string;
	secret?: string;
}

export function toTglCredentials(data: ICredentialDataDecryptedObject): TglCredentials {
	return {
		apiId: Number(data.apiId),
		apiHash: String(data.apiHash ?? '').trim(),
		session: String(data.session ?? '').trim(),
		serverHost: data.serverHost ? String(data.serverHost).trim() : undefined,
		serverPort: data.serverPort ? Number(data.serverPort) : undefined,
		proxy: proxyOf(data),
	};
}

function proxyOf(data: ICredentialDataDecryptedObject): ProxySettings | undefined {
	const type = String(data.proxyType ?? 'none');
	if ((type !== 'socks5' && type !== 'mtproxy') || !data.proxyHost) return undefined;
	return {
		type,
		host: String(data.proxyHost).trim(),
		port: Number(data.proxyPort) || 1080,
		username: data.proxyUsername ? String(data.proxyUsername) : undefined,
		password: data.proxyPassword ? String(data.proxyPassword) : undefined,
		secret: data.proxySecret ? String(data.proxySecret).trim() : undefined,
	};
}

/**
 * Texts of the credential that must never show in an error, item or log line: the session, the
 * API hash, the proxy password and the MTProxy secret (also its 16-byte key, as GramJS reads a
 * dd/ee-prefixed secret).
 */
export function secretsOf(c: TglCredentials): string[] {
	const secret = c.proxy?.secret;
	const key = secret && /^(dd|ee)[0-9a-f]{32}/i.test(secret) ? secret.slice(2, 34) : undefined;
	return [c.session, c.apiHash, c.proxy?.password, secret, key].filter((s): s is string => !!s);
}

/**
 * The pool key of an account: a digest, so that the session string itself is never kept
 * as a map key, printed in a debugger listing, or compared in logs.
 */
export function accountKey(c: TglCredentials): string {
	return createHash('sha256')
		.update([c.apiId, c.session, c.serverHost ?? '', c.serverPort ?? '', JSON.stringify(c.proxy ?? null)].join('\n'))
		.digest('hex');
}

/** A credential field that cannot be right, whatever the server says. */
export class CredentialFieldError extends CredentialProblem {
	constructor(
		readonly field: 'apiId' | 'apiHash' | 'session' | 'proxySecret',
		message: string,
	) {
		super(message);
		this.name = 'CredentialFieldError';
	}
}

const LOGIN =
	'log in with the Telegram TGL node (Account → Log In: Send Code, then Log In: Sign In; examples/login-form.json does both in a form) ' +
	'or in a terminal with `npx n8n-nodes-tgl login`, and paste the session string into the credential';
const MY_TELEGRAM = 'my.telegram.org → API development tools';

/** The API ID and hash: all the login operations need (they make the session). */
export function checkApiFields(c: TglCredentials): void {
	if (!Number.isSafeInteger(c.apiId) || c.apiId <= 0) {
		throw new CredentialFieldError('apiId', `The credential's API ID is not valid: it is the number shown at ${MY_TELEGRAM}`);
	}
	if (!/^[0-9a-f]{32}$/i.test(c.apiHash)) {
		throw new CredentialFieldError('apiHash', `The credential's API hash is not valid: it is the 32-character hex string shown at ${MY_TELEGRAM}`);
	}
}

/**
 * Checks the fields' form before anything is dialled, so a pasted-wrong value is named as such
 * (GramJS would say "Not a valid string", or connect and fail much later). The session is
 * optional in the credential (the login operations work without one); everything else needs it.
 */
export async function checkCredentials(c: TglCredentials): Promise<StringSession> {
	checkApiFields(c);
	if (!c.session) throw new CredentialFieldError('session', `The credential has no session string yet: ${LOGIN}`);
	const invalid = new CredentialFieldError('session', `The credential's session string is not a Telegram session (it may be cut short or mistyped): ${LOGIN}`);
	if (!/^1[A-Za-z0-9+/=_-]+$/.test(c.session)) throw invalid;
	let session: StringSession;
	try {
		session = new StringSession(c.session);
		await session.load();
	} catch {
		throw invalid;
	}
	const key = session.authKey?.getKey();
	if (!key || key.length !== 256 || !session.serverAddress || !session.dcId) throw invalid;
	// GramJS takes 16-byte secrets, plain or "dd"-prefixed (it would fail inside connect otherwise).
	if (c.proxy?.type === 'mtproxy' && !/^(dd)?[0-9a-f]{32}$/i.test(c.proxy.secret ?? '')) {
		throw new CredentialFieldError(
			'proxySecret',
			"The credential's MTProxy secret is not valid: it is the 32 hex characters (optionally after \"dd\") of the proxy's tg://proxy link",
		);
	}
	return session;
}
