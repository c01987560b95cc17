// The secret chats of one account over GramJS's raw API: creates, accepts and discards chats,
// turns updateEncryption / updateNewEncryptedMessage into chat states and decrypted messages,
// answers resend requests and re-keys, and keeps everything in the account's state file (the
// history in a journal beside it: every history change is noted for the next save).
// Work runs one step at a time (updates and sends share a queue), so numbers go out in order;
// an encrypted event is acknowledged (messages.receivedQueue) only after its result is saved.
import { randomInt } from 'crypto';
import { Api } from 'telegram';
import { attempt } from './attempt';
import { SecretChat, type ReceivedLayer, type SealedMessage, type SecretChatSnapshot } from './chat';
import { DEFAULT_HOLE_POLICY, holeStep, watchHole, type HolePolicy } from './hole-policy';
import { DhConfigCache, type DhConfigResult } from './dh-config';
import { SecretChatError } from './errors';
import { big, inputChat, native, randomId, storedFile } from './gramjs-values';
import { acceptRequest, beginRequest, completeRequest } from './handshake';
import type { JournalRecord } from './history-journal';
import type { SecretChatRecord, SecretServiceState, StoredMessage } from './records';
import { SECRET_LAYER, type DecryptedAction, type DecryptedMessage, type DecryptedMessageLayer, type DecryptedText, type TypingKind } from './schema';
import { dueForDeletion, emittedAsMessage, expiryOf, fallbackExpiry, keptInHistory, nextDeadline, readDeadline } from './self-destruct';
import type { StateFile } from './state-file';
import { SecretStateStore } from './state-store';

export type { SecretChatRecord, SecretChatState, SecretServiceState, StoredMessage } from './records';

/** tgl's what_changed for on_secret_chat_update. */
export type WhatChanged = 'created' | 'requested' | 'working' | 'deleted';

export interface SecretEvents {
	chatUpdate?(chat: SecretChatRecord, whatChanged: WhatChanged[]): void;
	message?(chat: SecretChatRecord, message: StoredMessage): void;
	/** A message this device sent, once Telegram has taken it. */
	sent?(chat: SecretChatRecord, message: StoredMessage): void;
	/** Messages (local ids) deleted from the saved history, by either side, once saved. */
	deleted?(chat: SecretChatRecord, ids: number[]): void;
	/** The peer's typing action (decryptedMessageActionTyping): not kept, not a message. */
	typing?(chat: SecretChatRecord, action: TypingKind): void;
}

/** Fields of a message to send; `ttl` (self-destruct seconds) defaults to the chat's timer. */
export type OutgoingFields = Omit<DecryptedText, '_' | 'randomId' | 'ttl'> & { ttl?: number };

export interface RawInvoker {
	invoke<R extends Api.AnyRequest>(request: R): Promise<R['__response']>;
}

const FATAL = new Set(['SEQ_PARITY', 'SEQ_IN_DECREASED', 'SEQ_IN_TOO_HIGH', 'SEQ_SECOND_GAP', 'LAYER_DECREASED', 'RESEND_NEVER_SENT', 'RESEND_UNAVAILABLE']);

/** Aborts that are nobody's protocol violation: the messages waiting behind a hole are still delivered. */
const KEEPS_QUEUE = new Set(['HOLE_UNFILLED', 'RESEND_UNAVAILABLE']);

export interface SecretServiceOptions {
	acceptIncoming?: boolean;
	/** Told why a chat was discarded (reason and sequence numbers only, never key material). */
	log?: (line: string) => void;
	/** When to ask again for a hole's messages and when to give up (defaults: hole-policy.ts). */
	holes?: Partial<HolePolicy>;
}

const isResend = (layer: DecryptedMessageLayer) => layer.message._ === 'service' && layer.message.action._ === 'resend';

/** Puts a message in the chat's history under the next local id. */
function remember(record: SecretChatRecord, stored: StoredMessage): void {
	record.lastId = (record.lastId ?? 0) + 1;
	stored.id = record.lastId;
	record.history.push(stored);
}

/**
 * Drops the kept bytes of our messages the peer has acknowledged: its in_seq_no says it has
 * processed every one below it, and a resend request only asks from its next expected number on.
 */
function pruneAcknowledged(record: SecretChatRecord, chat: SecretChatSnapshot): void {
	const myX = chat.creator ? 1 : 0;
	for (const wire of Object.keys(record.sent)) if ((Number(wire) - myX) / 2 < chat.seq.peerSeen) delete record.sent[Number(wire)];
}

export class SecretChatService {
	private state: SecretServiceState = { chats: {} };
	private readonly live = new Map<number, SecretChat>();
	private readonly dh = new DhConfigCache();
	private queue: Promise<unknown> = Promise.resolve();

