// `login`'s flags and their environment variables. A flag wins over its variable; whatever is
// missing is asked on the terminal.
import type { ServerAddress } from '../login/link';
import { usageError } from './io';

export type { ServerAddress };

export interface LoginOptions {
	apiId?: number;
	apiHash?: string;
	phone?: string;
	code?: string;
	password?: string;
	qr: boolean;
	server?: ServerAddress;
	help: boolean;
}

interface FlagSpec {
	key: 'apiId' | 'apiHash' | 'phone' | 'code' | 'password' | 'server';
	env: string;
}

const VALUE_FLAGS: Record<string, FlagSpec> = {
	'--api-id': { key: 'apiId', env: 'TGL_API_ID' },
	'--api-hash': { key: 'apiHash', env: 'TGL_API_HASH' },
	'--phone': { key: 'phone', env: 'TGL_PHONE' },
	'--code': { key: 'code', env: 'TGL_CODE' },
	'--password': { key: 'password', env: 'TGL_PASSWORD' },
	'--server': { key: 'server', env: 'TGL_SERVER' },
};

export const LOGIN_USAGE = `Usage: n8n-nodes-tgl login [options]

Logs a Telegram user account in and prints its session string on standard output, for the
Session field of the "Telegram MTProto (TGL) API" credential. Prompts, notices and the QR code
go to standard error; what is not given below is asked on the terminal.

Options (environment variable in brackets):
  --api-id <id>         API ID from my.telegram.org → API development tools [TGL_API_ID]
  --api-hash <hash>     API hash of the same application [TGL_API_HASH]
  --phone <number>      phone number in international format, e.g. +447700900123 [TGL_PHONE]
  --code <code>         the login code, when known in advance [TGL_CODE]
  --password <secret>   the 2FA password, if the account has one [TGL_PASSWORD]
                        (prefer the variable or the prompt: flags show in the process list)
  --qr                  log in by scanning a QR code with the Telegram app instead of a code
  --server <host:port>  a self-hosted or test MTProto server instead of Telegram [TGL_SERVER]
  -h, --help            this help

Exit status: 0 logged in, 1 login failed, 2 wrong usage, 130 cancelled.`;

export function parseLoginArgs(argv: string[], env: NodeJS.ProcessEnv): LoginOptions {
	const raw: Partial<Record<FlagSpec['key'], string>> = {};
	const options: LoginOptions = { qr: false, help: false };
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--qr') {
			options.qr = true;
			continue;
		}
		if (arg === '--help' || arg === '-h') {
			options.help = true;
			continue;
		}
		const eq = arg.indexOf('=');
		const name = eq > 0 ? arg.slice(0, eq) : arg;
		const spec = VALUE_FLAGS[name];
		if (!spec) throw usageError(`unknown option ${name}`);
		const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
		if (value === undefined) throw usageError(`${name} needs a value`);
		raw[spec.key] = value;
	}
	for (const [name, spec] of Object.entries(VALUE_FLAGS)) {
		if (raw[spec.key] === undefined && env[spec.env]) raw[spec.key] = env[spec.env];
		if (raw[spec.key] !== undefined && !raw[spec.key]!.trim()) throw usageError(`${name} (${spec.env}) is empty`);
	}
	if (raw.apiId !== undefined) options.apiId = parseApiId(raw.apiId);
	if (raw.server !== undefined) options.server = parseServer(raw.server);
	options.apiHash = raw.apiHash?.trim();
	options.phone = raw.phone?.trim();
	options.code = raw.code?.trim();
	options.password = raw.password;
	if (options.qr && options.phone !== undefined && argv.some((a) => a.startsWith('--phone'))) {
		throw usageError('--qr and --phone exclude each other');
	}
	return options;
}

/** undefined when the text is not a positive integer. */
export function apiIdOf(text: string): number | undefined {
	const id = Number(text.trim());
	return /^\d+$/.test(text.trim()) && Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

function parseApiId(text: string): number {
	const id = apiIdOf(text);
	if (id === undefined) throw usageError('the API ID is a positive number (my.telegram.org → API development tools)');
	return id;
}

export function parseServer(text: string): ServerAddress {
	const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text.trim());
	const port = match ? Number(match[3]) : 0;
	if (!match || port < 1 || port > 65535) throw usageError(`--server wants host:port, not "${text}"`);
	return { host: match[1] ?? match[2], port };
}
