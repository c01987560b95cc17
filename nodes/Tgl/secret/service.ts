// The secret chats of one account over GramJS's raw API: creates, accepts and discards chats,
// turns updateEncryption / updateNewEncryptedMessage into chat states and decrypted messages,
// answers resend requests and re-keys, and keeps everything in the account's state file (the
// history in a journal beside it: every history change is noted for the next save).
// Work runs one step at a time (updates and sends share a queue), so numbers go out in order;
// an encrypted event is acknowledged (messages.receivedQueue) only after its result is saved.
// This class is the public surface and owns the queue and the shared core; the steps are the
// plain functions of its parts (chat-lifecycle, secret-sender, secret-receiver, hole-watch, ...).
import { Api } from 'telegram';
import { applyDifference, pullDifferences } from './catch-up';
import { acceptChat, createChat, discardChat, onEncryption } from './chat-lifecycle';
import { DhConfigCache } from './dh-config';
import { randomId } from './gramjs-values';
import { scheduleHoleCheck } from './hole-watch';
import { armSelfDestruct, keepMarks, mark } from './marks';
import type { SecretChatRecord, SecretServiceState, StoredMessage } from './records';
import type { DecryptedAction } from './schema';
import { onEncrypted, onHistoryRead } from './secret-receiver';
import { sendNow } from './secret-sender';
import { clearExpiryTimer, expireDue } from './self-destruct-timer';
import { chatsOf, note, save, type OutgoingFields, type RawInvoker, type SecretCore, type SecretEvents, type SecretServiceOptions } from './service-core';
import type { StateFile } from './state-file';
import { SecretStateStore } from './state-store';

export type { SecretChatRecord, SecretChatState, SecretServiceState, StoredMessage } from './records';
export type { OutgoingFields, RawInvoker, SecretEvents, SecretServiceOptions, WhatChanged } from './service-core';

export class SecretChatService {
	private queue: Promise<unknown> = Promise.resolve();
	private readonly core: SecretCore;

	constructor(
		client: RawInvoker,
		store: StateFile<SecretServiceState> | undefined,
		options: SecretServiceOptions = {},
		/** Who hears about chat changes and messages (may be replaced while running). */
		events: SecretEvents = {},
	) {
		this.core = {
			state: { chats: {} },
			live: new Map(),
			dh: new DhConfigCache(),
			client,
			disk: store && new SecretStateStore(store),
			options,
			events,
			stopped: false,
			holeTimers: new Map(),
			expiryTimer: undefined,
			serial: (step) => this.serial(step),
		};
	}

	/** Who hears about chat changes and messages (may be replaced while running). */
	get events(): SecretEvents {
		return this.core.events;
	}

	set events(events: SecretEvents) {
		this.core.events = events;
	}

	/** Whether requests that arrive from now on are accepted on this device. */
	setAcceptIncoming(accept: boolean): void {
		this.core.options.acceptIncoming = accept;
	}

	/** The qts up to which encrypted events were handled (undefined before the first). */
	get qts(): number | undefined {
		return this.core.state.qts;
	}

	/** Records that these messages were handed to a trigger, so they are never emitted again. */
	markDelivered(chatId: number, ids: number[]): Promise<void> {
		return mark(this.core, 'delivered', chatId, ids);
	}

	/** Records, before the emit, that these messages go to an execution that has not finished yet. */
	markEmitted(chatId: number, ids: number[]): Promise<void> {
		return mark(this.core, 'emitted', chatId, ids);
	}

	/**
	 * Starts the self-destruct countdown of these received messages (those with a ttl, not yet
	 * counting): their deadline is saved with them, so it holds across a restart.
	 */
	armSelfDestruct(chatId: number, ids: number[]): Promise<void> {
		return armSelfDestruct(this.core, chatId, ids);
	}

	/**
	 * Catch-up after the service was not running: updates.getDifference from the saved qts (with
	 * the caller's pts and date, which only the qts part concerns) until the server has no more.
	 * A fresh state just starts at `qts`.
	 */
	catchUp(from: { pts: number; date: number; qts: number }): Promise<void> {
		if (this.core.state.qts === undefined) {
			return this.serial(async () => {
				this.core.state.qts = from.qts;
				await save(this.core);
			});
		}
		return pullDifferences(this.core, from, (d) => this.handleDifference(d));
	}

	/** Runs `step` after every earlier one: sends and update handling never interleave. */
	private serial<T>(step: () => Promise<T>): Promise<T> {
		const run = this.queue.then(step, step);
		this.queue = run.catch(() => undefined);
		return run;
	}

	async start(): Promise<void> {
		this.core.stopped = false;
		if (this.core.disk) this.core.state = await this.core.disk.open();
		await this.resumeTimers();
	}

	/**
	 * Holes left open by the last run are watched again (their clock kept in the state); self-destruct
	 * deadlines saved by it: those past go now (listeners attach before the start, so they hear it;
	 * no trigger emits them from the backlog), the others on time.
	 */
	private async resumeTimers(): Promise<void> {
		for (const record of this.chats()) if (record.state === 'working' && record.chat?.seq.queue?.length) scheduleHoleCheck(this.core, record.id, Date.now());
		await expireDue(this.core);
	}

	async stop(): Promise<void> {
		this.core.stopped = true;
		this.clearTimers();
		await this.serial(async () => undefined);
		await this.core.disk?.close();
	}

	private clearTimers(): void {
		for (const timer of this.core.holeTimers.values()) clearTimeout(timer);
		this.core.holeTimers.clear();
		clearExpiryTimer(this.core);
	}