	private readonly disk: SecretStateStore | undefined;
	/** The re-ask timer of each chat with an open hole (unref'd; cleared by stop). */
	private readonly holeTimers = new Map<number, NodeJS.Timeout>();
	/** Fires at the nearest self-destruct deadline (unref'd; cleared by stop). */
	private expiryTimer: NodeJS.Timeout | undefined;
	private stopped = false;

	constructor(
		private readonly client: RawInvoker,
		store: StateFile<SecretServiceState> | undefined,
		private readonly options: SecretServiceOptions = {},
		/** Who hears about chat changes and messages (may be replaced while running). */
		public events: SecretEvents = {},
	) {
		this.disk = store && new SecretStateStore(store);
	}

	/** Whether requests that arrive from now on are accepted on this device. */
	setAcceptIncoming(accept: boolean): void {
		this.options.acceptIncoming = accept;
	}

	/** The qts up to which encrypted events were handled (undefined before the first). */
	get qts(): number | undefined {
		return this.state.qts;
	}

	/** Records that these messages were handed to a trigger, so they are never emitted again. */
	markDelivered(chatId: number, ids: number[]): Promise<void> {
		return this.mark('delivered', chatId, ids);
	}

	/** Records, before the emit, that these messages go to an execution that has not finished yet. */
	markEmitted(chatId: number, ids: number[]): Promise<void> {
		return this.mark('emitted', chatId, ids);
	}

	/** Marked at once (a trigger starting next must see it), saved (journalled) in turn. */
	private mark(flag: 'delivered' | 'emitted', chatId: number, ids: number[]): Promise<void> {
		const set = new Set(ids);
		const marked = (this.state.chats[chatId]?.history ?? []).filter((m) => set.has(m.id));
		for (const m of marked) m[flag] = true;
		if (marked.length) this.note({ t: flag, chat: chatId, ids: marked.map((m) => m.id) });
		// Handed to a trigger: the recipient has it, so its self-destruct countdown starts.
		return this.armSelfDestruct(chatId, ids);
	}

	/**
	 * Starts the self-destruct countdown of these received messages (those with a ttl, not yet
	 * counting): their deadline is saved with them, so it holds across a restart.
	 */
	armSelfDestruct(chatId: number, ids: number[]): Promise<void> {
		const set = new Set(ids);
		const armed = this.startCountdown(chatId, (this.state.chats[chatId]?.history ?? []).filter((m) => set.has(m.id) && !m.out));
		const saved = this.serial(() => this.save());
		// The apps tell the sender when a timed message is opened, so its copy counts down from
		// then too: a read receipt for these (never for messages without a timer). It goes after
		// the save, which is all the caller waits for (a trigger's emit is not held by the network).
		if (armed.length) {
			void this.serial(() => this.sendReceipt(chatId, armed)).catch((error: unknown) => {
				// The countdown here holds anyway; the sender's copy then goes by its fallback deadline.
				this.options.log?.(`secret chat ${chatId}: the read receipt was not sent (${error instanceof Error ? error.message : 'unknown error'})`);
			});
		}
		return saved;
	}

	private async sendReceipt(chatId: number, read: StoredMessage[]): Promise<void> {
		const record = this.state.chats[chatId];
		if (record?.state !== 'working' || this.stopped) return;
		await this.sendNow(record, { _: 'service', randomId: randomId(), action: { _: 'readMessages', randomIds: read.map((m) => m.randomId) } });
	}

	/** Starts the countdown of those not counting yet (at `now`); returns them. */
	private startCountdown(chatId: number, messages: StoredMessage[]): StoredMessage[] {
		const now = Date.now();
		const armed = messages.filter((m) => m.expiresAt === undefined && expiryOf(m, now) !== undefined);
		for (const m of armed) m.expiresAt = expiryOf(m, now);
		// One record per deadline (messages armed together share one).
		for (const m of armed) this.note({ t: 'expires', chat: chatId, ids: [m.id], at: m.expiresAt! });
		if (armed.length) this.scheduleExpiry();
		return armed;
	}

	/**
	 * The peer read these messages of ours (its readMessages, or readEncryptedHistory up to their
	 * date): those with a timer count down from now, replacing the fallback deadline set at the send.
	 */
	private countFromReading(chatId: number, messages: StoredMessage[]): void {
		const now = Date.now();
		const read = messages.filter((m) => m.out && readDeadline(m, now) !== undefined);
		for (const m of read) m.expiresAt = readDeadline(m, now);
		for (const m of read) this.note({ t: 'expires', chat: chatId, ids: [m.id], at: m.expiresAt! });
		if (read.length) this.scheduleExpiry();
	}

