// The lock of one state file, safe between processes on different hosts (or containers) that
// share the folder: queue-mode main and workers, two n8n replicas on one volume. A pid says
// nothing across pid namespaces (pid 7 in one container is pid 7 in the next), so the lock file
// names the host the pid belongs to, and the holder shows it is alive by touching the file (its
// mtime) every few seconds. Another process takes the lock over only when the holder ran on this
// host and its pid is dead, or when the heartbeat is older than the stale limit, whatever the host.
// The holder checks its token is still in the file before each write and at each heartbeat:
// a holder paused past the stale limit and taken over finds out and stops.
import { randomBytes } from 'crypto';
import { constants as fsConstants, readFileSync, readlinkSync, unlinkSync } from 'fs';
import { link, mkdir, open, readFile, rename, stat, unlink, utimes } from 'fs/promises';
import { hostname } from 'os';
import { dirname } from 'path';
import { SecretChatError } from './errors';

export interface StateLockOptions {
	/** Who can judge our pids (default: this host's identity; TGL_LOCK_HOST_ID overrides it, for tests). */
	hostId?: string;
	/** A lock whose heartbeat is older than this is taken over, whatever its host (default 60 s). */
	staleMs?: number;
	/** How often the holder touches its lock (default 10 s). */
	heartbeatMs?: number;
	/** The clock of the heartbeat and of the stale check (tests move it). */
	now?: () => number;
}

/** What a lock file says about its holder. */
interface Holder {
	host: string;
	pid: number;
	token: string;
}

/** What a contender saw of a lock file: its bytes and identity, to remove exactly that file. */
interface Seen {
	bytes: Buffer;
	holder: Holder | undefined;
	ino: number;
	mtimeMs: number;
}

const STALE_MS = 60_000;
const HEARTBEAT_MS = 10_000;

const errnoOf = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code;

const readOr = <T>(read: () => T): T | undefined => {
	try {
		return read();
	} catch {
		return undefined;
	}
};

let thisHost: string | undefined;

/**
 * The identity within which pids can be compared: the host name, the kernel's boot id and the
 * pid namespace. Containers on one kernel share the boot id but not the pid namespace; with
 * `--network host` they even share the host name.
 */
export function lockHostId(env: NodeJS.ProcessEnv = process.env): string {
	if (env.TGL_LOCK_HOST_ID) return env.TGL_LOCK_HOST_ID;
	thisHost ??= [
		hostname(),
		readOr(() => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()) ?? '-',
		readOr(() => readlinkSync('/proc/self/ns/pid')) ?? '-',
	].join('/');
	return thisHost;
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return errnoOf(error) === 'EPERM';
	}
}

function parseHolder(bytes: Buffer): Holder | undefined {
	const h = readOr(() => JSON.parse(bytes.toString('utf8')) as Partial<Holder>);
	return h && typeof h.host === 'string' && typeof h.pid === 'number' && typeof h.token === 'string' ? (h as Holder) : undefined;
}

/**
 * Locks held by this process, by host and lock path: a second lock of the same file is refused.
 * (A lock given another host id, in a test, stands for another process.)
 */
const heldHere = new Map<string, StateLock>();

/** At exit (n8n calls process.exit() with its connections open) no lock of ours stays behind. */
function releaseAllAtExit(): void {
	for (const lock of [...heldHere.values()]) lock.releaseSync();
}

export class StateLock {
	private token: string | undefined;
	private timer: NodeJS.Timeout | undefined;
	private beating: Promise<void> | undefined;
	private lostError: SecretChatError | undefined;
	private readonly host: string;
	private readonly staleMs: number;
	private readonly heartbeatMs: number;
	private readonly now: () => number;
	/** Told once when another process took the lock over (we were paused or cut off too long). */
	onLost: ((error: SecretChatError) => void) | undefined;

	constructor(
		readonly path: string,
		options: StateLockOptions = {},
	) {
		this.host = options.hostId ?? lockHostId();
		this.staleMs = options.staleMs ?? STALE_MS;
		this.heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS;
		this.now = options.now ?? Date.now;
	}

	private get key(): string {
		return `${this.host}\0${this.path}`;
	}

	get held(): boolean {
		return this.token !== undefined;
	}

	/** Takes the lock, or throws STATE_LOCKED naming the live holder (never anything secret). */
	async acquire(): Promise<void> {
		if (this.token) return;
		if (heldHere.has(this.key)) throw new SecretChatError('STATE_LOCKED', 'the secret-chat state is already open in this process');
		await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
		for (let attempt = 0; attempt < 3; attempt++) {
			if (await this.create()) return;
			const seen = await this.inspect();
			if (!seen) continue; // removed meanwhile: try again
			const refusal = this.refusal(seen);
			if (refusal) throw new SecretChatError('STATE_LOCKED', refusal);
			await this.removeIfUnchanged(seen);
		}
		throw new SecretChatError('STATE_LOCKED', 'could not lock the secret-chat state: other processes keep taking it');
	}

