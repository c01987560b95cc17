// What every part of SecretChatService shares: the state, the live chats, the client, the store,
// the listeners and the timers, handed to each part as one object (the service owns it and the
// serial queue; the parts are plain functions over it). Also the few steps they all take: note a
// history change, keep a message under the next local id, save.
import type { Api } from 'telegram';
import { SecretChat, type SecretChatSnapshot } from './chat';
import type { DhConfigCache } from './dh-config';
import type { HolePolicy } from './hole-policy';
import type { JournalRecord } from './history-journal';
import type { DecryptedText, TypingKind } from './schema';
import type { SecretChatRecord, SecretServiceState, StoredMessage } from './records';
import type { SecretStateStore } from './state-store';

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

export interface SecretServiceOptions {
	acceptIncoming?: boolean;
	/** Told why a chat was discarded (reason and sequence numbers only, never key material). */
	log?: (line: string) => void;
	/** When to ask again for a hole's messages and when to give up (defaults: hole-policy.ts). */
	holes?: Partial<HolePolicy>;
}

export interface SecretCore {
	/** Replaced as a whole when the saved state is (re)loaded. */
	state: SecretServiceState;
	/** The working chats' key and sequence state, restored from their snapshot on first use. */
	readonly live: Map<number, SecretChat>;
	readonly dh: DhConfigCache;
	readonly client: RawInvoker;
	readonly disk: SecretStateStore | undefined;
	readonly options: SecretServiceOptions;
	/** Who hears about chat changes and messages (may be replaced while running). */
	events: SecretEvents;
	stopped: boolean;
	/** The re-ask timer of each chat with an open hole (unref'd; cleared by stop). */
	readonly holeTimers: Map<number, NodeJS.Timeout>;
	/** Fires at the nearest self-destruct deadline (unref'd; cleared by stop). */
	expiryTimer: NodeJS.Timeout | undefined;
	/** Runs `step` after every earlier one (the service's one queue). */
	serial<T>(step: () => Promise<T>): Promise<T>;
}

export function chatsOf(core: SecretCore): SecretChatRecord[] {
	return Object.values(core.state.chats);
}

/** A history change for the journal (already applied in memory). */
export function note(core: SecretCore, record: JournalRecord): void {
	core.disk?.note(record);
}

/** Puts a message in the chat's history under the next local id, for the journal too. */
export function keep(core: SecretCore, record: SecretChatRecord, stored: StoredMessage): void {
	record.lastId = (record.lastId ?? 0) + 1;
	stored.id = record.lastId;
	record.history.push(stored);
	note(core, { t: 'add', chat: record.id, m: stored });
}

/**
 * Drops the kept bytes of our messages the peer has acknowledged: its in_seq_no says it has
 * processed every one below it, and a resend request only asks from its next expected number on.
 */
function pruneAcknowledged(record: SecretChatRecord, chat: SecretChatSnapshot): void {
	const myX = chat.creator ? 1 : 0;
	for (const wire of Object.keys(record.sent)) if ((Number(wire) - myX) / 2 < chat.seq.peerSeen) delete record.sent[Number(wire)];
}

/** Saves the state with each live chat's snapshot (and the noted history changes). */
export async function save(core: SecretCore): Promise<void> {
	for (const [id, chat] of core.live) {
		const record = core.state.chats[id];
		record.chat = chat.snapshot();
		pruneAcknowledged(record, record.chat);
	}
	await core.disk?.save(core.state);
}

export function chatOf(core: SecretCore, record: SecretChatRecord): SecretChat {
	let chat = core.live.get(record.id);
	if (!chat && record.chat) {
		chat = SecretChat.restore(record.chat);
		core.live.set(record.id, chat);
	}
	if (!chat) throw new Error(`secret chat ${record.id} is not working`);
	return chat;
}

/** Stops the chat's hole timer, if any. */
export function clearHoleTimer(core: SecretCore, id: number): void {
	clearTimeout(core.holeTimers.get(id));
	core.holeTimers.delete(id);
}
