import { randomBytes } from 'crypto';
import { mkdtemp, readdir } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import { journalPath } from './history-journal';
import type { SecretChatRecord, SecretServiceState, StoredMessage } from './service';
import { StateFile, stateFileName, stateKey } from './state-file';
import { SecretStateStore } from './state-store';

const message = (id: number): StoredMessage => ({
	id,
	randomId: BigInt(id) << 40n,
	out: false,
	date: 1_700_000_000 + id,
	message: { _: 'message', randomId: BigInt(id) << 40n, ttl: 0, message: `m${id}` },
});
const chat = (history: StoredMessage[]): SecretChatRecord => ({
	id: 5,
	accessHash: -(2n ** 62n),
	userId: 2,
	creator: true,
	state: 'working',
	date: 1,
	sent: {},
	history,
	lastId: history.length,
});

/** A state file whose next save dies before writing anything: a crash after the journal append. */
class CrashingStateFile<T> extends StateFile<T> {
	crashNext = false;
	async save(value: T): Promise<void> {
		if (this.crashNext) {
			this.crashNext = false;
			throw new Error('crashed before the state save');
		}
		return super.save(value);
	}
}

async function account() {
	const dir = await mkdtemp(join(tmpdir(), 'tgl-store-'));
	const authKey = randomBytes(256);
	const path = join(dir, stateFileName(authKey));
	const file = () => new CrashingStateFile<SecretServiceState>(path, stateKey(authKey));
	/** The state file as it is on disk, without the store's reading. */
	const raw = () => new StateFile<{ chats: Record<number, Partial<SecretChatRecord>>; journal?: unknown }>(path, stateKey(authKey)).load();
	return { dir, path, file, raw };
}

describe('secret-chat state store (state file + history journal)', () => {
	it('keeps the history out of the state file, in the journal beside it', async () => {
		const { dir, path, file, raw } = await account();
		const store = new SecretStateStore(file());
		const state = await store.open();
		state.chats[5] = chat([]);
		for (const id of [1, 2]) {
			state.chats[5].history.push(message(id));
			store.note({ t: 'add', chat: 5, m: message(id) });
		}
		state.chats[5].lastId = 2;
		await store.save(state);
		await store.close();
		expect((await raw())!.chats[5].history).toBeUndefined();
		expect((await readdir(dir)).sort()).toEqual([journalPath(path).slice(dir.length + 1), path.slice(dir.length + 1)].sort());
		const again = new SecretStateStore(file());
		expect((await again.open()).chats[5]).toEqual(chat([message(1), message(2)]));
		await again.close();
	});

	it('migrates a state file of the first format (history inside) on first load, and commits the move', async () => {
		const { file, raw } = await account();
		const old = file();
		await old.lock();
		await old.save({ chats: { 5: chat([message(1), message(2), message(3)]) }, qts: 4 });
		await old.unlock();

		const store = new SecretStateStore(file());
		const state = await store.open();
		expect(state.chats[5].history.map((m) => m.id)).toEqual([1, 2, 3]);
		expect(state.qts).toBe(4);
		await store.close();
		const onDisk = await raw();
		expect(onDisk!.chats[5].history).toBeUndefined();
		expect(onDisk!.journal).toBeDefined();
		const again = new SecretStateStore(file());
		expect((await again.open()).chats[5]).toEqual(chat([message(1), message(2), message(3)]));
		await again.close();
	});

	it('forgets a message appended to the journal when the state save after it never happened', async () => {
		const { file } = await account();
		const disk = file();
		const store = new SecretStateStore(disk);
		const state = await store.open();
		state.chats[5] = chat([message(1)]);
		store.note({ t: 'add', chat: 5, m: message(1) });
		await store.save(state);
		// Message 2 arrives: the journal gets it, then the process dies before the state file is saved.
		state.chats[5].history.push(message(2));
		state.chats[5].lastId = 2;
		store.note({ t: 'add', chat: 5, m: message(2) });
		disk.crashNext = true;
		await expect(store.save(state)).rejects.toThrow('crashed');
		await store.close();

		const restarted = new SecretStateStore(file());
		const after = await restarted.open();
		expect(after.chats[5].history.map((m) => m.id)).toEqual([1]);
		expect(after.chats[5].lastId).toBe(1); // so the same message, brought again, gets id 2 again
		after.chats[5].history.push(message(2));
		after.chats[5].lastId = 2;
		restarted.note({ t: 'add', chat: 5, m: message(2) });
		await restarted.save(after);
		await restarted.close();
		const third = new SecretStateStore(file());
		expect((await third.open()).chats[5].history.map((m) => m.id)).toEqual([1, 2]);
		await third.close();
	});

	it('a journal left without any state file (a crash before the first save) is started anew', async () => {
		const { file } = await account();
		const store = new SecretStateStore(file());
		await store.open();
		await store.close(); // never saved: only the empty journal exists
		const again = new SecretStateStore(file());
		expect(await again.open()).toEqual({ chats: {} });
		await again.close();
	});
});
