// Runs `n8n-nodes-tgl` as a user would and plays the user: in this process with in-memory
// streams (fast), or as a child process through the real entry file. Either way a test waits
// for a prompt on standard error and answers it on standard input.
import { spawn } from 'child_process';
import { join } from 'path';
import { PassThrough } from 'stream';
import { Api, TelegramClient } from 'telegram';
import { Logger, LogLevel } from 'telegram/extensions/Logger';
import { StringSession } from 'telegram/sessions';
import { runCli } from '../../nodes/Tgl/cli/main';
import { connectionTo } from '../../nodes/Tgl/transport/server-connection';
import { LOOPBACK_API_HASH, LOOPBACK_API_ID, type LoopbackTelegram } from '../telegram/loopback';

const ROOT = join(__dirname, '..', '..');
export const BIN = join(ROOT, 'nodes', 'Tgl', 'cli', 'bin.ts');

export class CliRun {
	stdout = '';
	stderr = '';
	exitCode: number | undefined;
	/** stderr up to here was matched by an earlier waitFor. */
	private cursor = 0;
	private readonly waiters = new Set<() => void>();

	constructor(
		readonly done: Promise<number>,
		private readonly input: NodeJS.WritableStream,
	) {
		void done.then((code) => {
			this.exitCode = code;
			this.changed();
		});
	}

	onStdout(chunk: Buffer | string): void {
		this.stdout += chunk.toString();
	}

	onStderr(chunk: Buffer | string): void {
		this.stderr += chunk.toString();
		this.changed();
	}

	/** Waits for `pattern` in standard error after the last match (fails if the CLI exits first). */
	async waitFor(pattern: RegExp, timeoutMs = 15_000): Promise<RegExpMatchArray> {
		const until = Date.now() + timeoutMs;
		for (;;) {
			const match = pattern.exec(this.stderr.slice(this.cursor));
			if (match) {
				this.cursor += match.index! + match[0].length;
				return match;
			}
			if (this.exitCode !== undefined) {
				throw new Error(`the CLI exited (${this.exitCode}) before ${pattern}; stderr:\n${this.stderr}`);
			}
			const left = until - Date.now();
			if (left <= 0) throw new Error(`timed out waiting for ${pattern}; stderr:\n${this.stderr}`);
			await new Promise<void>((resolve) => {
				const timer = setTimeout(wake, Math.min(left, 200));
				const waiters = this.waiters;
				waiters.add(wake);
				function wake() {
					clearTimeout(timer);
					waiters.delete(wake);
					resolve();
				}
			});
		}
	}

	answer(line: string): void {
		this.input.write(`${line}\n`);
	}

	/** Types raw characters, as on a terminal. */
	type(text: string): void {
		this.input.write(text);
	}

	endInput(): void {
		this.input.end();
	}

	private changed(): void {
		for (const wake of [...this.waiters]) wake();
	}
}

export interface InProcessOptions {
	env?: NodeJS.ProcessEnv;
	/** Make stdin look like a terminal (raw mode is recorded, not applied). */
	tty?: boolean;
}

/** Runs the CLI's main function in this process with in-memory streams. */
export function runInProcess(argv: string[], options: InProcessOptions = {}): CliRun & { rawModes: boolean[] } {
	const stdin = new PassThrough() as PassThrough & { isTTY?: boolean; setRawMode?: (mode: boolean) => void };
	const stdout = new PassThrough();
	const stderr = new PassThrough();
	const rawModes: boolean[] = [];
	if (options.tty) {
		stdin.isTTY = true;
		stdin.setRawMode = (mode: boolean) => {
			rawModes.push(mode);
		};
	}
	const done = runCli(argv, { stdin, stdout, stderr, env: options.env ?? {} }).then(async (code) => {
		// Let the last writes reach the listeners before the test reads the output.
		const ended = [stdout, stderr].map((s) => new Promise((resolve) => s.once('end', resolve)));
		stdout.end();
		stderr.end();
		await Promise.all(ended);
		return code;
	});
	const run = new CliRun(done, stdin) as CliRun & { rawModes: boolean[] };
	run.rawModes = rawModes;
	stdout.on('data', (c) => run.onStdout(c));
	stderr.on('data', (c) => run.onStderr(c));
	return run;
}

/** Runs bin.ts through ts-node in a child process: the real entry, real process streams. */
export function runChild(argv: string[], env: NodeJS.ProcessEnv = {}): CliRun {
	const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', BIN, ...argv], {
		cwd: ROOT,
		env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
		stdio: ['pipe', 'pipe', 'pipe'],
	});
	const done = new Promise<number>((resolve, reject) => {
		child.on('error', reject);
		child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
	});
	const run = new CliRun(done, child.stdin);
	child.stdout.on('data', (c) => run.onStdout(c));
	child.stderr.on('data', (c) => run.onStderr(c));
	return run;
}

/** Flags that point the CLI at the loopback Telegram with its API credentials. */
export function loopbackFlags(tg: LoopbackTelegram): string[] {
	return ['--server', `${tg.host}:${tg.port}`, '--api-id', String(LOOPBACK_API_ID), '--api-hash', LOOPBACK_API_HASH];
}

/** Connects GramJS with a printed session string and asks who is logged in: users.getUsers([self]). */
export async function whoseSession(tg: LoopbackTelegram, session: string): Promise<{ id: number; dcId: number }> {
	const stringSession = new StringSession(session);
	const client = new TelegramClient(stringSession, LOOPBACK_API_ID, LOOPBACK_API_HASH, {
		connection: connectionTo(tg.host, tg.port),
		baseLogger: new Logger(LogLevel.NONE),
		connectionRetries: 1,
	});
	try {
		await client.connect();
		const [me] = await client.invoke(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] }));
		if (!(me instanceof Api.User)) throw new Error(`getUsers(self) answered ${me?.className}`);
		return { id: me.id.toJSNumber(), dcId: stringSession.dcId };
	} finally {
		await client.destroy();
	}
}

/**
 * Standard output is the session string and nothing else; no secret appears in standard error
 * (as a whole word: codes are digits), and the session string is not printed there either.
 */
export function expectOnlySessionPrinted(run: CliRun, secrets: string[]): string {
	const session = run.stdout.trimEnd();
	expect(run.stdout).toBe(`${session}\n`);
	expect(session).toMatch(/^1[A-Za-z0-9+/=_-]{300,}$/);
	expect(run.stderr).not.toContain(session);
	for (const secret of secrets) {
		const word = new RegExp(`(^|[^A-Za-z0-9])${secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^A-Za-z0-9])`);
		expect(run.stderr).not.toMatch(word);
	}
	return session;
}