	/** Our own timed message: its fallback deadline, for a peer that never says it read it. */
	private fallbackCountdown(chatId: number, m: StoredMessage): void {
		const at = fallbackExpiry(m);
		if (at === undefined) return;
		m.expiresAt = at;
		this.note({ t: 'expires', chat: chatId, ids: [m.id], at });
		this.scheduleExpiry();
	}

	/** Re-arms the timer for the nearest deadline of any chat. */
	private scheduleExpiry(): void {
		clearTimeout(this.expiryTimer);
		this.expiryTimer = undefined;
		const next = nextDeadline(this.chats());
		if (this.stopped || next === undefined) return;
		// setTimeout takes at most 2^31-1 ms; a later deadline is looked at again then.
		this.expiryTimer = setTimeout(() => {
			this.expiryTimer = undefined;
			if (this.stopped) return;
			void this.serial(() => this.expireDue()).catch((error: unknown) => {
				this.options.log?.(`secret chats: self-destructing messages failed (${error instanceof Error ? error.message : 'unknown error'})`);
			});
		}, Math.min(2 ** 31 - 1, Math.max(0, next - Date.now())));
		this.expiryTimer.unref();
	}

	/** Removes the messages whose deadline passed from the saved history, then tells the listeners. */
	private async expireDue(): Promise<void> {
		const now = Date.now();
		const gone: Array<[SecretChatRecord, number[]]> = [];
		for (const record of this.chats()) {
			const ids = dueForDeletion(record.history, now);
			if (!ids.length) continue;
			const set = new Set(ids);
			record.history = record.history.filter((m) => !set.has(m.id));
			this.note({ t: 'delete', chat: record.id, ids });
			gone.push([record, ids]);
		}
		if (gone.length) await this.save();
		for (const [record, ids] of gone) this.events.deleted?.(record, ids);
		this.scheduleExpiry();
	}

	/**
	 * Catch-up after the service was not running: updates.getDifference from the saved qts (with
	 * the caller's pts and date, which only the qts part concerns) until the server has no more.
	 * A fresh state just starts at `qts`.
	 */
	catchUp(from: { pts: number; date: number; qts: number }): Promise<void> {
		if (this.state.qts === undefined) {
			return this.serial(async () => {
				this.state.qts = from.qts;
				await this.save();
			});
		}
		return (async () => {
			let { pts, date } = from;
			for (;;) {
				const d = await this.client.invoke(new Api.updates.GetDifference({ pts, date, qts: this.state.qts ?? from.qts }));
				await this.handleDifference(d);
				if (!(d instanceof Api.updates.DifferenceSlice)) return;
				({ pts, date } = d.intermediateState);
			}
		})();
	}

	/** Runs `step` after every earlier one: sends and update handling never interleave. */
	private serial<T>(step: () => Promise<T>): Promise<T> {
		const run = this.queue.then(step, step);
		this.queue = run.catch(() => undefined);
		return run;
	}

	async start(): Promise<void> {
		this.stopped = false;
		if (this.disk) this.state = await this.disk.open();
		await this.resumeTimers();
	}

	/**
	 * Holes left open by the last run are watched again (their clock kept in the state); self-destruct
	 * deadlines saved by it: those past go now (listeners attach before the start, so they hear it;
	 * no trigger emits them from the backlog), the others on time.
	 */
	private async resumeTimers(): Promise<void> {
		for (const record of this.chats()) if (record.state === 'working' && record.chat?.seq.queue?.length) this.scheduleHoleCheck(record.id, Date.now());
		await this.expireDue();
	}

	async stop(): Promise<void> {
		this.stopped = true;
		this.clearTimers();
		await this.serial(async () => undefined);
		await this.disk?.close();
	}

	private clearTimers(): void {
		for (const timer of this.holeTimers.values()) clearTimeout(timer);
		this.holeTimers.clear();
		clearTimeout(this.expiryTimer);
		this.expiryTimer = undefined;
	}

	/**
	 * After a step failed half-way (a save that hit a full disk, a call that broke off), memory may
	 * be ahead of the saved state: drop it and read the saved state again. What the failed step
	 * received was not acknowledged, so a catch-up from the saved qts brings it again.
	 */
	recover(): Promise<void> {
		return this.serial(async () => {
			if (!this.disk || this.stopped) return;
			this.clearTimers();
			this.live.clear();
			this.state = await this.disk.reload();
			await this.resumeTimers();
		});
	}

	chats(): SecretChatRecord[] {
		return Object.values(this.state.chats);
	}

	chatById(id: number): SecretChatRecord | undefined {
		return this.state.chats[id];
	}

	private async save(): Promise<void> {
		for (const [id, chat] of this.live) {
			const record = this.state.chats[id];
			record.chat = chat.snapshot();
			pruneAcknowledged(record, record.chat);
		}
		await this.disk?.save(this.state);
	}

