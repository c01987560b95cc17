// Secret-chat state that outlives a restart: one file per account, encrypted at rest with a
// key derived from the account's auth key (AES-256-GCM), written atomically (write, fsync,
// rename, fsync the folder) and locked against a second process, on this host or another one
// sharing the folder (state-lock.ts). Telegram keeps none of it:
// losing this file loses the chats' keys.
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'crypto';
import { open, readFile, rename, unlink } from 'fs/promises';
import { homedir } from 'os';
import { dirname, join } from 'path';
import { SecretChatError } from './errors';
import { StateLock, type StateLockOptions } from './state-lock';

const MAGIC = Buffer.from('TGLS\x01');
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** `TGL_STATE_DIR`, else `<n8n user folder>/.n8n/tgl` (N8N_USER_FOLDER, else the home folder). */
export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
	return env.TGL_STATE_DIR || join(env.N8N_USER_FOLDER || homedir(), '.n8n', 'tgl');
}

/** The file of one account: named by a hash of the auth key, which names nothing secret. */
export function stateFileName(authKey: Buffer): string {
	return `secret-${createHash('sha256').update('tgl file name').update(authKey).digest('hex').slice(0, 16)}.state`;
}

/** The at-rest key: HKDF-SHA256 of the auth key, bound to this use. */
export function stateKey(authKey: Buffer): Buffer {
	return Buffer.from(hkdfSync('sha256', authKey, 'tgl secret-chat state', 'aes-256-gcm v1', 32));
}

export function sealState(plain: Buffer, key: Buffer): Buffer {
	const iv = randomBytes(IV_BYTES);
	const cipher = createCipheriv('aes-256-gcm', key, iv);
	cipher.setAAD(MAGIC);
	const body = Buffer.concat([cipher.update(plain), cipher.final()]);
	return Buffer.concat([MAGIC, iv, cipher.getAuthTag(), body]);
}

export function openState(file: Buffer, key: Buffer): Buffer {
	if (file.length < MAGIC.length + IV_BYTES + TAG_BYTES || !file.subarray(0, MAGIC.length).equals(MAGIC)) {
		throw new SecretChatError('STATE_UNREADABLE', 'the secret-chat state file is not one of ours');
	}
	const iv = file.subarray(MAGIC.length, MAGIC.length + IV_BYTES);
	const tag = file.subarray(MAGIC.length + IV_BYTES, MAGIC.length + IV_BYTES + TAG_BYTES);
	const decipher = createDecipheriv('aes-256-gcm', key, iv);
	decipher.setAAD(MAGIC);
	decipher.setAuthTag(tag);
	const body = decipher.update(file.subarray(MAGIC.length + IV_BYTES + TAG_BYTES));
	const rest = finalOrUndefined(decipher);
	if (!rest) throw new SecretChatError('STATE_UNREADABLE', 'the secret-chat state file was written with another key or damaged');
	return Buffer.concat([body, rest]);
}

/** GCM's final() throws when the tag does not authenticate: undefined instead. */
function finalOrUndefined(decipher: ReturnType<typeof createDecipheriv>): Buffer | undefined {
	try {
		return decipher.final();
	} catch {
		return undefined;
	}
}

const errnoOf = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code;

/** JSON that keeps Buffers and bigints (keys, random ids) exactly. */
export function encodeState(value: unknown): string {
	return JSON.stringify(value, function (this: Record<string, unknown>, name: string, v: unknown) {
		const raw = this[name];
		if (Buffer.isBuffer(raw)) return { $b64: raw.toString('base64') };
		if (typeof raw === 'bigint') return { $big: raw.toString() };
		return v;
	});
}

export function decodeState<T>(text: string): T {
	return JSON.parse(text, (_name, v: unknown) => {
		if (v && typeof v === 'object') {
			const o = v as { $b64?: string; $big?: string };
			if (typeof o.$b64 === 'string') return Buffer.from(o.$b64, 'base64');
			if (typeof o.$big === 'string') return BigInt(o.$big);
		}
		return v;
	}) as T;
}

export class StateFile<T> {
	private readonly guard: StateLock;

	constructor(
		readonly path: string,
		private readonly key: Buffer,
		lockOptions: StateLockOptions = {},
	) {
		this.guard = new StateLock(`${path}.lock`, lockOptions);
	}

	/** Told once when another process took the lock over: stop using this state. */
	set onLockLost(then: ((error: SecretChatError) => void) | undefined) {
		this.guard.onLost = then;
	}

	/** Takes the lock (see state-lock.ts for when a lock left by another process is taken over). */
	async lock(): Promise<void> {
		await this.guard.acquire();
	}

	async unlock(): Promise<void> {
		await this.guard.release();
	}

	/** Throws STATE_LOCKED unless this process still holds the lock: called before every write. */
	async assertLocked(): Promise<void> {
		await this.guard.assertHeld();
	}

	/** One heartbeat of the lock now (it beats on its own timer too). */
	heartbeat(): Promise<void> {
		return this.guard.heartbeat();
	}

	/** The saved state, or undefined when there is none yet. */
	async load(): Promise<T | undefined> {
		const read = await readFile(this.path).then(
			(file) => ({ file }),
			(error: unknown) => ({ error }),
		);
		if (!('file' in read)) {
			if (errnoOf(read.error) === 'ENOENT') return undefined;
			throw new SecretChatError('STATE_UNREADABLE', `cannot read the secret-chat state (${errnoOf(read.error) ?? 'error'})`);
		}
		return decodeState<T>(openState(read.file, this.key).toString('utf8'));
	}

	/** Replaces the state atomically: a crash leaves the old file or the new one, never half of one. */
	async save(value: T): Promise<void> {
		await this.guard.assertHeld();
		await writeAtomically(this.path, sealState(Buffer.from(encodeState(value), 'utf8'), this.key));
	}

	/** A key for a file kept beside this one (the history journal), derived from the state key. */
	subKey(use: string): Buffer {
		return Buffer.from(hkdfSync('sha256', this.key, '', use, 32));
	}
}

/** Write, fsync, rename, fsync the folder: a crash leaves the old file or the new one. */
export async function writeAtomically(path: string, bytes: Buffer): Promise<void> {
	// Random, not the pid: containers sharing the folder often run as the same pid (1 or 7).
	const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
	const handle = await open(tmp, 'w', 0o600);
	const written = (async () => {
		try {
			await handle.writeFile(bytes);
			await handle.sync();
		} finally {
			await handle.close();
		}
		await rename(tmp, path);
	})();
	await written.catch(async (error: unknown) => {
		await unlink(tmp).catch(() => undefined); // a half-written copy (a full disk) is not left lying
		return Promise.reject(error);
	});
	const folder = await open(dirname(path), 'r');
	try {
		await folder.sync();
	} finally {
		await folder.close();
	}
}
