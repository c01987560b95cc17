import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';
import { toNodeError } from '../helpers/telegram-errors';
import { clientPool } from '../transport/client-pool';
import { secretsOf, toTglCredentials } from '../transport/credentials';

/** "Test" in the credential dialog: connect and ask who we are. */
export async function tglApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const credentials = toTglCredentials(credential.data ?? {});
	// A malformed field, an unreachable server or proxy: the same sentences as in an execution.
	try {
		const account = await clientPool.acquire(credentials);
		try {
			const me = await account.me();
			const name = [me.firstName, me.lastName].filter(Boolean).join(' ');
			return { status: 'OK', message: `Connected as ${name || me.id.toString()}${me.username ? ` (@${me.username})` : ''}` };
		} finally {
			clientPool.release(account);
		}
	} catch (error) {
		const nodeError = toNodeError({ name: 'credential test' } as never, error, undefined, secretsOf(credentials));
		return { status: 'Error', message: nodeError.message };
	}
}
