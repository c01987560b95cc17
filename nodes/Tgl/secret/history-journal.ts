// The secret chats' history as an append-only journal beside the state file, so that a new
// message costs one small append instead of a rewrite of everything ever received.
//
// File: MAGIC, a random file id, the base sequence number (u64), then length-prefixed records,
// each sealed on its own with AES-256-GCM. The first record is the base (every chat's history
// at the base number: empty, migrated or compacted); record n after it carries number base + n.
// The AAD names the file id and the record's number, so records cannot be moved, repeated or
// taken from another journal. The state file names the last committed number: later records
// (appended before a crash stopped the state save) are cut off on load, as are torn tails.
import { createCipheriv, createDecipheriv, randomBytes } from 'crypto';
import { open, readFile, type FileHandle } from 'fs/promises';
import { SecretChatError } from './errors';
import type { StoredMessage } from './records';
import { decodeState, encodeState, writeAtomically } from './state-file';

const MAGIC = Buffer.from('TGLH\x01');
const ID_BYTES = 16;
const SEQ_BYTES = 8;
const HEADER_BYTES = MAGIC.length + ID_BYTES + SEQ_BYTES;
const LENGTH_BYTES = 4;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Below this many records a journal is never compacted: rewriting it would cost more than it saves. */
const COMPACT_FLOOR = 64;

/** One change to the history; replaying them in order rebuilds it. */
export type JournalRecord =
	| { t: 'add'; chat: number; m: StoredMessage }
	| { t: 'delete'; chat: number; ids: number[] }
	| { t: 'clear'; chat: number }
	| { t: 'delivered'; chat: number; ids: number[] }
	| { t: 'emitted'; chat: number; ids: number[] }
	/** A self-destruct countdown started: the messages go at `at` (ms since the epoch). */
	| { t: 'expires'; chat: number; ids: number[]; at: number };

/** Every chat's history by chat id. */
export type Histories = Record<number, StoredMessage[]>;

/** What the state file records of the journal: which file, and up to which record it is committed. */
export interface JournalRef {
	file: string;
	seq: number;
}

/** `secret-<hash>.state` → `secret-<hash>.history`. */
export function journalPath(statePath: string): string {
	return `${statePath.replace(/\.state$/, '')}.history`;
}

const unreadable = (why: string) => new SecretChatError('STATE_UNREADABLE', `the secret-chat history journal ${why}`);

function aad(fileId: Buffer, kind: 'base' | 'record', seq: number): Buffer {
	const number = Buffer.alloc(SEQ_BYTES);
	number.writeBigUInt64LE(BigInt(seq));
	return Buffer.concat([MAGIC, fileId, Buffer.from(kind), number]);
}

function sealRecord(value: unknown, key: Buffer, ad: Buffer): Buffer {
	const iv = randomBytes(IV_BYTES);
	const cipher = createCipheriv('aes-256-gcm', key, iv);
	cipher.setAAD(ad);
	const body = Buffer.concat([cipher.update(Buffer.from(encodeState(value), 'utf8')), cipher.final()]);
	const length = Buffer.alloc(LENGTH_BYTES);
	length.writeUInt32LE(IV_BYTES + TAG_BYTES + body.length);
	return Buffer.concat([length, iv, cipher.getAuthTag(), body]);
}

/** The record's value, or undefined when it does not authenticate under this key and place. */
function openRecord<T>(sealed: Buffer, key: Buffer, ad: Buffer): T | undefined {
	if (sealed.length < IV_BYTES + TAG_BYTES) return undefined;
	const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
	decipher.setAAD(ad);
	decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
	const body = decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES));
	try {
		return decodeState<T>(Buffer.concat([body, decipher.final()]).toString('utf8'));
	} catch {
		return undefined;
	}
}

/** The sealed bytes of the frame at `at`, or undefined when the file ends inside it. */
function frameAt(file: Buffer, at: number): { sealed: Buffer; end: number } | undefined {
	if (file.length - at < LENGTH_BYTES) return undefined;
	const end = at + LENGTH_BYTES + file.readUInt32LE(at);
	if (end > file.length) return undefined;
	return { sealed: file.subarray(at + LENGTH_BYTES, end), end };
}

function applyRecord(histories: Histories, record: JournalRecord): void {
	const history = (histories[record.chat] ??= []);
	if (record.t === 'add') history.push(record.m);
	else if (record.t === 'clear') histories[record.chat] = [];
	else {
		const ids = new Set(record.ids);
		if (record.t === 'delete') histories[record.chat] = history.filter((m) => !ids.has(m.id));
		else if (record.t === 'expires') {
			for (const m of history) if (ids.has(m.id)) m.expiresAt = record.at;
		} else for (const m of history) if (ids.has(m.id)) m[record.t] = true;
	}
}

const messageCount = (histories: Histories) => Object.values(histories).reduce((n, h) => n + h.length, 0);

