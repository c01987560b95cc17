// The secret chats of one connected account: one SecretChatService per AccountClient, created on
// first use (by the trigger or an action), fed by the account's update engine, caught up from its
// saved qts, and stopped (its state file unlocked) when the connection closes. Triggers listen to
// it; the action node sends through it; both see the same chats and keys.
import { join } from 'path';
import { LoggerProxy } from 'n8n-workflow';
import { withCallOptions, type CallOptions } from './call-options';
import type { Api } from 'telegram';
import { SecretChatService, type SecretChatRecord, type SecretServiceState, type StoredMessage, type WhatChanged } from '../secret/service';
import { StateFile, stateDir, stateFileName, stateKey } from '../secret/state-file';
import { engineFor } from '../updates/registry';
import type { AccountClient } from './account-client';
import { forgetProcessStop, whenProcessStops } from './process-stop';

export interface SecretListener {
	/** Accept incoming requests on this device while this listener is there. */
	acceptIncoming?: boolean;
	chatUpdate?(chat: SecretChatRecord, whatChanged: WhatChanged[]): void;
	message?(chat: SecretChatRecord, message: StoredMessage): void;
	deleted?(chat: SecretChatRecord, ids: number[]): void;
	/** Now heard from `hub` (the connection was replaced): marks and timers go to its service. */
	movedTo?(hub: AccountSecretChats): void;
}

export class AccountSecretChats {
	private readonly listeners = new Set<SecretListener>();

	constructor(readonly service: SecretChatService) {
		service.events = {
			chatUpdate: (chat, what) => {
				for (const l of [...this.listeners]) l.chatUpdate?.(chat, what);
			},
			message: (chat, message) => {
				for (const l of [...this.listeners]) l.message?.(chat, message);
			},
			// Our own messages too ("out": listeners that do not want them skip them).
			sent: (chat, message) => {
				for (const l of [...this.listeners]) l.message?.(chat, message);
			},
			deleted: (chat, ids) => {
				for (const l of [...this.listeners]) l.deleted?.(chat, ids);
			},
		};
	}

	get listening(): boolean {
		return this.listeners.size > 0;
	}

	/** Adds a listener; one that accepts incoming chats also accepts the requests still waiting. */
	listen(listener: SecretListener): () => void {
		this.listeners.add(listener);
		this.refreshAccept();
		if (listener.acceptIncoming && this.started) this.acceptWaiting();
		return () => {
			this.listeners.delete(listener);
			this.refreshAccept();
		};
	}

	/** Set once the state is loaded and caught up. */
	started = false;

	/**
	 * Accepts the requests that arrived while nobody accepted, when a listener now does (one
	 * taken by another device meanwhile just fails and stays as it is).
	 */
	acceptWaiting(): void {
		if (![...this.listeners].some((l) => l.acceptIncoming)) return;
		for (const chat of this.service.chats()) {
			if (chat.state === 'requested') void this.service.accept(chat.id).catch(() => undefined);
		}
	}

	/** Takes over another hub's listeners (the connection it ran on was replaced). */
	adopt(from: AccountSecretChats): void {
		for (const l of from.listeners) this.listeners.add(l);
		from.listeners.clear();
		this.refreshAccept();
		for (const l of this.listeners) l.movedTo?.(this);
	}

	private refreshAccept(): void {
		this.service.setAcceptIncoming([...this.listeners].some((l) => l.acceptIncoming));
	}
}

interface Entry {
	hub: AccountSecretChats;
	ready: Promise<AccountSecretChats>;
}

const entries = new WeakMap<AccountClient, Entry>();
/**
 * The running hub of each state file in this process. The pool may replace a dead connection
 * while the old one is still held: the new one takes the file (and the listeners) over.
 */
const holders = new Map<string, { hub: AccountSecretChats; release: () => Promise<void> }>();
/** Who wants to know when an account's secret chats open (a trigger that had none to follow). */
const openWaiters = new WeakMap<AccountClient, Set<() => void>>();

/** Calls `then` once when the account's secret chats are opened by someone; returns a cancel. */
export function whenSecretChatsOpen(account: AccountClient, then: () => void): () => void {
	let set = openWaiters.get(account);
	if (!set) openWaiters.set(account, (set = new Set()));
	set.add(then);
	return () => set.delete(then);
}

export function secretChatsOpened(account: AccountClient): boolean {
	return entries.has(account);
}

const NO_WAITING: CallOptions = { floodWaitMaxSeconds: 0 };

/** The account's secret chats, started on first use; a failed start is tried afresh next time. */
export function secretChatsOf(account: AccountClient): Promise<AccountSecretChats> {
	return entryOf(account).ready;
}

/**
 * Listens from now on, even while the service is still starting (what its catch-up brings is
 * heard too); `ready` says when it runs. Call `stop` to stop listening.
 */
