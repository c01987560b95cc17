// Which session string this n8n process logs in with. Telegram invalidates a session used from two
// IPs at once (AUTH_KEY_DUPLICATED), so in queue mode each process on another host needs its own
// login of the account: the credential's "Worker Sessions" lists them, one a line, and a process
// started with TGL_SESSION_SLOT=k takes line k; without it, the main Session field.
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

const SLOT_VARIABLE = 'TGL_SESSION_SLOT';

/** The slot rule, told in every error about slots and duplicated sessions (AUTH_KEY_DUPLICATED too). */
export const SLOT_RULE =
	'each n8n process on its own host needs its own login (main uses the Session field, a worker started with TGL_SESSION_SLOT=k uses line k of the Worker Sessions field)';

/** The session strings of the Worker Sessions field, one a line (blank lines ignored). */
export function workerSessionsOf(data: ICredentialDataDecryptedObject): string[] {
	return String(data.workerSessions ?? '')
		.split(/\r?\n/)
		.map((line) => line.trim())
		.filter(Boolean);
}

/** This process's slot: 0 (the main session) unless TGL_SESSION_SLOT names a line. */
export function sessionSlot(env: NodeJS.ProcessEnv = process.env): number {
	const raw = (env[SLOT_VARIABLE] ?? '').trim();
	if (!raw) return 0;
	if (!/^[1-9]\d*$/.test(raw)) throw new Error(`${SLOT_VARIABLE} must be a line number of Worker Sessions (1, 2, ...), not "${raw}"`);
	return Number(raw);
}

/** The session this process uses, and which slot it is. */
export function sessionForProcess(data: ICredentialDataDecryptedObject, env: NodeJS.ProcessEnv = process.env): { session: string; slot: number } {
	const slot = sessionSlot(env);
	if (slot === 0) return { session: String(data.session ?? '').trim(), slot };
	const lines = workerSessionsOf(data);
	if (slot > lines.length) {
		throw new Error(
			`${SLOT_VARIABLE}=${slot} but the credential's Worker Sessions has ${lines.length} line${lines.length === 1 ? '' : 's'}: add a session made with \`npx n8n-nodes-tgl login\` as line ${slot}: ${SLOT_RULE}`,
		);
	}
	return { session: lines[slot - 1], slot };
}
