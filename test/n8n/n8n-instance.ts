// A real n8n 2.8.4 (installed by scripts/n8n/install-n8n.js) with this pack installed the way
// n8n's community installer does it, in its own user folder, on 127.0.0.1 only, with every
// outbound call turned off. Used by the real-n8n tests and by `npm start`.
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

interface N8nPaths {
	dir: string;
	bin: string;
	marker: string;
	nodeModules: string;
}

// The install scripts are plain Node (they run before anything is built); typed here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const paths = require('../../scripts/n8n/paths') as { N8N_VERSION: string; REPO_ROOT: string; n8nPaths(): N8nPaths };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const packInstaller = require('../../scripts/n8n/install-pack') as { installPack(userFolder: string): string };

export const N8N_VERSION = paths.N8N_VERSION;
export const REPO_ROOT = paths.REPO_ROOT;
export const NETWORK_GUARD = path.join(REPO_ROOT, 'scripts', 'n8n', 'network-guard.js');

/** The cached n8n, or an error that says how to install it. */
export function installedN8n(): N8nPaths {
	const p = paths.n8nPaths();
	if (!fs.existsSync(p.marker) || !fs.existsSync(p.bin)) {
		throw new Error(
			`n8n ${N8N_VERSION} is not installed in ${p.dir}. Run \`npm run n8n:install\` (npm test does it first; it takes a few minutes once).`,
		);
	}
	return p;
}

/** A free TCP port on 127.0.0.1 (the OS picks one; we release it at once). */
export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

export interface CliResult {
	code: number | null;
	stdout: string;
	stderr: string;
	ms: number;
}

export interface N8nOptions {
	/** The user folder; a fresh temporary one by default (removed by dispose()). */
	userFolder?: string;
	/** Port of the editor/REST server (`n8n start`); a free one by default. */
	port?: number;
	/** Extra environment, e.g. TGL_POOL_IDLE_SECONDS. */
	env?: Record<string, string>;
	/** Prefix n8n's output lines with this and copy them to our stderr (default: only on N8N_TEST_LOGS=1). */
	echo?: string;
	/** Append everything n8n prints to this file (and keep only the last part in memory). */
	logFile?: string;
	/** Working directory of the n8n processes (default: the user folder). */
	cwd?: string;
	/**
	 * `n8n worker` instead of `n8n start` (queue mode): it shares the main's user folder (and so
	 * its encryption key and database) but needs its own ports on the same host.
	 */
	worker?: { concurrency?: number };
}

const LOG_KEEP = 64 * 1024;