export function listenSecretChats(
	account: AccountClient,
	listener: SecretListener,
): { hub: AccountSecretChats; stop: () => void; ready: Promise<AccountSecretChats> } {
	const entry = entryOf(account);
	return { hub: entry.hub, stop: entry.hub.listen(listener), ready: entry.ready };
}

function entryOf(account: AccountClient): Entry {
	let entry = entries.get(account);
	if (!entry) {
		const authKey = account.client.session.getAuthKey()?.getKey();
		if (!authKey) {
			const failed = Promise.reject(new Error('This account has no auth key yet, so it cannot keep secret chats'));
			failed.catch(() => undefined);
			return { hub: new AccountSecretChats(new SecretChatService({ invoke: () => failed as never }, undefined)), ready: failed };
		}
		const store = new StateFile<SecretServiceState>(join(stateDir(), stateFileName(authKey)), stateKey(authKey));
		// Why a chat was discarded goes to n8n's log (reason and sequence numbers, never keys).
		const options = { log: (line: string) => LoggerProxy.warn(line) };
		// Never a FLOOD_WAIT slept out inside the service's one-at-a-time queue: every incoming message of
		// every secret chat would wait behind it. Sends are tried again outside it (actions/peer/secret-chat.ts).
		const hub = new AccountSecretChats(new SecretChatService({ invoke: <R extends Api.AnyRequest>(request: R) => withCallOptions(NO_WAITING, () => account.call(request)) }, store, options));
		const created: Entry = { hub, ready: start(account, hub, store) };
		entry = created;
		entries.set(account, created);
		created.ready.catch(() => {
			if (entries.get(account) === created) entries.delete(account);
		});
		const waiters = [...(openWaiters.get(account) ?? [])];
		openWaiters.delete(account);
		for (const then of waiters) then();
	}
	return entry;
}

async function start(account: AccountClient, hub: AccountSecretChats, store: StateFile<SecretServiceState>): Promise<AccountSecretChats> {
	const service = hub.service;
	const path = store.path;
	const previous = holders.get(path);
	if (previous && previous.hub !== hub) {
		hub.adopt(previous.hub);
		await previous.release();
	}
	let unsubscribe: () => void = () => undefined;
	let released: Promise<void> | undefined;
	const release = () =>
		(released ??= (async () => {
			unsubscribe();
			forgetProcessStop(releaseAtStop);
			if (entries.get(account)?.hub === hub) entries.delete(account);
			if (holders.get(path)?.hub === hub) holders.delete(path);
			await service.stop();
		})());
	holders.set(path, { hub, release });
	account.beforeClose(release);
	// SIGTERM/SIGINT must not leave the lock behind (another host would wait for the stale limit).
	// Under n8n the service keeps going while n8n finishes its executions (they still mark their
	// messages delivered), and the lock goes at process.exit (state-lock.ts); where nobody handles
	// the signal, the process ends right after the stop tasks, so the service stops and unlocks now.
	const releaseAtStop = ({ hostHandlesSignal }: { hostHandlesSignal: boolean }) => (hostHandlesSignal ? Promise.resolve() : release());
	whenProcessStops(releaseAtStop);
	// Another process took the state over (we were paused past the stale limit): stop rather than write it.
	store.onLockLost = (error) => {
		LoggerProxy.warn(`tgl: secret chats stopped: ${error.message}`);
		void release();
	};
	const engine = engineFor(account);
	try {
		await service.start();
		await engine.start();
		// updateEncryption / updateNewEncryptedMessage come in qts order through the one live stream.
		// A step that failed half-way (a full disk, a broken-off call) must not leave a message
		// decrypted in memory but never saved or emitted: reload the saved state and catch up from
		// its qts, which brings the unacknowledged message again. One recovery at a time.
		let recovering: Promise<void> | undefined;
		const recover = (error: unknown) => {
			LoggerProxy.warn(`tgl: a secret-chat update failed (${(error as Error)?.message ?? String(error)}); reloading the saved state`);
			recovering ??= service
				.recover()
				.then(() => engine.cursor && service.catchUp({ pts: engine.cursor.pts, date: engine.cursor.date, qts: engine.cursor.qts }))
				.catch((again: unknown) => LoggerProxy.warn(`tgl: secret chats could not recover yet: ${(again as Error)?.message ?? String(again)}`))
				.finally(() => (recovering = undefined));
		};
		unsubscribe = engine.subscribe({
			onEvent: (event) => {
				if (event.type === 'update') void service.handleUpdate(event.update).catch(recover);
			},
		});
		const cursor = engine.cursor!;
		await service.catchUp({ pts: cursor.pts, date: cursor.date, qts: cursor.qts });
	} catch (error) {
		await release();
		throw error;
	}
	hub.started = true;
	hub.acceptWaiting();
	return hub;
}
