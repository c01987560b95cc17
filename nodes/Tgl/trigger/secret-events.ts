// The trigger's side of secret chats: on_secret_chat_update from the account's SecretChatService,
// its decrypted messages as on_msg_receive (dest: the secret chat Peer, type 4), deletions as
// on_msg_delete (peer: that Peer), the "Accept Incoming Secret Chats" option, and the messages
// saved while no trigger listened, emitted once. Like the cloud messages, a secret message counts
// as delivered once its execution finished (or, with "Advance Position When: Emitted", at its emit).
import { existsSync } from 'fs';
import { join } from 'path';
import { createDeferredPromise, LoggerProxy } from 'n8n-workflow';
import type { IBinaryKeyData, IDataObject, IDeferredPromise, IRun, ITriggerFunctions } from 'n8n-workflow';
import { secretFileOf } from '../helpers/secret-file';
import type { MapContext } from '../tgl/context';
import { SecretChatError } from '../secret/errors';
import { secretChatPeer, secretMsg } from '../secret/tgl-items';
import type { SecretChatRecord, StoredMessage } from '../secret/service';
import { stateDir, stateFileName } from '../secret/state-file';
import type { AccountClient } from '../transport/account-client';
import { withCallOptions } from '../transport/call-options';
import { listenSecretChats, secretChatsOpened, whenSecretChatsOpen, type AccountSecretChats } from '../transport/secret-chats';
import type { TglEventName, TriggerOptions } from './options';

export interface SecretEventSettings {
	events: Set<TglEventName>;
	options: TriggerOptions;
	/** An active workflow: messages it emits count as delivered (the editor's test listening does not). */
	active: boolean;
	/** Whether a peer key is in the trigger's "Only These Chats" (always true when unset). */
	inScope(key: string): boolean;
	/** `done` settles when the execution the emit started has finished. */
	emit(json: IDataObject, binary?: IBinaryKeyData, done?: IDeferredPromise<IRun>): void;
	/** For "Download Media": n8n's binary helpers. */
	helpers: ITriggerFunctions['helpers'];
}

/**
 * Another process holds the account's secret-chat state (a restarted container waits for its old
 * lock to go stale): the trigger keeps its cloud events and tries again, 5 s doubling to a minute.
 */
const LOCKED_RETRY_FIRST_MS = 5_000;
const LOCKED_RETRY_MAX_MS = 60_000;

/** A trigger has no Request Settings: a rate limit on a download is waited out this long at most. */
const FLOOD_WAIT_MAX_SECONDS = 10;

/**
 * A message by chat, side and random id, not by object: a reload of the saved state (recover(), a
 * replaced connection) gives every message a new object, and one of them must not be lost here.
 */
const keyOf = (chat: SecretChatRecord, m: StoredMessage) => `${chat.id}:${m.out ? 'out' : 'in'}:${m.randomId}`;
/** Messages emitted by this process whose executions have not finished: not backlog for a trigger starting meanwhile. */
const running = new Set<string>();
/** Messages emitted by this process, until delivered: only an `emitted` mark saved by an earlier one means a redelivery. */
const emittedHere = new Set<string>();

/** The trigger follows the chats themselves: their updates, or accepting new ones. */
const followsChats = (s: SecretEventSettings) => s.events.has('on_secret_chat_update') || !!s.options.acceptSecretChats;
/** The trigger follows what is said in secret chats (only once there are chats to follow). */
const followsMessages = (s: SecretEventSettings) => s.events.has('on_msg_receive') || s.events.has('on_msg_delete');

/** Whether this account has secret chats to follow (a state file, or the option that accepts new ones). */
function wanted(account: AccountClient, s: SecretEventSettings): boolean {
	if (followsChats(s)) return true;
	if (!followsMessages(s)) return false;
	if (secretChatsOpened(account)) return true;
	const authKey = account.client.session.getAuthKey()?.getKey();
	return !!authKey && existsSync(join(stateDir(), stateFileName(authKey)));
}

export class SecretTriggerEvents {
	private stop: (() => void) | undefined;
	/** chat:id of messages emitted by this activation (a live one may also be in the backlog). */
	private readonly emitted = new Set<string>();
	private cancelWait: (() => void) | undefined;
	private retry: NodeJS.Timeout | undefined;
	private lockedRetries = 0;
	/** With "Download Media", items wait for their files, and go out in order. */
	private chain: Promise<void> = Promise.resolve();
	private closed = false;
	/** Incoming messages heard before the backlog went out: they go out with it, in the history's order. */
	private held: Map<StoredMessage, SecretChatRecord> | undefined;
	private hub: AccountSecretChats | undefined;
	private ctx!: MapContext;

