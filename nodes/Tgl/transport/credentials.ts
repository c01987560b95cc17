import { createHash } from 'crypto';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

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
		apiHash: String(data.apiHash ?? ''),
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
