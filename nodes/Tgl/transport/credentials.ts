import { createHash } from 'crypto';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { sessionForProcess } from './worker-sessions';

/** The tglApi credential as the nodes use it. */
export interface TglCredentials {
	apiId: number;
	apiHash: string;
	/** The session this process logs in with: the Session field, or a Worker Sessions line (TGL_SESSION_SLOT). */
	session: string;
	/** 0 for the Session field, k for line k of Worker Sessions. */
	sessionSlot?: number;
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
	const { session, slot } = sessionForProcess(data);
	return {
		apiId: Number(data.apiId),
		apiHash: String(data.apiHash ?? ''),
		session,
		sessionSlot: slot,
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
 * The pool key of an account: a digest, so that the session string itself is never kept
 * as a map key, printed in a debugger listing, or compared in logs.
 */
export function accountKey(c: TglCredentials): string {
	return createHash('sha256')
		.update([c.apiId, c.session, c.serverHost ?? '', c.serverPort ?? '', JSON.stringify(c.proxy ?? null)].join('\n'))
		.digest('hex');
}