/** Every child process of every instance, so that an exit of this process can still end them. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
	for (const child of running) killGroup(child, 'SIGKILL');
});

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
	try {
		process.kill(-child.pid, signal); // the whole group: n8n and its task runner
	} catch {
		try {
			child.kill(signal);
		} catch {
			// already gone
		}
	}
}

export class N8nInstance {
	readonly userFolder: string;
	private readonly ownFolder: boolean;
	private server: ChildProcess | undefined;
	private serverLog = '';
	private readonly n8n = installedN8n();

	private constructor(
		readonly port: number,
		readonly brokerPort: number,
		private readonly options: N8nOptions,
		/** A worker's health server (`/healthz/readiness`); unused by a main. */
		readonly healthPort = 0,
	) {
		this.ownFolder = !options.userFolder;
		this.userFolder = options.userFolder ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tgl-n8n-'));
		fs.mkdirSync(this.userFolder, { recursive: true });
	}

	static async create(options: N8nOptions = {}): Promise<N8nInstance> {
		const port = options.port ?? (await freePort());
		return new N8nInstance(port, await freePort(), options, options.worker ? await freePort() : 0);
	}

	get isWorker(): boolean {
		return this.options.worker !== undefined;
	}

	/** The pid of the running `n8n start` / `n8n worker` (its process group id too). */
	get pid(): number | undefined {
		return this.server?.pid;
	}

	get url(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	/** Where the network guard writes every attempt to reach a host that is not this machine. */
	get outboundLog(): string {
		return path.join(this.userFolder, 'outbound.log');
	}

	/** Outbound attempts recorded so far (none expected: telemetry and update checks are off). */
	outboundAttempts(): string[] {
		return fs.existsSync(this.outboundLog) ? fs.readFileSync(this.outboundLog, 'utf8').split('\n').filter(Boolean) : [];
	}

	/** Installs the built pack into this user folder as n8n's installer does. */
	installPack(): string {
		return packInstaller.installPack(this.userFolder);
	}

	/** The environment every n8n command of this instance runs with. */
	env(): NodeJS.ProcessEnv {
		const base = { ...process.env };
		// npm's own variables (npm test / npm start) must not leak into n8n's npm calls.
		for (const key of Object.keys(base)) if (key.startsWith('npm_')) delete base[key];
		// Jest sets NODE_ENV=test, which turns n8n's CLI silent and skips its node loading.
		delete base.NODE_ENV;
		delete base.JEST_WORKER_ID;
		return {
			...base,
			N8N_USER_FOLDER: this.userFolder,
			// 127.0.0.1 only: the editor/REST server and the task runners' broker.
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PORT: String(this.port),
			N8N_PROTOCOL: 'http',
			N8N_EDITOR_BASE_URL: this.url,
			WEBHOOK_URL: `${this.url}/`,
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			N8N_RUNNERS_BROKER_PORT: String(this.brokerPort),
			// No call leaves the machine: telemetry, version checks, templates, banners, AI, vetted
			// community-package lists, license renewal, Sentry.
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_DYNAMIC_BANNERS_ENABLED: 'false',
			N8N_AI_ENABLED: 'false',
			N8N_VERIFIED_PACKAGES_ENABLED: 'false',
			N8N_REINSTALL_MISSING_PACKAGES: 'false',
			N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
			N8N_SENTRY_DSN: '',
			N8N_FRONTEND_SENTRY_DSN: '',
			// Community packages on (the default), loaded from <user folder>/.n8n/nodes.
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
			N8N_SECURE_COOKIE: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
			N8N_LOG_LEVEL: process.env.N8N_TEST_LOG_LEVEL ?? 'info',
			GENERIC_TIMEZONE: 'UTC',
			NODE_OPTIONS: [process.env.NODE_OPTIONS, `--require=${NETWORK_GUARD}`].filter(Boolean).join(' '),
			TGL_NETWORK_GUARD_LOG: this.outboundLog,
			...(this.isWorker ? { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(this.healthPort) } : {}),
			...this.options.env,
		};
	}

	/** Runs one n8n CLI command to its end. */
	async cli(args: string[], timeoutMs = 180_000): Promise<CliResult> {
		const started = Date.now();
		const child = this.spawnN8n(args);
		let stdout = '';
		let stderr = '';
		child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
		child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
		const timer = setTimeout(() => killGroup(child, 'SIGKILL'), timeoutMs);
		const code = await new Promise<number | null>((resolve) => child.once('close', (c) => resolve(c)));
		clearTimeout(timer);
		running.delete(child);
		const result = { code, stdout, stderr, ms: Date.now() - started };
		this.echo(`n8n ${args[0]}`, stdout + stderr);
		if (this.options.logFile) fs.appendFileSync(this.options.logFile, `$ n8n ${args.join(' ')}\n${stdout}${stderr}`);
		return result;
	}

	/** Runs a command and fails with its output unless it exited 0 and printed `expect`. */
	async cliOk(args: string[], expect?: RegExp, timeoutMs?: number): Promise<CliResult> {
		const r = await this.cli(args, timeoutMs);
		if (r.code !== 0 || (expect && !expect.test(r.stdout + r.stderr))) {
			throw new Error(`n8n ${args.join(' ')} failed (exit ${r.code}):\n${tail(r.stdout + r.stderr)}`);
		}
		return r;
	}

	private writeJson(name: string, data: unknown): string {
		const file = path.join(this.userFolder, name);
		fs.writeFileSync(file, JSON.stringify(data, null, 2));
		return file;
	}

	/** `n8n import:credentials` of plain (unencrypted) credential data: n8n encrypts it. */
	async importCredentials(credentials: N8nCredential[]): Promise<void> {
		const file = this.writeJson(`credentials-${Date.now()}.json`, credentials);
		try {
			await this.cliOk(['import:credentials', `--input=${file}`], /Successfully imported/);
		} finally {
			fs.rmSync(file, { force: true }); // it holds the session string
		}
	}

	async importWorkflow(workflow: N8nWorkflow): Promise<void> {
		const file = this.writeJson(`workflow-${workflow.id}.json`, workflow);
		await this.cliOk(['import:workflow', `--input=${file}`], /Successfully imported/);
	}

	/** Makes an imported workflow active for the next `n8n start`. */
	async publishWorkflow(id: string): Promise<void> {
		await this.cliOk(['publish:workflow', `--id=${id}`]);
	}

	/** `n8n execute --id --rawOutput`: the run data (IRun) the CLI prints. */
	async execute(id: string): Promise<{ run: ExecutedRun; ms: number }> {
		const r = await this.cli(['execute', `--id=${id}`, '--rawOutput']);
		const run = parseRawOutput(r.stdout);
		if (r.code !== 0 || !run) {
			throw new Error(`n8n execute --id=${id} failed (exit ${r.code}):\n${tail(r.stdout + r.stderr)}`);
		}
		return { run, ms: r.ms };
	}

	/**
	 * `n8n start` (or `n8n worker`); resolves when /healthz answers (the trigger workflows are being
	 * activated then), for a worker when its readiness check says the database and Redis are up.
	 */
	async start(timeoutMs = 120_000): Promise<number> {
		if (this.server) throw new Error('n8n is already running');
		const started = Date.now();
		const worker = this.options.worker;
		const child = this.spawnN8n(worker ? ['worker', `--concurrency=${worker.concurrency ?? 10}`] : ['start']);
		this.server = child;
		this.serverLog = '';
		const collect = (d: Buffer) => {
			this.serverLog += d.toString();
			if (this.options.logFile) {
				fs.appendFileSync(this.options.logFile, d);
				if (this.serverLog.length > 2 * LOG_KEEP) this.serverLog = this.serverLog.slice(-LOG_KEEP);
			}
			this.echo('n8n start', d.toString());
		};
		child.stdout!.on('data', collect);
		child.stderr!.on('data', collect);
		while (!(await this.healthy())) {
			if (child.exitCode !== null || child.signalCode !== null) {
				this.server = undefined;
				throw new Error(`n8n start exited (${child.exitCode ?? child.signalCode}) before it answered:\n${tail(this.serverLog)}`);
			}
			if (Date.now() - started > timeoutMs) {
				await this.stop();
				throw new Error(`n8n ${worker ? 'worker' : 'start'} did not answer its health check within ${timeoutMs} ms:\n${tail(this.serverLog)}`);
			}
			await sleep(250);
		}
		return Date.now() - started;
	}

	/** Resolves with the exit code (or signal) when the running `n8n start` ends by itself or is stopped. */
	exited(): Promise<number | string | null> {
		const child = this.server;
		if (!child) return Promise.resolve(null);
		if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode ?? child.signalCode);
		return new Promise((resolve) => child.once('close', (code, signal) => resolve(code ?? signal)));
	}

	/** What `n8n start` printed so far. */
	get log(): string {
		return this.serverLog;
	}

	async healthy(): Promise<boolean> {
		const url = this.isWorker ? `http://127.0.0.1:${this.healthPort}/healthz/readiness` : `${this.url}/healthz`;
		try {
			const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
			return res.ok;
		} catch {
			return false;
		}
	}

	/** SIGTERM, as a service manager stops n8n; SIGKILL after `graceMs`. Resolves with the time it took. */
	async stop(graceMs = 45_000): Promise<number> {
		return this.end('SIGTERM', graceMs);
	}

	/** SIGKILL to n8n and its task runner at once, as a crash or the OOM killer does. */
	async kill(): Promise<number> {
		return this.end('SIGKILL', 0);
	}

	private async end(signal: NodeJS.Signals, graceMs: number): Promise<number> {
		const child = this.server;
		this.server = undefined;
		if (!child) return 0;
		const started = Date.now();
		const exited = new Promise<void>((resolve) => {
			if (child.exitCode !== null || child.signalCode !== null) resolve();
			else child.once('close', () => resolve());
		});
		// SIGTERM to n8n itself only: it stops its task runner on the way out.
		if (signal === 'SIGKILL') killGroup(child, 'SIGKILL');
		else if (child.exitCode === null && child.signalCode === null) child.kill(signal);
		const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
		await exited;
		clearTimeout(timer);
		killGroup(child, 'SIGKILL'); // anything left in its group
		running.delete(child);
		return Date.now() - started;
	}

	/** Owner account for the editor (n8n's own first-run form, POST /rest/owner/setup). */
	async setupOwner(owner: { email: string; password: string; firstName: string; lastName: string }, timeoutMs = 30_000): Promise<void> {
		const until = Date.now() + timeoutMs;
		for (;;) {
			const res = await fetch(`${this.url}/rest/owner/setup`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(owner),
			});
			if (res.ok) return;
			// /healthz answers before every REST route is up: retry a 404 or 5xx for a while.
			if ((res.status !== 404 && res.status < 500) || Date.now() > until) {
				throw new Error(`owner setup failed: HTTP ${res.status} ${await res.text()}`);
			}
			await sleep(500);
		}
	}

	/** Stops n8n and removes a temporary user folder. */
	async dispose(): Promise<void> {
		await this.stop();
		if (this.ownFolder && !process.env.N8N_TEST_KEEP) fs.rmSync(this.userFolder, { recursive: true, force: true });
	}

	private spawnN8n(args: string[]): ChildProcess {
		const child = spawn(process.execPath, [this.n8n.bin, ...args], {
			cwd: this.options.cwd ?? this.userFolder,
			env: this.env(),
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true, // its own process group, so that cleanup reaches its task runner too
		});
		running.add(child);
		child.once('close', () => running.delete(child));
		return child;
	}

	private echo(prefix: string, text: string): void {
		const label = this.options.echo ?? (process.env.N8N_TEST_LOGS ? 'n8n' : undefined);
		if (!label || !text) return;
		for (const line of text.split('\n')) if (line.trim()) process.stderr.write(`[${label}] ${prefix}: ${line}\n`);
	}
}