	/**
	 * After a step failed half-way (a save that hit a full disk, a call that broke off), memory may
	 * be ahead of the saved state: drop it and read the saved state again. What the failed step
	 * received was not acknowledged, so a catch-up from the saved qts brings it again.
	 */
	recover(): Promise<void> {
		return this.serial(async () => {
			if (!this.core.disk || this.core.stopped) return;
			this.clearTimers();
			this.core.live.clear();
			const before = this.core.state;
			this.core.state = await this.core.disk.reload();
			this.behind = false;
			keepMarks(this.core, before);
			await this.resumeTimers();
		});
	}

	chats(): SecretChatRecord[] {
		return chatsOf(this.core);
	}

	chatById(id: number): SecretChatRecord | undefined {
		return this.core.state.chats[id];
	}

	/** tgl.create_secret_chat: requests a chat with the user; it is 'waiting' until accepted. */
	create(user: Api.TypeInputUser, userId: number): Promise<SecretChatRecord> {
		return this.serial(() => createChat(this.core, user, userId));
	}

	/** Accepts an incoming request on this device (the user's other devices lose it). */
	accept(id: number): Promise<SecretChatRecord> {
		return this.serial(() => acceptChat(this.core, id));
	}

	discard(id: number, deleteHistory = false): Promise<void> {
		return this.serial(() => discardChat(this.core, id, deleteHistory));
	}

	/** Sends a text message; it is in the history once Telegram has taken it. */
	sendText(id: number, text: string): Promise<StoredMessage> {
		return this.send(id, { message: text });
	}

	/** Sends a message (text, or media that needs no file such as a location). */
	send(id: number, fields: OutgoingFields): Promise<StoredMessage> {
		return this.sendFile(id, fields, undefined);
	}

	/**
	 * Sends a service action (e.g. setMessageTTL, typing). The ones the user sees are kept in the
	 * history like tgl did; setMessageTTL also becomes the chat's timer for new messages.
	 */
	sendAction(id: number, action: DecryptedAction): Promise<StoredMessage> {
		return this.serial(async () => {
			const record = this.working(id);
			if (action._ === 'setMessageTTL') record.ttl = action.ttlSeconds;
			return sendNow(this.core, record, { _: 'service', randomId: randomId(), action });
		});
	}

	/** Sends a message whose media is a file already encrypted and uploaded (`file`; none for `send`). */
	sendFile(id: number, fields: OutgoingFields, file: Api.TypeInputEncryptedFile | undefined): Promise<StoredMessage> {
		return this.serial(async () => {
			const record = this.working(id);
			return sendNow(this.core, record, { _: 'message', randomId: randomId(), ...fields, ttl: fields.ttl ?? record.ttl ?? 0 }, file);
		});
	}

	private working(id: number): SecretChatRecord {
		const record = this.core.state.chats[id];
		if (!record || record.state !== 'working') throw new Error(`secret chat ${id} is not working`);
		return record;
	}

	/**
	 * Deletes messages (by local id) from the saved history; with `revoke`, the other side is
	 * told to delete them too (decryptedMessageActionDeleteMessages). Resolves with how many were found.
	 */
	deleteMessages(id: number, ids: number[], revoke: boolean): Promise<number> {
		return this.serial(async () => {
			const record = this.core.state.chats[id];
			if (!record) throw new Error(`unknown secret chat ${id}`);
			const wanted = new Set(ids);
			const gone = record.history.filter((m) => wanted.has(m.id));
			if (!gone.length) return 0;
			record.history = record.history.filter((m) => !wanted.has(m.id));
			note(this.core, { t: 'delete', chat: id, ids: gone.map((m) => m.id) });
			if (revoke && record.state === 'working') {
				await sendNow(this.core, record, { _: 'service', randomId: randomId(), action: { _: 'deleteMessages', randomIds: gone.map((m) => m.randomId) } });
			} else {
				await save(this.core);
			}
			this.core.events.deleted?.(record, gone.map((m) => m.id));
			return gone.length;
		});
	}

	/** Feed every update of the client here (e.g. from a Raw event handler). */
	handleUpdate(update: Api.TypeUpdate): Promise<void> {
		if (update instanceof Api.UpdateEncryption) return this.serial(() => onEncryption(this.core, update.chat));
		if (update instanceof Api.UpdateNewEncryptedMessage) return this.serial(() => this.encryptedStep(update));
		if (update instanceof Api.UpdateEncryptedMessagesRead) return this.serial(() => onHistoryRead(this.core, update));
		return Promise.resolve();
	}

	/**
	 * After a step failed, memory is ahead of the disk until recover() reloads it: the messages queued
	 * meanwhile are left unacknowledged for the catch-up after the reload, since receivedQueue's
	 * max_qts would acknowledge the failed one too, which then never came again.
	 */
	private encryptedStep(update: Api.UpdateNewEncryptedMessage): Promise<void> {
		// Failing again asks the host to recover (again, if the last try failed) rather than go quiet.
		if (this.behind) return Promise.reject(new Error('a secret-chat step failed; waiting for the saved state to be reloaded'));
		return onEncrypted(this.core, update.message, update.qts).catch((error: unknown) => {
			if (this.core.disk) this.behind = true;
			return Promise.reject(error);
		});
	}

	/** A step failed: the saved state is to be reloaded (recover) before more messages are handled. */
	private behind = false;

	/**
	 * Catch-up after a restart: feed the updates.getDifference answer (asked with the saved qts).
	 * Its encrypted messages are processed in order, then acknowledged up to the new qts.
	 */
	handleDifference(difference: Api.updates.TypeDifference): Promise<void> {
		if (!(difference instanceof Api.updates.Difference || difference instanceof Api.updates.DifferenceSlice)) return Promise.resolve();
		return this.serial(() => applyDifference(this.core, difference));
	}
}