	/** A history change for the journal (already applied in memory). */
	private note(record: JournalRecord): void {
		this.disk?.note(record);
	}

	/** Puts a message in the history under the next local id, for the journal too. */
	private keep(record: SecretChatRecord, stored: StoredMessage): void {
		remember(record, stored);
		this.note({ t: 'add', chat: record.id, m: stored });
	}

	private chatOf(record: SecretChatRecord): SecretChat {
		let chat = this.live.get(record.id);
		if (!chat && record.chat) {
			chat = SecretChat.restore(record.chat);
			this.live.set(record.id, chat);
		}
		if (!chat) throw new Error(`secret chat ${record.id} is not working`);
		return chat;
	}

	private async dhConfig(): Promise<DhConfigResult> {
		return (await this.client.invoke(new Api.messages.GetDhConfig({ version: this.dh.version, randomLength: 256 }))) as DhConfigResult;
	}

	/** tgl.create_secret_chat: requests a chat with the user; it is 'waiting' until accepted. */
	create(user: Api.TypeInputUser, userId: number): Promise<SecretChatRecord> {
		return this.serial(async () => {
			const pending = beginRequest(this.dh, await this.dhConfig());
			const id = randomInt(1, 2 ** 31 - 1);
			const result = await this.client.invoke(new Api.messages.RequestEncryption({ userId: user, randomId: id, gA: pending.gA }));
			if (!(result instanceof Api.EncryptedChatWaiting) || result.id !== id) throw new Error('requestEncryption answered something unexpected');
			const record: SecretChatRecord = {
				id,
				accessHash: native(result.accessHash),
				userId,
				creator: true,
				state: 'waiting',
				date: result.date,
				pending,
				sent: {},
				history: [],
			};
			this.state.chats[id] = record;
			await this.save();
			this.events.chatUpdate?.(record, ['created']);
			return record;
		});
	}

	/** Accepts an incoming request on this device (the user's other devices lose it). */
	accept(id: number): Promise<SecretChatRecord> {
		return this.serial(() => this.acceptNow(id));
	}

	private async acceptNow(id: number): Promise<SecretChatRecord> {
		const record = this.state.chats[id];
		if (!record || record.state !== 'requested' || !record.gA) throw new Error(`secret chat ${id} has no request to accept`);
		const gA = record.gA;
		const config = await this.dhConfig();
		const checked = attempt(() => acceptRequest(this.dh, config, gA));
		if ('refusal' in checked) {
			// A g_a out of range breaks the request for every device: decline it. A bad DH config is ours to retry.
			if (checked.refusal.reason !== 'BAD_DH_VALUE') throw checked.refusal;
			await this.failExchange(record, checked.refusal);
			return record;
		}
		const accepted = checked.value;
		await this.client.invoke(new Api.messages.AcceptEncryption({ peer: inputChat(record), gB: accepted.gB, keyFingerprint: big(accepted.fingerprint) }));
		this.live.set(id, new SecretChat(false, accepted.key, { dh: accepted.params }));
		record.state = 'working';
		delete record.gA;
		await this.sendNow(record, { _: 'service', randomId: randomId(), action: { _: 'notifyLayer', layer: SECRET_LAYER } });
		this.events.chatUpdate?.(record, ['working']);
		return record;
	}

	discard(id: number, deleteHistory = false): Promise<void> {
		return this.serial(async () => {
			const record = this.state.chats[id];
			if (!record) throw new Error(`unknown secret chat ${id}`);
			if (record.state !== 'deleted') await this.client.invoke(new Api.messages.DiscardEncryption({ chatId: id, deleteHistory: deleteHistory || undefined }));
			this.close(record, deleteHistory);
			await this.save();
			this.events.chatUpdate?.(record, ['deleted']);
		});
	}

	/** A key exchange check failed: discards the chat on Telegram and keeps the reason for the user. */
	private async failExchange(record: SecretChatRecord, refusal: SecretChatError): Promise<void> {
		await this.client.invoke(new Api.messages.DiscardEncryption({ chatId: record.id }));
		this.close(record, false);
		record.failure = refusal.message;
		await this.save();
		this.events.chatUpdate?.(record, ['deleted']);
	}

	private close(record: SecretChatRecord, deleteHistory: boolean): void {
		clearTimeout(this.holeTimers.get(record.id));
		this.holeTimers.delete(record.id);
		delete record.hole;
		record.state = 'deleted';
		delete record.pending;
		delete record.gA;
		delete record.chat;
		record.sent = {};
		if (deleteHistory) {
			record.history = [];
			this.note({ t: 'clear', chat: record.id });
		}
		this.live.delete(record.id);
	}