export interface N8nCredential {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

export interface N8nWorkflow {
	id: string;
	name: string;
	nodes: Array<Record<string, unknown>>;
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	active?: boolean;
	[key: string]: unknown;
}

/** The part of n8n's IRun that the tests read. */
export interface ExecutedRun {
	finished?: boolean;
	status?: string;
	data: {
		resultData: {
			error?: { message: string };
			runData: Record<string, Array<{ data?: { main: Array<Array<{ json: Record<string, unknown> }> | null> }; error?: unknown }>>;
		};
	};
}

/** The items a node put out on its first output in its last run. */
export function nodeOutput(run: ExecutedRun, nodeName: string): Array<Record<string, unknown>> {
	const runs = run.data.resultData.runData[nodeName];
	if (!runs?.length) throw new Error(`node "${nodeName}" did not run; ran: ${Object.keys(run.data.resultData.runData).join(', ')}`);
	return (runs[runs.length - 1].data?.main[0] ?? []).map((item) => item.json);
}

/**
 * The CLI prints log lines and the run as pretty JSON (only its outer braces stand at the start of
 * a line); log lines may come after it too (n8n's task runner registers late): take the last
 * top-level object.
 */
export function parseRawOutput(stdout: string): ExecutedRun | undefined {
	const lines = stdout.split('\n');
	const open = lines.lastIndexOf('{');
	if (open < 0) return undefined;
	const close = lines.indexOf('}', open);
	if (close < 0) return undefined;
	try {
		return JSON.parse(lines.slice(open, close + 1).join('\n')) as ExecutedRun;
	} catch {
		return undefined;
	}
}

/** Logs in to n8n's REST API (the editor's) at `url`; returns the headers for restGet(). */
export async function restLogin(url: string, email: string, password: string): Promise<Record<string, string>> {
	const browserId = 'tgl-tests';
	const res = await fetch(`${url}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'browser-id': browserId },
		body: JSON.stringify({ emailOrLdapLoginId: email, password }),
	});
	if (!res.ok) throw new Error(`login failed: HTTP ${res.status} ${await res.text()}`);
	const cookie = res.headers
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.join('; ');
	return { cookie, 'browser-id': browserId };
}

/** GET on n8n's REST API with headers from restLogin(); returns its `data`. */
export async function restGet<T>(url: string, pathname: string, headers: Record<string, string>): Promise<T> {
	const res = await fetch(`${url}/rest${pathname}`, { headers });
	if (!res.ok) throw new Error(`GET /rest${pathname}: HTTP ${res.status} ${await res.text()}`);
	return ((await res.json()) as { data: T }).data;
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

function tail(text: string, lines = 60): string {
	return text.split('\n').slice(-lines).join('\n');
}
