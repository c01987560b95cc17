import { randomBytes } from 'crypto';
import { mkdtemp, readFile, stat, writeFile } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import { refusalReasonAsync } from '../../../test/support/secret-refusal';
import { HistoryJournal, journalPath, type Histories, type JournalRecord } from './history-journal';
import type { StoredMessage } from './service';

const reason = refusalReasonAsync;

const message = (id: number, text = `m${id}`): StoredMessage => ({
	id,
	randomId: BigInt(id) * 1_000_000_007n,
	out: id % 2 === 0,
	date: 1_700_000_000 + id,
	message: { _: 'message', randomId: BigInt(id) * 1_000_000_007n, ttl: 0, message: text },
});
const add = (chat: number, id: number): JournalRecord => ({ t: 'add', chat, m: message(id) });
const texts = (histories: Histories, chat: number) => (histories[chat] ?? []).map((m) => (m.message as { message: string }).message);

/** Byte ranges of the records after the 29-byte header (the base record first). */
function frames(file: Buffer): { start: number; end: number }[] {
	const out: { start: number; end: number }[] = [];
	for (let at = 29; at < file.length; at = out[out.length - 1].end) out.push({ start: at, end: at + 4 + file.readUInt32LE(at) });
	return out;
}

async function fresh(initial: Histories = {}) {
	const dir = await mkdtemp(join(tmpdir(), 'tgl-journal-'));
	const path = journalPath(join(dir, 'secret-0123456789abcdef.state'));
	const key = randomBytes(32);
	const journal = await HistoryJournal.create(path, key, initial);
	return { path, key, journal };
}