	/** Sends a text message; it is in the history once Telegram has taken it. */
	sendText(id: number, text: string): Promise<StoredMessage> {
		return this.send(id, { message: text });
	}

	/** Sends a message (text, or media that needs no file such as a location). */
	send(id: number, fields: OutgoingFields): Promise<StoredMessage> {
		return this.serial(async () => {
			const record = this.state.chats[id];
			if (!record || record.state !== 'working') throw new Error(`secret chat ${id} is not working`);
			return this.sendNow(record, { _: 'message', randomId: randomId(), ...fields, ttl: fields.ttl ?? record.ttl ?? 0 });
		});
	}

	/**
	 * Sends a service action (e.g. setMessageTTL, typing). The ones the user sees are kept in the
	 * history like tgl did; setMessageTTL also becomes the chat's timer for new messages.
	 */
	sendAction(id: number, action: DecryptedAction): Promise<StoredMessage> {
		return this.serial(async () => {
			const record = this.state.chats[id];
			if (!record || record.state !== 'working') throw new Error(`secret chat ${id} is not working`);
			if (action._ === 'setMessageTTL') record.ttl = action.ttlSeconds;
			return this.sendNow(record, { _: 'service', randomId: randomId(), action });
		});
	}

	/**
	 * Deletes messages (by local id) from the saved history; with `revoke`, the other side is
	 * told to delete them too (decryptedMessageActionDeleteMessages). Resolves with how many were found.
	 */
	deleteMessages(id: number, ids: number[], revoke: boolean): Promise<number> {
		return this.serial(async () => {
			const record = this.state.chats[id];
			if (!record) throw new Error(`unknown secret chat ${id}`);
			const wanted = new Set(ids);
			const gone = record.history.filter((m) => wanted.has(m.id));
			if (!gone.length) return 0;
			record.history = record.history.filter((m) => !wanted.has(m.id));
			this.note({ t: 'delete', chat: id, ids: gone.map((m) => m.id) });
			if (revoke && record.state === 'working') {
				await this.sendNow(record, { _: 'service', randomId: randomId(), action: { _: 'deleteMessages', randomIds: gone.map((m) => m.randomId) } });
			} else {
				await this.save();
			}
			this.events.deleted?.(record, gone.map((m) => m.id));
			return gone.length;
		});
	}

	/** Sends a message whose media is a file already encrypted and uploaded (`file`). */
	sendFile(id: number, fields: OutgoingFields, file: Api.TypeInputEncryptedFile): Promise<StoredMessage> {
		return this.serial(async () => {
			const record = this.state.chats[id];
			if (!record || record.state !== 'working') throw new Error(`secret chat ${id} is not working`);
			return this.sendNow(record, { _: 'message', randomId: randomId(), ...fields, ttl: fields.ttl ?? record.ttl ?? 0 }, file);
		});
	}

	private async sendNow(record: SecretChatRecord, message: DecryptedMessage, file?: Api.TypeInputEncryptedFile): Promise<StoredMessage> {
		const chat = this.chatOf(record);
		const sealed = chat.seal(message);
		const sent = await this.transmit(record, sealed, file);
		const stored: StoredMessage = { id: 0, randomId: message.randomId, out: true, date: sent.date, message };
		if (sent.file) stored.file = storedFile(sent.file);
		const kept = keptInHistory(message);
		if (kept) this.keep(record, stored);
		// Our copy of a self-destructing message counts down from the peer's reading (its read
		// receipt); until one comes, a fallback deadline counted from the send holds.
		if (kept) this.fallbackCountdown(record.id, stored);
		await this.afterActivity(record, chat);
		if (kept) this.events.sent?.(record, stored);
		return stored;
	}

	private async transmit(record: SecretChatRecord, sealed: SealedMessage, file?: Api.TypeInputEncryptedFile): Promise<{ date: number; file?: Api.EncryptedFile }> {
		const kept: SecretChatRecord['sent'][number] = { data: sealed.data, randomId: sealed.randomId, service: sealed.service };
		record.sent[sealed.outSeqNo] = kept;
		await this.save();
		const body = { peer: inputChat(record), randomId: big(sealed.randomId), data: sealed.data };
		if (file) {
			const answer = await this.client.invoke(new Api.messages.SendEncryptedFile({ ...body, file }));
			const stored = answer instanceof Api.messages.SentEncryptedFile && answer.file instanceof Api.EncryptedFile ? answer.file : undefined;
			// A resend of this message points at the file Telegram now holds.
			if (stored) kept.file = { id: native(stored.id), accessHash: native(stored.accessHash) };
			return { date: answer.date, file: stored };
		}
		const answer = await this.client.invoke(sealed.service ? new Api.messages.SendEncryptedService(body) : new Api.messages.SendEncrypted(body));
		return { date: answer.date };
	}

