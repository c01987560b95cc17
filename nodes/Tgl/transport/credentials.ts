import { createHash } from 'crypto';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

/** The tglApi credential as the nodes use it. */
export interface TglCredentials {
	apiId: number;
	apiHash: string;
	session: string;
	serverHost?: string;
	serverPort?: number;
}

export function toTglCredentials(data: ICredentialDataDecryptedObject): TglCredentials {
	return {
		apiId: Number(data.apiId),
		apiHash: String(data.apiHash ?? ''),
		session: String(data.session ?? '').trim(),
		serverHost: data.serverHost ? String(data.serverHost).trim() : undefined,
		serverPort: data.serverPort ? Number(data.serverPort) : undefined,
	};
}

/**
 * The pool key of an account: a digest, so that the session string itself is never kept
 * as a map key, printed in a debugger listing, or compared in logs.
 */
export function accountKey(c: TglCredentials): string {
	return createHash('sha256')
		.update([c.apiId, c.session, c.serverHost ?? '', c.serverPort ?? ''].join('\n'))
		.digest('hex');
}
