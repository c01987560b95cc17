// What the service keeps for each chat and saves in the account's state file (the history in
// the journal beside it): plain data, no behaviour.
import type { SecretChatSnapshot } from './chat';
import type { PendingRequest } from './handshake';
import type { HoleWatch } from './hole-policy';
import type { DecryptedMessage } from './schema';

export type SecretChatState = 'waiting' | 'requested' | 'working' | 'deleted';

/** One decrypted message kept in the chat's history (Telegram keeps none). */
export interface StoredMessage {
	/** Local message id, counting up per chat (Telegram gives secret messages none). */
	id: number;
	randomId: bigint;
	/** Handed to a trigger already: messages saved while none listened are emitted once later. */
	delivered?: boolean;
	/** Emitted, its execution not finished when last saved: a new process emits it again, marked redelivered. */
	emitted?: boolean;
	out: boolean;
	date: number;
	message: DecryptedMessage;
	/** Self-destruct deadline (ms since the epoch) of a message with a ttl, once its countdown started. */
	expiresAt?: number;
	/** A service message's local ids of the messages its action concerns (resolved on arrival). */
	refs?: number[];
	/** The EncryptedFile that came with it (download with its id and access hash). */
	file?: { id: bigint; accessHash: bigint; size: number; dcId: number; keyFingerprint: number };
}

export interface SecretChatRecord {
	id: number;
	accessHash: bigint;
	/** The other user. */
	userId: number;
	creator: boolean;
	state: SecretChatState;
	date: number;
	/** The participant's copy of g_a until it accepts. */
	gA?: Buffer;
	/** The creator's DH secret until the chat is accepted. */
	pending?: PendingRequest;
	chat?: SecretChatSnapshot;
	/** Sealed outgoing messages by out_seq_no: a resend request re-sends these bytes (dropped once acknowledged). */
	sent: Record<number, { data: Buffer; randomId: bigint; service: boolean; file?: { id: bigint; accessHash: bigint } }>;
	history: StoredMessage[];
	/** The last local message id given out. */
	lastId?: number;
	/** An open hole in the peer's messages: when we asked for it and since when it has not moved. */
	hole?: HoleWatch;
	/** The chat's self-destruct timer (decryptedMessageActionSetMessageTTL, either side): new messages take it. */
	ttl?: number;
	/** Why this device discarded the chat during the key exchange (a check failed), for the user. */
	failure?: string;
}

export interface SecretServiceState {
	chats: Record<number, SecretChatRecord>;
	/** The qts of the last encrypted event handled and saved: getDifference resumes from it. */
	qts?: number;
}