	/** Sends what the chat queued (key exchange answers), then starts a re-key when one is due. */
	private async afterActivity(record: SecretChatRecord, chat: SecretChat): Promise<void> {
		for (const sealed of chat.takeOutbox()) await this.transmit(record, sealed);
		if (chat.needsRekey()) await this.transmit(record, chat.startRekey());
		await this.save();
	}

	/** Feed every update of the client here (e.g. from a Raw event handler). */
	handleUpdate(update: Api.TypeUpdate): Promise<void> {
		if (update instanceof Api.UpdateEncryption) return this.serial(() => this.onEncryption(update.chat));
		if (update instanceof Api.UpdateNewEncryptedMessage) return this.serial(() => this.onEncrypted(update.message, update.qts));
		if (update instanceof Api.UpdateEncryptedMessagesRead) return this.serial(() => this.onHistoryRead(update));
		return Promise.resolve();
	}

	/**
	 * Catch-up after a restart: feed the updates.getDifference answer (asked with the saved qts).
	 * Its encrypted messages are processed in order, then acknowledged up to the new qts.
	 */
	handleDifference(difference: Api.updates.TypeDifference): Promise<void> {
		if (!(difference instanceof Api.updates.Difference || difference instanceof Api.updates.DifferenceSlice)) return Promise.resolve();
		return this.serial(async () => {
			for (const update of difference.otherUpdates) if (update instanceof Api.UpdateEncryption) await this.onEncryption(update.chat);
			for (const message of difference.newEncryptedMessages) {
				const record = this.state.chats[message.chatId];
				if (record?.state === 'working') await this.receive(record, message);
			}
			const state = difference instanceof Api.updates.Difference ? difference.state : difference.intermediateState;
			this.state.qts = Math.max(this.state.qts ?? 0, state.qts);
			await this.save();
			if (difference.newEncryptedMessages.length) await this.client.invoke(new Api.messages.ReceivedQueue({ maxQts: state.qts }));
		});
	}

	private async onEncryption(chat: Api.TypeEncryptedChat): Promise<void> {
		const record = this.state.chats[chat.id];
		if (chat instanceof Api.EncryptedChatRequested) {
			if (record) return;
			const incoming: SecretChatRecord = {
				id: chat.id,
				accessHash: native(chat.accessHash),
				userId: chat.adminId.toJSNumber(),
				creator: false,
				state: 'requested',
				date: chat.date,
				gA: Buffer.from(chat.gA),
				sent: {},
				history: [],
			};
			this.state.chats[chat.id] = incoming;
			await this.save();
			this.events.chatUpdate?.(incoming, ['created', 'requested']);
			if (this.options.acceptIncoming) await this.acceptNow(chat.id);
			return;
		}
		if (!record) return;
		if (chat instanceof Api.EncryptedChat && record.creator && record.pending) {
			const pending = record.pending;
			const completed = attempt(() => completeRequest(pending, chat.gAOrB, native(chat.keyFingerprint)));
			if ('refusal' in completed) {
				// Different keys (or a bad g_b): the spec says discard and tell the user.
				await this.failExchange(record, completed.refusal);
				return;
			}
			this.live.set(record.id, new SecretChat(true, completed.value, { dh: pending.params }));
			delete record.pending;
			record.state = 'working';
			await this.sendNow(record, { _: 'service', randomId: randomId(), action: { _: 'notifyLayer', layer: SECRET_LAYER } });
			this.events.chatUpdate?.(record, ['working']);
			return;
		}
		if (chat instanceof Api.EncryptedChatDiscarded && record.state !== 'deleted') {
			this.close(record, !!chat.historyDeleted);
			await this.save();
			this.events.chatUpdate?.(record, ['deleted']);
		}
	}

	/** The peer read the chat up to max_date (readEncryptedHistory): our timed messages up to it count down from now. */
	private async onHistoryRead(update: Api.UpdateEncryptedMessagesRead): Promise<void> {
		const record = this.state.chats[update.chatId];
		if (!record) return;
		this.countFromReading(record.id, record.history.filter((m) => m.out && m.date <= update.maxDate));
		await this.save();
	}

	private async onEncrypted(message: Api.TypeEncryptedMessage, qts: number): Promise<void> {
		const record = this.state.chats[message.chatId];
		if (qts <= (this.state.qts ?? 0)) return; // seen already (the catch-up and the live stream overlap)
		if (record?.state === 'working') await this.receive(record, message);
		this.state.qts = qts;
		await this.save();
		// Acknowledge only once the decrypted result is saved.
		await this.client.invoke(new Api.messages.ReceivedQueue({ maxQts: qts }));
	}