/** Reads the journal and replays it up to the committed record `ref.seq`; where that record ends is `at`. */
async function replay(path: string, key: Buffer, ref: JournalRef) {
	const file = await readFile(path).catch((error: NodeJS.ErrnoException) => {
		throw unreadable(error.code === 'ENOENT' ? 'is missing' : `cannot be read (${error.code ?? 'error'})`);
	});
	if (file.length < HEADER_BYTES || !file.subarray(0, MAGIC.length).equals(MAGIC)) throw unreadable('is not one of ours');
	const fileId = Buffer.from(file.subarray(MAGIC.length, MAGIC.length + ID_BYTES));
	if (fileId.toString('hex') !== ref.file) throw unreadable('belongs to another state file');
	const baseSeq = Number(file.readBigUInt64LE(MAGIC.length + ID_BYTES));
	if (baseSeq > ref.seq) throw unreadable('is ahead of the state file');
	const base = frameAt(file, HEADER_BYTES);
	const histories = base && openRecord<Histories>(base.sealed, key, aad(fileId, 'base', baseSeq));
	if (!base || !histories) throw unreadable('was written with another key or damaged');
	let units = messageCount(histories);
	let at = base.end;
	let seq = baseSeq;
	while (seq < ref.seq) {
		const frame = frameAt(file, at);
		const record = frame && openRecord<JournalRecord>(frame.sealed, key, aad(fileId, 'record', seq + 1));
		if (!frame || !record) throw unreadable(frame && frame.end < file.length ? 'is damaged' : 'lacks records the state file committed');
		applyRecord(histories, record);
		units++;
		seq++;
		at = frame.end;
	}
	return { file, fileId, histories, at, seq, units };
}

export class HistoryJournal {
	/** Set when a compaction failed half-way: appends would go to a file no longer in place. */
	private broken: Error | undefined;

	private constructor(
		readonly path: string,
		private readonly key: Buffer,
		private readonly fileId: Buffer,
		private handle: FileHandle,
		/** Where the next record goes. */
		private end: number,
		/** Number of the last record written. */
		private last: number,
		/** Messages in the base plus records since: what a compaction would shrink to the live messages. */
		private units: number,
	) {}

	/** What the state file must name to commit everything appended so far. */
	get ref(): JournalRef {
		return { file: this.fileId.toString('hex'), seq: this.last };
	}

	/** Writes a journal holding just `histories` (as of record number `baseSeq`), atomically. */
	static async create(path: string, key: Buffer, histories: Histories, baseSeq = 0, fileId = randomBytes(ID_BYTES)): Promise<HistoryJournal> {
		const number = Buffer.alloc(SEQ_BYTES);
		number.writeBigUInt64LE(BigInt(baseSeq));
		const bytes = Buffer.concat([MAGIC, fileId, number, sealRecord(histories, key, aad(fileId, 'base', baseSeq))]);
		await writeAtomically(path, bytes);
		return new HistoryJournal(path, key, fileId, await open(path, 'r+'), bytes.length, baseSeq, messageCount(histories));
	}

	/**
	 * Replays the journal the state file names, up to its committed record; later records and a
	 * torn or unauthenticated last record are cut off. Anything else wrong is STATE_UNREADABLE.
	 */
	static async open(path: string, key: Buffer, ref: JournalRef): Promise<{ journal: HistoryJournal; histories: Histories }> {
		const { file, fileId, histories, at, seq, units } = await replay(path, key, ref);
		// What follows was appended but never committed (a crash before the state save), or is a
		// torn last record: cut it, so the next append goes right after the committed part.
		const handle = await open(path, 'r+');
		if (at < file.length) {
			await handle.truncate(at);
			await handle.sync();
		}
		return { journal: new HistoryJournal(path, key, fileId, handle, at, seq, units), histories };
	}

	/** The committed histories, read without writing anything (a look from outside the owning process). */
	static async read(path: string, key: Buffer, ref: JournalRef): Promise<Histories> {
		return (await replay(path, key, ref)).histories;
	}

	/** Appends the records and fsyncs; nothing is counted as written unless all of it is. */
	async append(records: JournalRecord[]): Promise<void> {
		if (this.broken) throw this.broken;
		if (!records.length) return;
		const bytes = Buffer.concat(records.map((r, n) => sealRecord(r, this.key, aad(this.fileId, 'record', this.last + 1 + n))));
		await this.handle.write(bytes, 0, bytes.length, this.end);
		await this.handle.sync();
		this.end += bytes.length;
		this.last += records.length;
		this.units += records.length;
	}

	/** True when dead records (deleted, cleared, folded-in marks) are more than half of the journal. */
	wasteful(liveMessages: number): boolean {
		return this.units >= COMPACT_FLOOR && this.units - liveMessages > this.units / 2;
	}

	/**
	 * Rewrites the journal as one base record of `histories`, atomically. Call it only when the
	 * state file has committed every record: the new base then stands for the committed number.
	 */
	async compact(histories: Histories): Promise<void> {
		if (this.broken) throw this.broken;
		const fresh = await HistoryJournal.create(this.path, this.key, histories, this.last, this.fileId).catch((error: Error) => {
			this.broken = error;
			return Promise.reject(error);
		});
		const replaced = this.handle;
		this.handle = fresh.handle;
		this.end = fresh.end;
		this.units = fresh.units;
		await replaced.close();
	}

	async close(): Promise<void> {
		await this.handle.close();
	}

	/** Bytes in the file (for figures and tests). */
	get size(): number {
		return this.end;
	}
}