describe('secret-chat history journal', () => {
	it('lives beside the state file under the same name', () => {
		expect(journalPath('/d/secret-0123456789abcdef.state')).toBe('/d/secret-0123456789abcdef.history');
	});

	it('appends records and replays them on load: added, deleted, emitted, delivered, cleared', async () => {
		const { path, key, journal } = await fresh({ 7: [message(1)] });
		await journal.append([add(7, 2), add(7, 3), add(9, 1)]);
		await journal.append([{ t: 'delete', chat: 7, ids: [2] }, { t: 'emitted', chat: 7, ids: [3] }, { t: 'delivered', chat: 7, ids: [3] }, { t: 'clear', chat: 9 }]);
		const ref = journal.ref;
		expect(ref.seq).toBe(7);
		await journal.close();
		const { journal: again, histories } = await HistoryJournal.open(path, key, ref);
		expect(texts(histories, 7)).toEqual(['m1', 'm3']);
		expect(histories[7][1]).toEqual({ ...message(3), emitted: true, delivered: true });
		expect(histories[9]).toEqual([]);
		// Bigints and the whole StoredMessage come back exactly; nothing of it is readable on disk.
		expect(histories[7][0]).toEqual(message(1));
		expect((await readFile(path)).includes(Buffer.from('"message":"m3"'))).toBe(false);
		await again.close();
	});

	it('replays a self-destruct deadline onto its messages', async () => {
		const { path, key, journal } = await fresh({ 7: [message(1), message(2)] });
		await journal.append([{ t: 'expires', chat: 7, ids: [2], at: 1_700_000_123_456 }]);
		const ref = journal.ref;
		await journal.close();
		const { journal: again, histories } = await HistoryJournal.open(path, key, ref);
		expect(histories[7]).toEqual([message(1), { ...message(2), expiresAt: 1_700_000_123_456 }]);
		await again.close();
	});

	it('cuts off records the state file never committed, and a torn last record, then appends after them', async () => {
		const { path, key, journal } = await fresh();
		await journal.append([add(1, 1)]);
		const committed = journal.ref;
		await journal.append([add(1, 2)]); // a crash came before the state file named this one
		await journal.close();
		const sizeBefore = (await stat(path)).size;
		const first = await HistoryJournal.open(path, key, committed);
		expect(texts(first.histories, 1)).toEqual(['m1']);
		expect((await stat(path)).size).toBeLessThan(sizeBefore);
		// The message comes again (it was not acknowledged) and takes the same number.
		await first.journal.append([add(1, 2)]);
		const recommitted = first.journal.ref;
		expect(recommitted.seq).toBe(2);
		await first.journal.append([add(1, 3)]);
		await first.journal.close();
		const whole = await readFile(path);
		await writeFile(path, whole.subarray(0, whole.length - 7)); // torn while appending m3
		const second = await HistoryJournal.open(path, key, recommitted);
		expect(texts(second.histories, 1)).toEqual(['m1', 'm2']);
		await second.journal.append([add(1, 3)]);
		const ref = second.journal.ref;
		await second.journal.close();
		expect(texts(await HistoryJournal.read(path, key, ref), 1)).toEqual(['m1', 'm2', 'm3']);
	});

	it('refuses damage inside the committed records, a journal missing committed records, a wrong key and another file', async () => {
		const { path, key, journal } = await fresh();
		await journal.append([add(1, 1), add(1, 2), add(1, 3)]);
		const ref = journal.ref;
		await journal.close();
		const good = await readFile(path);
		const [, second] = frames(good).slice(1);
		const damaged = Buffer.from(good);
		damaged[second.start + 20] ^= 1;
		await writeFile(path, damaged);
		expect(await reason(() => HistoryJournal.open(path, key, ref))).toBe('STATE_UNREADABLE');
		// The last committed record torn is not a crash we can explain: committed data is gone.
		await writeFile(path, good.subarray(0, good.length - 3));
		expect(await reason(() => HistoryJournal.open(path, key, ref))).toBe('STATE_UNREADABLE');
		await writeFile(path, good);
		expect(await reason(() => HistoryJournal.open(path, randomBytes(32), ref))).toBe('STATE_UNREADABLE');
		expect(await reason(() => HistoryJournal.open(path, key, { ...ref, file: '00'.repeat(16) }))).toBe('STATE_UNREADABLE');
		expect(await reason(() => HistoryJournal.open(`${path}.gone`, key, ref))).toBe('STATE_UNREADABLE');
		expect(texts(await HistoryJournal.read(path, key, ref), 1)).toEqual(['m1', 'm2', 'm3']);
	});

	it('refuses records moved, repeated, or taken from another journal under the same key', async () => {
		const { path, key, journal } = await fresh();
		await journal.append([add(1, 1), add(1, 2), add(1, 3)]);
		const ref = journal.ref;
		await journal.close();
		const good = await readFile(path);
		const [base, r1, r2, r3] = frames(good);
		const part = (f: { start: number; end: number }) => good.subarray(f.start, f.end);
		const header = good.subarray(0, base.end);
		// Two records swapped.
		await writeFile(path, Buffer.concat([header, part(r2), part(r1), part(r3)]));
		expect(await reason(() => HistoryJournal.open(path, key, ref))).toBe('STATE_UNREADABLE');
		// A record repeated in place of a later one.
		await writeFile(path, Buffer.concat([header, part(r1), part(r1), part(r3)]));
		expect(await reason(() => HistoryJournal.open(path, key, ref))).toBe('STATE_UNREADABLE');
		// A repeat past the committed end is never applied (and is cut off).
		await writeFile(path, Buffer.concat([good, part(r3)]));
		const replayed = await HistoryJournal.open(path, key, ref);
		expect(texts(replayed.histories, 1)).toEqual(['m1', 'm2', 'm3']);
		await replayed.journal.close();
		expect((await readFile(path)).equals(good)).toBe(true);
		// The same record number from another journal of the same account.
		const other = await fresh();
		const otherJournal = await HistoryJournal.create(journalPath(other.path.replace('.history', '-b.state')), key, {});
		await otherJournal.append([add(1, 1), add(1, 9)]);
		await otherJournal.close();
		const foreign = frames(await readFile(otherJournal.path))[2];
		await writeFile(path, Buffer.concat([header, part(r1), (await readFile(otherJournal.path)).subarray(foreign.start, foreign.end), part(r3)]));
		expect(await reason(() => HistoryJournal.open(path, key, ref))).toBe('STATE_UNREADABLE');
		await other.journal.close();
	});

	it('compacts when dead records are more than half: smaller, same history, and appends go on', async () => {
		const { path, key, journal } = await fresh();
		const live: Histories = { 1: [] };
		for (let id = 1; id <= 100; id++) {
			const r = add(1, id);
			await journal.append([r]);
			live[1].push(message(id));
			if (id % 3 !== 0) {
				await journal.append([{ t: 'delete', chat: 1, ids: [id] }]);
				live[1].pop();
			}
		}
		expect(journal.wasteful(live[1].length)).toBe(true);
		const before = journal.size;
		const seq = journal.ref.seq;
		await journal.compact(live);
		expect(journal.size).toBeLessThan(before / 2);
		expect(journal.ref.seq).toBe(seq); // the base stands for the same committed record
		expect(journal.wasteful(live[1].length)).toBe(false);
		await journal.append([add(1, 101)]);
		const ref = journal.ref;
		await journal.close();
		const histories = await HistoryJournal.read(path, key, ref);
		expect(histories[1].map((m) => m.id)).toEqual([...live[1].map((m) => m.id), 101]);
		// A state file still naming the record before the compaction is behind the base: refused.
		expect(await reason(() => HistoryJournal.open(path, key, { ...ref, seq: seq - 1 }))).toBe('STATE_UNREADABLE');
	});

	it('does not compact a small journal or one that is mostly live', async () => {
		const { journal } = await fresh();
		for (let id = 1; id <= 100; id++) await journal.append([add(1, id)]);
		expect(journal.wasteful(100)).toBe(false);
		await journal.append([{ t: 'delete', chat: 1, ids: [1] }]);
		expect(journal.wasteful(99)).toBe(false);
		await journal.close();
		const small = await fresh();
		await small.journal.append([add(1, 1), { t: 'clear', chat: 1 }]);
		expect(small.journal.wasteful(0)).toBe(false);
		await small.journal.close();
	});
});