	private async receive(record: SecretChatRecord, message: Api.TypeEncryptedMessage): Promise<void> {
		const chat = this.chatOf(record);
		const arrivedFile = message instanceof Api.EncryptedMessage && message.file instanceof Api.EncryptedFile ? storedFile(message.file) : undefined;
		const received = attempt(() => chat.receive(message.bytes, { date: message.date, file: arrivedFile }));
		if ('refusal' in received) {
			if (FATAL.has(received.refusal.reason)) await this.abort(record, chat, received.refusal);
			// Unauthentic messages (wrong key, msg_key mismatch, bad padding) are dropped unseen.
			return;
		}
		const arrival = received.value;
		// A resend request beyond a hole is answered now (the spec), not once the hole fills.
		const unanswerable = arrival.answerNow && (await this.answerResend(record, chat, arrival.answerNow));
		if (unanswerable) return this.abort(record, chat, unanswerable);
		if (arrival.kind === 'gap') {
			if (arrival.resend) {
				await this.sendNow(record, { _: 'service', randomId: randomId(), action: { _: 'resend', ...arrival.resend } });
				record.hole = watchHole(chat.seq.received, Date.now());
				this.scheduleHoleCheck(record.id, Date.now() + this.holePolicy.reaskAfterMs);
			} else {
				// One more message queued behind the hole: ask again if it is time.
				await this.checkHole(record);
			}
			if (chat.outbox.length) await this.afterActivity(record, chat);
			return;
		}
		if (arrival.kind !== 'ready') return;
		const released: StoredMessage[] = [];
		const deleted: number[] = [];
		let refusal: SecretChatError | undefined;
		for (const layer of arrival.items) {
			// After a refusal the chat ends, but the messages released with it are still kept.
			if (isResend(layer)) refusal ??= await this.answerResend(record, chat, layer);
			const stored = await this.apply(record, layer, deleted);
			if (stored) released.push(stored);
		}
		if (!refusal) {
			if (record.hole) await this.checkHole(record);
			await this.afterActivity(record, chat);
		}
		for (const stored of released) this.events.message?.(record, stored);
		if (deleted.length) this.events.deleted?.(record, deleted);
		if (refusal) await this.abort(record, chat, refusal);
	}

	private get holePolicy(): HolePolicy {
		return { ...DEFAULT_HOLE_POLICY, ...this.options.holes };
	}

	/**
	 * Answers a resend request with the stored bytes of each number asked. Numbers we never sent
	 * (a protocol violation) or whose bytes are gone (pruned, or lost in a crash between sending
	 * and saving) cannot be satisfied: the refusal comes back and the chat is discarded, since
	 * the peer's hole would never fill. Nothing is sent unless everything can be.
	 */
	private async answerResend(record: SecretChatRecord, chat: SecretChat, layer: DecryptedMessageLayer): Promise<SecretChatError | undefined> {
		if (layer.message._ !== 'service' || layer.message.action._ !== 'resend') return undefined;
		const { startSeqNo, endSeqNo } = layer.message.action;
		const wanted = attempt(() => chat.seq.resendWanted(startSeqNo, endSeqNo, layer.inSeqNo));
		if ('refusal' in wanted) return wanted.refusal;
		const missing = wanted.value.filter((n) => !record.sent[n]);
		if (missing.length) return new SecretChatError('RESEND_UNAVAILABLE', `resend asks for out_seq_no ${missing.join(', ')}, whose bytes are no longer kept`);
		for (const n of wanted.value) {
			const sent = record.sent[n];
			const body = { peer: inputChat(record), randomId: big(sent.randomId), data: sent.data };
			if (sent.file) {
				const file = new Api.InputEncryptedFile({ id: big(sent.file.id), accessHash: big(sent.file.accessHash) });
				await this.client.invoke(new Api.messages.SendEncryptedFile({ ...body, file }));
			} else {
				await this.client.invoke(sent.service ? new Api.messages.SendEncryptedService(body) : new Api.messages.SendEncrypted(body));
			}
		}
		return undefined;
	}

	/** Looks at a chat's open hole: forgets a filled one, asks again when due, gives up after the limit. */
	private async checkHole(record: SecretChatRecord): Promise<void> {
		const chat = record.state === 'working' ? this.live.get(record.id) ?? (record.chat && this.chatOf(record)) : undefined;
		const hole = chat?.seq.hole;
		if (!chat || !hole) {
			clearTimeout(this.holeTimers.get(record.id));
			this.holeTimers.delete(record.id);
			if (record.hole) delete record.hole;
			return;
		}
		const now = Date.now();
		const step = holeStep(record.hole, chat.seq.received, now, this.holePolicy);
		record.hole = step.watch;
		if (step.action === 'abort') {
			const minutes = Math.round((now - step.watch.since) / 60_000);
			const why = `out_seq_no ${hole.startSeqNo}..${hole.endSeqNo} never came: asked ${step.watch.asks} times over ${minutes} min`;
			return this.abort(record, chat, new SecretChatError('HOLE_UNFILLED', why));
		}
		if (step.action === 'reask') await this.sendNow(record, { _: 'service', randomId: randomId(), action: { _: 'resend', ...hole } });
		this.scheduleHoleCheck(record.id, step.nextCheck);
	}