	constructor(
		private readonly account: AccountClient,
		private readonly s: SecretEventSettings,
	) {}

	/**
	 * Listens, then emits the saved messages not emitted yet. Resolves with the error that stops
	 * the trigger: a failed start only matters when secret-chat events were asked for.
	 */
	async start(): Promise<Error | undefined> {
		if (!wanted(this.account, this.s)) {
			// No chats yet: follow them once an action (Create Secret Chat) opens them in this process.
			if (followsMessages(this.s)) {
				this.cancelWait = whenSecretChatsOpen(this.account, () => {
					this.cancelWait = undefined;
					if (!this.closed) void this.start();
				});
			}
			return undefined;
		}
		this.ctx = await this.account.mapContext();
		// An active workflow emits what its catch-up brings with the backlog, after the start.
		const held = (this.held = this.s.active ? new Map<StoredMessage, SecretChatRecord>() : undefined);
		// Listening starts before the service does, so what its catch-up brings is heard too.
		const { hub: opening, stop, ready } = listenSecretChats(this.account, {
			acceptIncoming: !!this.s.options.acceptSecretChats,
			chatUpdate: (chat, what) => this.chatUpdate(chat, what),
			message: (chat, message) => {
				if (this.held && !message.out) this.held.set(message, chat);
				else this.messages(chat, [message]);
			},
			deleted: (chat, ids) => this.deleted(chat, ids),
			// The old service stopped: a mark sent there would never be saved.
			movedTo: (hub) => (this.hub = hub),
		});
		this.stop = stop;
		this.hub = opening;
		const started = await ready.then(
			(hub) => ({ hub }),
			(error: Error) => ({ error }),
		);
		if ('error' in started) {
			this.held = undefined;
			this.stop?.();
			this.stop = undefined;
			if (this.closed) return undefined; // closed while starting: nothing to retry for
			if (started.error instanceof SecretChatError && started.error.reason === 'STATE_LOCKED') {
				// Not lost, only late: Telegram keeps the encrypted messages until this process catches up.
				const wait = Math.min(LOCKED_RETRY_FIRST_MS * 2 ** this.lockedRetries++, LOCKED_RETRY_MAX_MS);
				LoggerProxy.warn(`tgl: secret chats not started (${started.error.message}); trying again in ${wait / 1000} s`);
				this.retry = setTimeout(() => {
					this.retry = undefined;
					if (!this.closed) void this.start().then((error) => error && LoggerProxy.warn(`tgl: secret chats not started: ${error.message}`));
				}, wait);
				this.retry.unref(); // n8n's own work keeps the process alive, never this retry
				return undefined;
			}
			this.close();
			return followsChats(this.s) ? started.error : undefined;
		}
		this.lockedRetries = 0;
		// (The connection may have been replaced meanwhile: movedTo then set the hub that holds the state.)
		const hub: AccountSecretChats = this.hub ?? started.hub;
		this.held = undefined;
		// Not those another trigger of this process is handling (it marks them delivered when done).
		const backlog = (chat: SecretChatRecord, m: StoredMessage) => !m.out && (held?.has(m) || (!m.delivered && !running.has(keyOf(chat, m))));
		if (held) for (const chat of hub.service.chats()) this.messages(chat, chat.history.filter((m) => backlog(chat, m)));
		// Service messages that are emitted but not kept (read receipts, deletions, flushes) heard meanwhile.
		if (held) for (const [m, chat] of held) if (!chat.history.includes(m)) this.messages(chat, [m]);
		return undefined;
	}

	close(): void {
		this.closed = true;
		clearTimeout(this.retry);
		this.cancelWait?.();
		this.stop?.();
		this.stop = undefined;
	}