	/** O_EXCL: of two processes creating the lock at once, one gets it. */
	private async create(): Promise<boolean> {
		const token = randomBytes(16).toString('hex');
		const created = await open(this.path, fsConstants.O_CREAT | fsConstants.O_EXCL | fsConstants.O_WRONLY, 0o600).then(
			(handle) => ({ handle }),
			(error: unknown) => ({ error }),
		);
		if (!('handle' in created)) {
			if (errnoOf(created.error) === 'EEXIST') return false;
			throw new SecretChatError('STATE_LOCKED', `could not lock the secret-chat state (${errnoOf(created.error) ?? 'error'})`);
		}
		const filled = (async () => {
			const holder: Holder = { host: this.host, pid: process.pid, token };
			await created.handle.writeFile(JSON.stringify(holder));
			const seconds = this.now() / 1000;
			await created.handle.utimes(seconds, seconds);
		})();
		await filled
			.finally(() => created.handle.close())
			.catch(async (error: unknown) => {
				// A lock file we could not fill (a full disk) would read as another holder's for the stale limit.
				await unlink(this.path).catch(() => undefined);
				return Promise.reject(error);
			});
		this.token = token;
		this.lostError = undefined;
		if (!heldHere.size) process.on('exit', releaseAllAtExit);
		heldHere.set(this.key, this);
		this.timer = setInterval(() => void this.heartbeat(), this.heartbeatMs);
		this.timer.unref();
		return true;
	}

	private async inspect(): Promise<Seen | undefined> {
		const [bytes, info] = await Promise.all([readFile(this.path).catch(() => undefined), stat(this.path).catch(() => undefined)]);
		if (!bytes || !info) return undefined;
		return { bytes, holder: parseHolder(bytes), ino: info.ino, mtimeMs: info.mtimeMs };
	}

	/** Why the lock seen may not be taken over, or undefined when it may. */
	private refusal(seen: Seen): string | undefined {
		const { holder } = seen;
		// Only on its own host (same kernel boot, same pid namespace) does a pid tell whether its holder lives.
		if (holder?.host === this.host && (holder.pid === process.pid || !alive(holder.pid))) return undefined;
		const age = this.now() - seen.mtimeMs;
		if (age > this.staleMs) return undefined;
		// A lock with no readable holder is one being written right now (or a torn one): wait for its age.
		const who = holder ? `process ${holder.pid} on ${holder.host.split('/')[0] || 'another host'}` : 'another process';
		const left = Math.max(1, Math.ceil((this.staleMs - age) / 1000));
		return `the secret-chat state is in use by ${who}; if that process is gone, its lock is taken over in ${left} s (no heartbeat for ${Math.round(this.staleMs / 1000)} s)`;
	}

	/**
	 * Removes the lock seen, and only that one: it is renamed aside (atomic) and looked at. If it
	 * is not the file judged (a contender took the stale lock over meanwhile, or its holder came
	 * back and touched it), it is put back. Should a third process have created a lock in that
	 * instant, the one put back loses, and its holder finds out at its next check, before writing.
	 */
	private async removeIfUnchanged(seen: Seen): Promise<void> {
		const aside = `${this.path}.${randomBytes(8).toString('hex')}.stale`;
		const failed = await rename(this.path, aside).then(
			() => undefined,
			(error: unknown) => errnoOf(error) ?? 'error',
		);
		if (failed === 'ENOENT') return; // removed meanwhile
		if (failed) throw new SecretChatError('STATE_LOCKED', `could not take the stale secret-chat state lock over (${failed})`);
		const [bytes, info] = await Promise.all([readFile(aside).catch(() => undefined), stat(aside).catch(() => undefined)]);
		const same = bytes?.equals(seen.bytes) && info?.ino === seen.ino && info.mtimeMs === seen.mtimeMs;
		if (!same) await link(aside, this.path).catch(() => undefined);
		await unlink(aside).catch(() => undefined);
	}

	/** Whether our token is still the one in the lock file (a missing file is read once more: a contender may be putting it back). */
	async stillHeld(): Promise<boolean> {
		const token = this.token;
		if (!token) return false;
		for (let attempt = 0; ; attempt++) {
			const bytes = await readFile(this.path).catch(() => undefined);
			if (bytes) return parseHolder(bytes)?.token === token;
			if (attempt === 1) return false;
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
	}

	/** Before a write: throws (and tells onLost) when the lock is no longer ours. */
	async assertHeld(): Promise<void> {
		if (this.lostError) throw this.lostError;
		if (!this.token) throw new SecretChatError('STATE_LOCKED', 'lock the secret-chat state before saving it');
		if (!(await this.stillHeld())) throw this.lose();
	}

	private lose(): SecretChatError {
		const error = new SecretChatError(
			'STATE_LOCKED',
			'another process took the secret-chat state over (this one was silent longer than the stale limit); this process stops writing it',
		);
		this.forget();
		this.lostError = error;
		this.onLost?.(error);
		return error;
	}

	/** One heartbeat: touch our lock, or find it lost. Public so tests can beat without waiting. */
	heartbeat(): Promise<void> {
		this.beating ??= (async () => {
			try {
				if (!this.token) return;
				if (!(await this.stillHeld())) {
					if (this.token) this.lose();
					return;
				}
				const seconds = this.now() / 1000;
				await utimes(this.path, seconds, seconds).catch(() => undefined);
			} finally {
				this.beating = undefined;
			}
		})();
		return this.beating;
	}

	/** Gives the lock up: the file is removed only while it still holds our token. */
	async release(): Promise<void> {
		if (!this.token) return;
		const ours = await this.stillHeld();
		this.forget();
		if (ours) await unlink(this.path).catch(() => undefined);
	}

	/** The same, synchronously, for process exit. */
	releaseSync(): void {
		const token = this.token;
		if (!token) return;
		this.forget();
		if (readOr(() => parseHolder(readFileSync(this.path))?.token) === token) readOr(() => unlinkSync(this.path));
	}

	private forget(): void {
		clearInterval(this.timer);
		this.timer = undefined;
		this.token = undefined;
		if (heldHere.get(this.key) === this) heldHere.delete(this.key);
		if (!heldHere.size) process.removeListener('exit', releaseAllAtExit);
	}
}