	/** (Re)arms the chat's hole timer; it never keeps the process alive and stop() clears it. */
	private scheduleHoleCheck(id: number, at: number): void {
		clearTimeout(this.holeTimers.get(id));
		if (this.stopped) return;
		const timer = setTimeout(() => {
			this.holeTimers.delete(id);
			const record = this.state.chats[id];
			if (!record || this.stopped) return;
			// A failed step (e.g. the connection is down) is tried again later.
			void this.serial(() => this.checkHole(record)).catch((error: unknown) => {
				this.options.log?.(`secret chat ${id}: looking after its hole failed (${error instanceof Error ? error.message : 'unknown error'}); trying again later`);
				this.scheduleHoleCheck(id, Date.now() + this.holePolicy.reaskAfterMs);
			});
		}, Math.max(0, at - Date.now()));
		timer.unref();
		this.holeTimers.set(id, timer);
	}

	/**
	 * Ends a chat the protocol says to abort: discards it on Telegram and tells the listeners,
	 * with the reason in the log. When the peer did nothing wrong (the network lost a message for
	 * good, or we lost the bytes it asked for) the messages queued behind our hole are kept: they
	 * are genuine, only the missing ones are lost. After a protocol violation they are dropped.
	 */
	private async abort(record: SecretChatRecord, chat: SecretChat, refusal: SecretChatError): Promise<void> {
		this.options.log?.(`secret chat ${record.id} discarded (${refusal.reason}): ${refusal.message}`);
		await this.client.invoke(new Api.messages.DiscardEncryption({ chatId: record.id }));
		const kept: StoredMessage[] = [];
		const queued = chat.seq.abandonQueue();
		for (const layer of KEEPS_QUEUE.has(refusal.reason) ? queued : []) {
			const stored = layer.message._ === 'message' ? await this.apply(record, layer, []) : undefined;
			if (stored) kept.push(stored);
		}
		this.close(record, false);
		await this.save();
		for (const stored of kept) this.events.message?.(record, stored);
		this.events.chatUpdate?.(record, ['deleted']);
	}

	/** Applies one decrypted message; the local ids the other side deleted go into `deleted`. */
	private async apply(record: SecretChatRecord, layer: ReceivedLayer, deleted: number[]): Promise<StoredMessage | undefined> {
		const m = layer.message;
		if (m._ === 'message') {
			// Each message keeps the date and file it came with, also when released past a hole.
			const stored: StoredMessage = { id: 0, randomId: m.randomId, out: false, date: layer.envelope?.date ?? Math.floor(Date.now() / 1000), message: m };
			if (layer.envelope?.file && m.media) stored.file = layer.envelope.file;
			this.keep(record, stored);
			return stored;
		}
		const action = m.action;
		// (Resend requests are answered by answerResend before they get here; the key exchange,
		// layer and noop actions are the layer's business and never become messages.)
		if (action._ === 'typing') this.events.typing?.(record, action.action);
		if (!emittedAsMessage(m)) return undefined;
		// The user-visible actions become service messages (emitted; those the apps show, also kept).
		const concerned = 'randomIds' in action ? new Set(action.randomIds.map(String)) : new Set<string>();
		const refs = record.history.filter((h) => concerned.has(String(h.randomId))).map((h) => h.id);
		if (action._ === 'deleteMessages') {
			deleted.push(...refs);
			record.history = record.history.filter((h) => !concerned.has(String(h.randomId)));
			if (refs.length) this.note({ t: 'delete', chat: record.id, ids: refs });
		} else if (action._ === 'flushHistory') {
			record.history = [];
			this.note({ t: 'clear', chat: record.id });
		} else if (action._ === 'setMessageTTL') {
			record.ttl = action.ttlSeconds;
		} else if (action._ === 'readMessages') {
			// The peer opened our timed messages: their countdown here starts now.
			this.countFromReading(record.id, record.history.filter((h) => h.out && concerned.has(String(h.randomId))));
		}
		const stored: StoredMessage = { id: 0, randomId: m.randomId, out: false, date: layer.envelope?.date ?? Math.floor(Date.now() / 1000), message: m };
		if ('randomIds' in action) stored.refs = refs;
		if (keptInHistory(m)) this.keep(record, stored);
		else stored.id = record.lastId = (record.lastId ?? 0) + 1; // a Msg id of its own, not in the history
		return stored;
	}
}