	/** The file as binary data, or a media_note on the item saying why there is none. */
	private async download(file: NonNullable<ReturnType<typeof secretFileOf>>, json: IDataObject): Promise<IBinaryKeyData | undefined> {
		const maxBytes = (this.s.options.maxMediaSizeMb ?? 20) * 1024 * 1024;
		if (file.size > maxBytes) {
			json.media_note = `not downloaded: ${file.size} bytes is over the ${maxBytes} byte limit`;
			return undefined;
		}
		try {
			const bytes = await withCallOptions({ floodWaitMaxSeconds: FLOOD_WAIT_MAX_SECONDS }, () => file.download());
			return { [this.s.options.binaryPropertyName || 'data']: await this.s.helpers.prepareBinaryData(bytes, file.fileName, file.mimeType) };
		} catch (error) {
			json.media_note = `not downloaded: ${(error as Error).message}`;
			return undefined;
		}
	}

	private chatUpdate(chat: SecretChatRecord, what: string[]): void {
		if (!this.stop || !this.s.events.has('on_secret_chat_update') || !this.s.inScope(`secret_chat#${chat.id}`)) return;
		const json: IDataObject = { event: 'on_secret_chat_update', peer: secretChatPeer(chat, this.ctx) as unknown as IDataObject, what_changed: what };
		// Discarded by this device because a key-exchange check failed: say which, not just "deleted".
		if (what.includes('deleted') && chat.failure) json.reason = chat.failure;
		// Behind the messages before it (they may wait for their files).
		this.chain = this.chain.then(() => {
			if (!this.closed) this.s.emit(json);
		});
	}

	/** on_msg_delete with the secret chat Peer, like a deletion in a cloud chat. */
	private deleted(chat: SecretChatRecord, ids: number[]): void {
		if (!this.stop || !this.s.events.has('on_msg_delete') || !this.s.inScope(`secret_chat#${chat.id}`)) return;
		const json = { event: 'on_msg_delete', ids, peer: secretChatPeer(chat, this.ctx) as unknown as IDataObject };
		this.chain = this.chain.then(() => {
			if (!this.closed) this.s.emit(json);
		});
	}

	private messages(chat: SecretChatRecord, messages: StoredMessage[]): void {
		if (!this.stop || !this.s.events.has('on_msg_receive') || !this.s.inScope(`secret_chat#${chat.id}`)) return;
		for (const m of messages) {
			const key = `${chat.id}:${m.id}`;
			if (this.emitted.has(key) || (m.out && !this.s.options.includeOutgoing)) continue;
			this.emitted.add(key);
			const json: IDataObject = { event: 'on_msg_receive', msg: secretMsg(chat, m, this.ctx) as unknown as IDataObject };
			const file = this.s.options.downloadMedia ? secretFileOf(this.account, chat.id, m) : undefined;
			this.chain = this.chain.then(async () => {
				const binary = file ? await this.download(file, json) : undefined;
				if (this.closed) return;
				// The editor's test listening does not count as a delivery.
				if (!this.s.active) {
					// Handed over all the same: a self-destruct countdown starts.
					void this.hub?.service.armSelfDestruct(chat.id, [m.id]).catch(() => undefined);
					return this.s.emit(json, binary);
				}
				if ((this.s.options.advancePositionWhen ?? 'executionFinished') === 'emitted') {
					this.s.emit(json, binary);
					void this.hub?.service.markDelivered(chat.id, [m.id]).catch(() => undefined);
					return;
				}
				await this.emitUntilFinished(chat, m, json, binary);
			});
		}
	}

	/**
	 * Saved as emitted before the emit, delivered once its execution finished (whatever the
	 * outcome): a crash in between emits it again in the next process, marked redelivered.
	 */
	private async emitUntilFinished(chat: SecretChatRecord, m: StoredMessage, json: IDataObject, binary: IBinaryKeyData | undefined): Promise<void> {
		const service = this.hub?.service;
		const key = keyOf(chat, m);
		// (Delivered already: another trigger of this process had it live and finished first.)
		if (m.emitted && !m.delivered && !emittedHere.has(key)) json.redelivered = true;
		emittedHere.add(key);
		running.add(key);
		if (!m.emitted) await service?.markEmitted(chat.id, [m.id]).catch(() => undefined);
		if (this.closed) {
			running.delete(key);
			return;
		}
		const done = createDeferredPromise<IRun>();
		const finished = () => {
			running.delete(key);
			emittedHere.delete(key); // delivered now: never backlog again
			void service?.markDelivered(chat.id, [m.id]).catch(() => undefined);
		};
		done.promise.then(finished, finished);
		this.s.emit(json, binary, done);
	}
}
