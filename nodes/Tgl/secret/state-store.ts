// One account's secret-chat state on disk: the small state file (keys, sequence numbers, qts,
// unacknowledged outgoing bytes), rewritten atomically at every step, and the history in an
// append-only journal beside it (history-journal.ts). A save appends the history changes noted
// since the last one, then rewrites the state file naming the journal's new end: that rewrite
// is the commit. A crash between the two leaves records the next load cuts off; the message they
// held was not acknowledged, so Telegram brings it again and it gets the same local id.
import { HistoryJournal, journalPath, type Histories, type JournalRecord, type JournalRef } from './history-journal';
import { SecretChatError } from './errors';
import type { SecretChatRecord, SecretServiceState, StoredMessage } from './records';
import type { StateFile } from './state-file';

/** The state file's content: chats without their history (files of the first format still have it). */
interface SavedState extends Omit<SecretServiceState, 'chats'> {
	chats: Record<number, Omit<SecretChatRecord, 'history'> & { history?: StoredMessage[] }>;
	journal?: JournalRef;
}

const JOURNAL_KEY_INFO = 'tgl secret-chat history journal v1';

/**
 * The committed state with its history, read without locking or writing: a look at the state of
 * a process that holds it (a test, a diagnosis). A save racing the read may make it throw: read again.
 */
export async function readSecretState(file: StateFile<SecretServiceState>): Promise<SecretServiceState | undefined> {
	const saved = (await file.load()) as SavedState | undefined;
	if (!saved?.journal) return saved as SecretServiceState | undefined;
	const histories = await HistoryJournal.read(journalPath(file.path), file.subKey(JOURNAL_KEY_INFO), saved.journal);
	for (const chat of Object.values(saved.chats)) chat.history = histories[chat.id] ?? [];
	return saved as SecretServiceState;
}

const historiesOf = (state: SecretServiceState): Histories =>
	Object.fromEntries(Object.values(state.chats).map((c) => [c.id, c.history]));

export class SecretStateStore {
	private journal: HistoryJournal | undefined;
	private pending: JournalRecord[] = [];
	private readonly file: StateFile<SavedState>;

	constructor(file: StateFile<SecretServiceState>) {
		this.file = file as unknown as StateFile<SavedState>;
	}

	/** Locks, loads (migrating a state file that still holds the history) and replays the journal. */
	async open(): Promise<SecretServiceState> {
		await this.file.lock();
		const path = journalPath(this.file.path);
		const key = this.file.subKey(JOURNAL_KEY_INFO);
		const saved = await this.file.load();
		if (!saved) {
			// A journal without a state file is left from a crash before the first save: start anew.
			this.journal = await HistoryJournal.create(path, key, {});
			return { chats: {} };
		}
		const state = saved as SecretServiceState;
		if (!saved.journal) {
			// The first format: move the history into a journal, then commit by saving the state without it.
			for (const chat of Object.values(saved.chats)) chat.history ??= [];
			this.journal = await HistoryJournal.create(path, key, historiesOf(state));
			await this.save(state);
			return state;
		}
		const { journal, histories } = await HistoryJournal.open(path, key, saved.journal);
		this.journal = journal;
		for (const chat of Object.values(saved.chats)) chat.history = histories[chat.id] ?? [];
		return state;
	}

	/** Queues a history change for the next save (the caller has applied it in memory already). */
	note(record: JournalRecord): void {
		this.pending.push(record);
	}

	/** Appends the noted changes, then commits them with the state file; compacts when it pays. */
	async save(state: SecretServiceState): Promise<void> {
		const journal = this.journal;
		if (!journal) throw new SecretChatError('STATE_LOCKED', 'open the secret-chat state before saving it');
		// Neither file is written once another process took the state over (the journal is first).
		await this.file.assertLocked();
		const records = this.pending;
		this.pending = [];
		await journal.append(records).catch((error: unknown) => {
			this.pending = records.concat(this.pending); // tried again (at the same place) on the next save
			return Promise.reject(error);
		});
		const chats = Object.fromEntries(Object.entries(state.chats).map(([id, { history: _history, ...chat }]) => [id, chat]));
		await this.file.save({ ...state, chats, journal: journal.ref });
		const live = Object.values(state.chats).reduce((n, c) => n + c.history.length, 0);
		// Everything is committed here, so the compacted base stands for the committed record.
		if (!this.pending.length && journal.wasteful(live)) await journal.compact(historiesOf(state));
	}

	/** Forgets what was noted and reads the committed state again, keeping the lock. */
	async reload(): Promise<SecretServiceState> {
		const journal = this.journal;
		this.journal = undefined;
		this.pending = [];
		await journal?.close();
		return this.open();
	}

	async close(): Promise<void> {
		const journal = this.journal;
		this.journal = undefined;
		await journal?.close();
		await this.file.unlock();
	}
}
