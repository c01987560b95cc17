// One TelegramClient per account per n8n process, shared by every trigger and action execution:
// executions seconds apart reuse the connection instead of paying a new handshake each time.
import { AccountClient } from './account-client';
import { accountKey, type TglCredentials } from './credentials';
import { carryOutPendingDeletions } from './pending-deletions';
import { forgetProcessStop, whenProcessStops } from './process-stop';

const DEFAULT_IDLE_MS = Number(process.env.TGL_POOL_IDLE_SECONDS ?? 300) * 1000;

interface Entry {
	account: Promise<AccountClient>;
	/** The account once connected (read without awaiting). */
	opened?: AccountClient;
	idleTimer?: NodeJS.Timeout;
}

export class ClientPool {
	private readonly entries = new Map<string, Entry>();
	private readonly keys = new WeakMap<AccountClient, string>();
	/** At SIGTERM/SIGINT: the deletions waiting in an undo window go now, on connections still open. */
	private readonly beforeProcessStops = async (): Promise<void> => {
		const accounts = await Promise.all([...this.entries.values()].map((e) => e.account.catch(() => undefined)));
		await Promise.all(accounts.map(async (account) => account && carryOutPendingDeletions(account)));
	};

	constructor(private idleMs = DEFAULT_IDLE_MS) {}

	/** How long an unused connection stays open. */
	setIdleMs(ms: number): void {
		this.idleMs = ms;
	}

	get size(): number {
		return this.entries.size;
	}

	/**
	 * Returns the account's shared client, connecting on first use; pair with release(). A failed
	 * connect leaves nothing behind (the next use tries afresh), and a client whose connection has
	 * been down for the connect timeout is dropped here and replaced.
	 */
	async acquire(credentials: TglCredentials): Promise<AccountClient> {
		const key = accountKey(credentials);
		let entry = this.entries.get(key);
		if (entry?.opened && !entry.opened.usable) {
			this.drop(key, entry);
			entry = undefined;
		}
		if (!entry) {
			whenProcessStops(this.beforeProcessStops);
			// The promise is stored before it settles, so concurrent first uses share one connection
			// (and, when it fails, all get the same error at once).
			const created: Entry = { account: AccountClient.open(credentials) };
			entry = created;
			this.entries.set(key, created);
			created.account.then(
				(account) => void (created.opened = account),
				() => {
					if (this.entries.get(key) === created) this.entries.delete(key);
					if (this.entries.size === 0) forgetProcessStop(this.beforeProcessStops);
				},
			);
		}
		clearTimeout(entry.idleTimer);
		entry.idleTimer = undefined;
		const account = await entry.account;
		this.keys.set(account, key);
		account.refs++;
		return account;
	}

	release(account: AccountClient): void {
		account.refs = Math.max(0, account.refs - 1);
		const key = this.keys.get(account);
		const entry = key === undefined ? undefined : this.entries.get(key);
		if (account.refs > 0) return;
		if (!key || !entry || entry.opened !== account) {
			// Dropped from the pool while still held: close it now that nobody holds it.
			void this.closeWhenIdle(account);
			return;
		}
		clearTimeout(entry.idleTimer);
		entry.idleTimer = setTimeout(() => void this.closeIfIdle(key, entry), this.idleMs);
		entry.idleTimer.unref();
	}

	/** Takes a dead client out of the pool; whoever still holds it keeps it until release(). */
	private drop(key: string, entry: Entry): void {
		this.entries.delete(key);
		clearTimeout(entry.idleTimer);
		if (entry.opened && entry.opened.refs === 0) void this.closeWhenIdle(entry.opened);
	}

	private async closeWhenIdle(account: AccountClient): Promise<void> {
		while (account.inFlight > 0) await new Promise((r) => setTimeout(r, 1000).unref());
		if (account.refs === 0) await account.close().catch(() => undefined);
	}

	/** Closes every connection (process shutdown, tests). */
	async closeAll(): Promise<void> {
		const entries = [...this.entries.values()];
		this.entries.clear();
		forgetProcessStop(this.beforeProcessStops);
		await Promise.all(
			entries.map(async (e) => {
				clearTimeout(e.idleTimer);
				const account = await e.account.catch(() => undefined);
				await account?.close();
			}),
		);
	}

	private async closeIfIdle(key: string, entry: Entry): Promise<void> {
		const account = await entry.account;
		if (account.refs > 0) return;
		if (account.inFlight > 0) {
			entry.idleTimer = setTimeout(() => void this.closeIfIdle(key, entry), 1000);
			entry.idleTimer.unref();
			return;
		}
		if (this.entries.get(key) === entry) this.entries.delete(key);
		if (this.entries.size === 0) forgetProcessStop(this.beforeProcessStops);
		await account.close();
	}
}

/** The process-wide pool. */
export const clientPool = new ClientPool();
