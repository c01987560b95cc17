// `n8n-nodes-tgl login`: API ID and hash, a fresh connection, the code or QR login, and the
// session string on standard output. Nothing typed (hash, code, password) is ever echoed or
// printed; the session string is printed once, on standard output only.
import type { Api } from 'telegram';
import { LoginLink } from '../login/link';
import { loginWithCode } from './code-login';
import { usageError, type CliIo } from './io';
import { apiIdOf, LOGIN_USAGE, parseLoginArgs, type LoginOptions } from './options';
import { Prompter } from './prompt';
import { loginWithQr } from './qr-login';
import type { LoginSteps } from './steps';

const API_HASH = /^[0-9a-f]{32}$/i;

function seconds(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
	const value = Number(env[name]);
	return (Number.isFinite(value) && value > 0 ? value : fallback) * 1000;
}

export async function login(argv: string[], io: CliIo): Promise<void> {
	const options = parseLoginArgs(argv, io.env);
	if (options.help) {
		io.stdout.write(`${LOGIN_USAGE}\n`);
		return;
	}
	if (options.apiHash !== undefined && !API_HASH.test(options.apiHash)) {
		throw usageError('the API hash is 32 hexadecimal characters (my.telegram.org → API development tools)');
	}
	const say = (line: string) => io.stderr.write(`${line}\n`);
	const prompter = new Prompter(io.stdin, io.stderr);
	try {
		const apiId = options.apiId ?? (await askApiId(prompter, say));
		const apiHash = options.apiHash ?? (await askApiHash(prompter, say));
		const where = options.server ? `${options.server.host}:${options.server.port}` : 'Telegram';
		say(`Connecting to ${where}…`);
		const link = await LoginLink.open({
			apiId,
			apiHash,
			server: options.server,
			connectMs: seconds(io.env, 'TGL_CONNECT_TIMEOUT_SECONDS', 30),
			onMove: (dcId) => say(`Your account lives in Telegram's data centre ${dcId}: continuing there.`),
		});
		try {
			const steps: LoginSteps = {
				link,
				apiId,
				apiHash,
				prompter,
				given: { phone: options.phone, code: options.code, password: options.password },
				requestMs: seconds(io.env, 'TGL_REQUEST_TIMEOUT_SECONDS', 60),
				say,
			};
			const user = options.qr ? await loginWithQr(steps, seconds(io.env, 'TGL_QR_TIMEOUT_SECONDS', 300)) : await loginWithCode(steps);
			const session = link.session();
			say(`Logged in as ${describe(user)}.`);
			sayWhereToPaste(say, options);
			io.stdout.write(`${session}\n`);
		} finally {
			await link.close();
		}
	} finally {
		prompter.close();
	}
}

async function askApiId(prompter: Prompter, say: (line: string) => void): Promise<number> {
	say('Your API ID and hash are at my.telegram.org → API development tools.');
	for (;;) {
		const id = apiIdOf(await prompter.ask('API ID: ', { what: 'the API ID' }));
		if (id !== undefined) return id;
		say('The API ID is a number.');
	}
}

async function askApiHash(prompter: Prompter, say: (line: string) => void): Promise<string> {
	for (;;) {
		const hash = await prompter.ask('API hash: ', { what: 'the API hash', secret: true });
		if (API_HASH.test(hash)) return hash;
		say('The API hash is 32 hexadecimal characters.');
	}
}

function describe(user: Api.TypeUser): string {
	if (!('firstName' in user)) return `user ${user.id.toString()}`;
	const name = [user.firstName, user.lastName].filter(Boolean).join(' ') || 'an account without a name';
	return `${name}${user.username ? ` (@${user.username})` : ''}, user id ${user.id.toString()}`;
}

function sayWhereToPaste(say: (line: string) => void, options: LoginOptions): void {
	say(
		'The session string follows on standard output: paste it into the Session field of the ' +
			'"Telegram MTProto (TGL) API" credential. It gives full access to your account: keep it secret.',
	);
	if (options.server) {
		say(`This session belongs to ${options.server.host}:${options.server.port}: set Server Host and Server Port in the credential too.`);
	}
}
