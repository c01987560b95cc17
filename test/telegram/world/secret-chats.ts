// The loopback's relay for secret chats (core.telegram.org/api/end-to-end). The server sees
// only ciphertext: it keeps each chat's state and both access hashes, and a per-auth-key
// queue of encrypted events numbered by qts. Secret chats belong to an auth key, not a user:
// a request reaches every key of the participant, acceptance binds the chat to one key and
// discards it on the others, and messages reach only the bound key of the other side.
import { createHash, randomBytes } from 'crypto';
import { Api } from 'telegram';
import type { BigInteger } from 'big-integer';
import { RpcError, type UpdateSink } from '../types';
import type { World } from './world';
import { SRP_PRIME } from './srp';
import { userTl } from './tl';
import { long, now, randomLong, sameLong } from './util';

export type EncryptedChatState = 'requested' | 'accepted' | 'discarded';

export interface EncryptedChatRecord {
	/** The requester's random_id: it doubles as the chat id. */
	id: number;
	adminId: number;
	participantId: number;
	/** The auth key that requested the chat. */
	adminKey: string;
	/** The participant's auth key that accepted it. */
	participantKey?: string;
	/** Each side's own access hash (the spec: "dependent on the user ID"). */
	adminHash: BigInteger;
	participantHash: BigInteger;
	date: number;
	gA: Buffer;
	gB?: Buffer;
	keyFingerprint?: BigInteger;
	state: EncryptedChatState;
	historyDeleted?: boolean;
}

/** One event of an auth key's qts queue. */
export interface QtsEvent {
	qts: number;
	date: number;
	message: Api.TypeEncryptedMessage;
}

/** updateEncryption news kept for getDifference: who may see it, and from when. */
interface EncryptionNews {
	userId: number;
	accept: (authKeyId: string) => boolean;
	date: number;
	chat: Api.TypeEncryptedChat;
}

export interface DhConfigRecord {
	g: number;
	p: Buffer;
	version: number;
}

/** An uploaded encrypted file: the server keeps ciphertext and the 32-bit fingerprint only. */
export interface EncryptedFileRecord {
	id: BigInteger;
	accessHash: BigInteger;
	bytes: Buffer;
	keyFingerprint: number;
}

interface KeyQueue {
	userId: number;
	qts: number;
	events: QtsEvent[];
}

/** Encrypted payloads larger than this answer DATA_TOO_LONG (the real limit is unpublished). */
export const MAX_ENCRYPTED_DATA = 128 * 1024;
const MARGIN = 1n << 1984n;

/** One long of a Vector<long> result (the rpc_result serializer takes items with getBytes). */
export class TlLong {
	constructor(readonly value: BigInteger) {}

	getBytes(): Buffer {
		const bytes = Buffer.alloc(8);
		bytes.writeBigInt64LE(BigInt(this.value.toString()));
		return bytes;
	}
}

function big(bytes: Buffer): bigint {
	return bytes.length ? BigInt('0x' + bytes.toString('hex')) : 0n;
}

export class SecretChats {
	readonly chats = new Map<number, EncryptedChatRecord>();
	readonly queues = new Map<string, KeyQueue>();
	readonly files = new Map<string, EncryptedFileRecord>();
	private readonly news: EncryptionNews[] = [];
	/** What messages.getDhConfig serves; tests may swap in a bad config. */
	dhConfig: DhConfigRecord = { g: 3, p: SRP_PRIME, version: 1 };
	/** The next `n` encrypted messages sent are accepted but never delivered (a relay drop). */
	dropNext = 0;
	/** The next `n` encrypted messages sent by a user (id → n) are accepted but never delivered. */
	readonly dropFrom = new Map<number, number>();
	/** The key fingerprints (the first 8 bytes of data) each side's messages carried, by chat and sender. */
	private readonly fingerprints = new Map<string, bigint[]>();

	constructor(private readonly w: World) {}

	private get sink(): UpdateSink {
		return this.w.delivery.sink;
	}

	/** Pushes to the sessions of `userId` whose auth key passes `accept`, and keeps it for getDifference. */
	private announce(userId: number, accept: (key: string) => boolean, chat: Api.TypeEncryptedChat): void {
		const date = now();
		this.news.push({ userId, accept, date, chat });
		// Like every Updates container, it carries the users it names (here the other end of the chat).
		const other = chat instanceof Api.EncryptedChatDiscarded || chat instanceof Api.EncryptedChatEmpty ? [] : [chat.adminId, chat.participantId].map(Number);
		const users = other.filter((id) => id !== userId).map((id) => userTl(this.w, userId, id));
		const update = new Api.UpdateEncryption({ chat, date });
		this.sink.pushToKeys?.(userId, new Api.Updates({ updates: [update], users, chats: [], date, seq: 0 }), accept);
	}

	/** The chat as `viewerId` sees it (its own access hash; g_a_or_b is the other side's value). */
	view(chat: EncryptedChatRecord, viewerId: number): Api.TypeEncryptedChat {
		const admin = viewerId === chat.adminId;
		const common = {
			id: chat.id,
			accessHash: admin ? chat.adminHash : chat.participantHash,
			date: chat.date,
			adminId: long(chat.adminId),
			participantId: long(chat.participantId),
		};
		if (chat.state === 'discarded') return new Api.EncryptedChatDiscarded({ id: chat.id, historyDeleted: chat.historyDeleted || undefined });
		if (chat.state === 'requested') return admin ? new Api.EncryptedChatWaiting(common) : new Api.EncryptedChatRequested({ ...common, gA: chat.gA });
		return new Api.EncryptedChat({ ...common, gAOrB: admin ? chat.gB! : chat.gA, keyFingerprint: chat.keyFingerprint! });
	}

	// ── key exchange ────────────────────────────────────────────────────────

	getDhConfig(version: number, randomLength: number): Api.messages.TypeDhConfig {
		if (!Number.isInteger(randomLength) || randomLength < 0 || randomLength > 1024) throw new RpcError(400, 'RANDOM_LENGTH_INVALID');
		const random = randomBytes(randomLength);
		const config = this.dhConfig;
		if (version === config.version) return new Api.messages.DhConfigNotModified({ random });
		return new Api.messages.DhConfig({ g: config.g, p: config.p, version: config.version, random });
	}

	/** 1 < v < p-1 with the spec's 2^(2048-64) margin, and exactly 256 bytes. */
	private validDh(value: Buffer): boolean {
		const p = big(this.dhConfig.p);
		const v = big(value);
		return value.length === 256 && v > 1n && v < p - 1n && v >= MARGIN && v <= p - MARGIN;
	}

	request(adminId: number, adminKey: string, participantId: number, randomId: number, gA: Buffer): Api.TypeEncryptedChat {
		if (participantId === adminId) throw new RpcError(400, 'USER_ID_INVALID');
		if (this.w.db.accounts.get(participantId)?.blocked.has(adminId)) throw new RpcError(403, 'USER_IS_BLOCKED');
		if (!this.validDh(gA)) throw new RpcError(400, 'DH_G_A_INVALID');
		if (randomId === 0 || this.chats.has(randomId)) throw new RpcError(400, 'RANDOM_ID_DUPLICATE');
		const chat: EncryptedChatRecord = {
			id: randomId,
			adminId,
			participantId,
			adminKey,
			adminHash: randomLong(),
			participantHash: randomLong(),
			date: now(),
			gA: Buffer.from(gA),
			state: 'requested',
		};
		this.chats.set(chat.id, chat);
		this.announce(participantId, () => true, this.view(chat, participantId));
		return this.view(chat, adminId);
	}

	/** A chat the caller's key may use: its own access hash, and its own key once accepted. */
	private own(userId: number, authKeyId: string, input: Api.TypeInputEncryptedChat, error = 'CHAT_ID_INVALID'): EncryptedChatRecord {
		const chat = this.chats.get(input.chatId);
		if (!chat || (chat.adminId !== userId && chat.participantId !== userId)) throw new RpcError(400, error);
		const admin = chat.adminId === userId;
		if (!sameLong(input.accessHash, admin ? chat.adminHash : chat.participantHash)) throw new RpcError(400, error);
		if (admin && chat.adminKey !== authKeyId) throw new RpcError(400, error);
		if (!admin && chat.participantKey !== undefined && chat.participantKey !== authKeyId) throw new RpcError(400, error);
		return chat;
	}

	accept(userId: number, authKeyId: string, input: Api.TypeInputEncryptedChat, gB: Buffer, keyFingerprint: BigInteger): Api.TypeEncryptedChat {
		const chat = this.own(userId, authKeyId, input);
		if (chat.participantId !== userId) throw new RpcError(400, 'CHAT_ID_INVALID');
		if (chat.state === 'accepted') throw new RpcError(400, 'ENCRYPTION_ALREADY_ACCEPTED');
		if (chat.state === 'discarded') throw new RpcError(400, 'ENCRYPTION_ALREADY_DECLINED');
		// No range check on g_b: acceptEncryption documents no such error, and Telegram relays it;
		// the creator's client checks it (core.telegram.org/method/messages.acceptEncryption).
		chat.state = 'accepted';
		chat.participantKey = authKeyId;
		chat.gB = Buffer.from(gB);
		chat.keyFingerprint = keyFingerprint;
		this.announce(chat.adminId, (key) => key === chat.adminKey, this.view(chat, chat.adminId));
		// The participant's other devices lose the request: only the accepting key keeps the chat.
		this.announce(userId, (key) => key !== authKeyId, new Api.EncryptedChatDiscarded({ id: chat.id }));
		return this.view(chat, userId);
	}

	discard(userId: number, authKeyId: string, chatId: number, deleteHistory: boolean): boolean {
		if (!chatId) throw new RpcError(400, 'CHAT_ID_EMPTY');
		const chat = this.chats.get(chatId);
		const admin = chat?.adminId === userId;
		const party = chat && (admin ? chat.adminKey === authKeyId : chat.participantId === userId && (chat.participantKey ?? authKeyId) === authKeyId);
		if (!chat || !party) throw new RpcError(400, 'ENCRYPTION_ID_INVALID');
		if (chat.state === 'discarded') throw new RpcError(400, 'ENCRYPTION_ALREADY_DECLINED');
		const wasRequested = chat.state === 'requested';
		chat.state = 'discarded';
		chat.historyDeleted = deleteHistory || undefined;
		const gone = this.view(chat, userId);
		if (admin) {
			// An unanswered request vanishes from every device of the participant.
			const participantKey = chat.participantKey;
			this.announce(chat.participantId, (key) => wasRequested || key === participantKey, gone);
		} else this.announce(chat.adminId, (key) => key === chat.adminKey, gone);
		return true;
	}

	// ── messages ────────────────────────────────────────────────────────────

	private queue(userId: number, authKeyId: string): KeyQueue {
		let queue = this.queues.get(authKeyId);
		if (!queue) {
			queue = { userId, qts: 0, events: [] };
			this.queues.set(authKeyId, queue);
		}
		return queue;
	}

	/** The established chat and the other side's (user, key), or the method's error. */
	private route(userId: number, authKeyId: string, input: Api.TypeInputEncryptedChat, error: string) {
		const chat = this.own(userId, authKeyId, input, error);
		if (chat.state === 'discarded') throw new RpcError(400, 'ENCRYPTION_DECLINED');
		if (chat.state !== 'accepted') throw new RpcError(400, error);
		const toAdmin = chat.participantId === userId;
		const to = toAdmin ? chat.adminId : chat.participantId;
		const toKey = toAdmin ? chat.adminKey : chat.participantKey!;
		return { chat, to, toKey };
	}

	send(
		userId: number,
		authKeyId: string,
		input: Api.TypeInputEncryptedChat,
		randomId: BigInteger | undefined,
		data: Buffer,
		service: boolean,
		inputFile?: Api.TypeInputEncryptedFile,
	): Api.messages.TypeSentEncryptedMessage {
		if (randomId === undefined) throw new RpcError(400, 'RANDOM_ID_INVALID');
		const { chat, to, toKey } = this.route(userId, authKeyId, input, service ? 'ENCRYPTION_ID_INVALID' : 'CHAT_ID_INVALID');
		if (this.w.db.accounts.get(to)?.blocked.has(userId)) throw new RpcError(403, 'USER_IS_BLOCKED');
		if (data.length > MAX_ENCRYPTED_DATA) throw new RpcError(400, 'DATA_TOO_LONG');
		// fingerprint ‖ msg_key ‖ at least one AES block, whole blocks only.
		if (data.length < 40 || (data.length - 24) % 16 !== 0) throw new RpcError(400, 'DATA_INVALID');
		this.noteFingerprint(chat.id, userId, data.readBigInt64LE(0));
		const file = inputFile ? this.fileTl(this.storeFile(userId, inputFile)) : undefined;
		const date = now();
		const body = { randomId, chatId: chat.id, date, bytes: Buffer.from(data) };
		const message = service ? new Api.EncryptedMessageService(body) : new Api.EncryptedMessage({ ...body, file: file ?? new Api.EncryptedFileEmpty() });
		const sent = file ? new Api.messages.SentEncryptedFile({ date, file }) : new Api.messages.SentEncryptedMessage({ date });
		if (this.dropNext > 0) {
			this.dropNext--;
			return sent;
		}
		const fromSender = this.dropFrom.get(userId) ?? 0;
		if (fromSender > 0) {
			this.dropFrom.set(userId, fromSender - 1);
			return sent;
		}
		const queue = this.queue(to, toKey);
		const qts = ++queue.qts;
		queue.events.push({ qts, date, message });
		const update = new Api.UpdateNewEncryptedMessage({ message, qts });
		this.sink.pushToKeys?.(to, new Api.UpdateShort({ update, date }), (key) => key === toKey);
		return sent;
	}

	// ── encrypted files ─────────────────────────────────────────────────────

	/** Stores an uploaded encrypted file (or finds an earlier one); checks the md5 of the ciphertext when given. */
	private storeFile(userId: number, input: Api.TypeInputEncryptedFile): EncryptedFileRecord {
		const store = this.w.db.files;
		switch (input.className) {
			case 'InputEncryptedFile': {
				const known = this.files.get(input.id.toString());
				if (!known || !sameLong(known.accessHash, input.accessHash)) throw new RpcError(400, 'FILE_ID_INVALID');
				return known;
			}
			case 'InputEncryptedFileUploaded':
			case 'InputEncryptedFileBigUploaded': {
				const bytes =
					input.className === 'InputEncryptedFileUploaded'
						? store.assemble(userId, new Api.InputFile({ id: input.id, parts: input.parts, name: '', md5Checksum: input.md5Checksum }))
						: store.assemble(userId, new Api.InputFileBig({ id: input.id, parts: input.parts, name: '' }));
				if (!bytes.length) throw new RpcError(400, 'FILE_EMTPY');
				if (input.className === 'InputEncryptedFileUploaded' && input.md5Checksum && createHash('md5').update(bytes).digest('hex') !== input.md5Checksum) {
					throw new RpcError(400, 'MD5_CHECKSUM_INVALID');
				}
				const record = { id: randomLong(), accessHash: randomLong(), bytes, keyFingerprint: input.keyFingerprint };
				this.files.set(record.id.toString(), record);
				return record;
			}
			default:
				throw new RpcError(400, 'FILE_EMTPY');
		}
	}

	private fileTl(file: EncryptedFileRecord): Api.EncryptedFile {
		return new Api.EncryptedFile({
			id: file.id,
			accessHash: file.accessHash,
			size: long(file.bytes.length),
			dcId: this.w.settings.dcId,
			keyFingerprint: file.keyFingerprint,
		});
	}

	/** The ciphertext an inputEncryptedFileLocation names (upload.getFile). */
	fileBytes(location: Api.InputEncryptedFileLocation): Buffer {
		const file = this.files.get(location.id.toString());
		if (!file || !sameLong(file.accessHash, location.accessHash)) throw new RpcError(400, 'LOCATION_INVALID');
		return file.bytes;
	}

	readHistory(userId: number, authKeyId: string, input: Api.TypeInputEncryptedChat, maxDate: number): boolean {
		const { chat, to, toKey } = this.route(userId, authKeyId, input, 'CHAT_ID_INVALID');
		const date = now();
		const update = new Api.UpdateEncryptedMessagesRead({ chatId: chat.id, maxDate, date });
		this.sink.pushToKeys?.(to, new Api.UpdateShort({ update, date }), (key) => key === toKey);
		return true;
	}

	setTyping(userId: number, authKeyId: string, input: Api.TypeInputEncryptedChat, typing: boolean): boolean {
		const { chat, to, toKey } = this.route(userId, authKeyId, input, 'CHAT_ID_INVALID');
		if (typing) {
			const update = new Api.UpdateEncryptedChatTyping({ chatId: chat.id });
			this.sink.pushToKeys?.(to, new Api.UpdateShort({ update, date: now() }), (key) => key === toKey);
		}
		return true;
	}

	// ── the qts queue ───────────────────────────────────────────────────────

	qtsOf(userId: number, authKeyId: string): number {
		return this.queue(userId, authKeyId).qts;
	}

	/** Acknowledges events up to maxQts; returns their random_ids (their pushes are cancelled). */
	receivedQueue(userId: number, authKeyId: string, maxQts: number): TlLong[] {
		const queue = this.queue(userId, authKeyId);
		if (!Number.isInteger(maxQts) || maxQts < 0 || maxQts > queue.qts) throw new RpcError(400, 'MAX_QTS_INVALID');
		return this.acknowledge(queue, maxQts).map((e) => new TlLong((e.message as Api.EncryptedMessage).randomId!));
	}

	private acknowledge(queue: KeyQueue, upTo: number): QtsEvent[] {
		const done = queue.events.filter((e) => e.qts <= upTo);
		queue.events = queue.events.filter((e) => e.qts > upTo);
		return done;
	}

	/**
	 * What updates.getDifference adds for one auth key: encrypted events after `qts` (those at
	 * or before it are acknowledged and dropped, as the spec allows) and updateEncryption news
	 * since `date`.
	 */
	difference(userId: number, authKeyId: string, qts: number, date: number): { messages: Api.TypeEncryptedMessage[]; updates: Api.TypeUpdate[]; qts: number } {
		const queue = this.queue(userId, authKeyId);
		this.acknowledge(queue, Math.min(qts, queue.qts));
		const updates = this.news
			.filter((n) => n.userId === userId && n.date >= date && n.accept(authKeyId))
			.map((n) => new Api.UpdateEncryption({ chat: n.chat, date: n.date }));
		return { messages: queue.events.map((e) => e.message), updates, qts: queue.qts };
	}

	/** Test inspection: the chat, or undefined. */
	chat(id: number): EncryptedChatRecord | undefined {
		return this.chats.get(id);
	}

	private noteFingerprint(chatId: number, userId: number, fingerprint: bigint): void {
		const seen = this.fingerprints.get(`${chatId}:${userId}`) ?? [];
		if (seen[seen.length - 1] !== fingerprint) seen.push(fingerprint);
		this.fingerprints.set(`${chatId}:${userId}`, seen);
	}

	/** Test inspection: the key fingerprints `userId`'s messages in the chat carried, each change in order. */
	keyFingerprintsFrom(chatId: number, userId: number): bigint[] {
		return [...(this.fingerprints.get(`${chatId}:${userId}`) ?? [])];
	}

	/** Test inspection: an auth key's unacknowledged events. */
	pending(authKeyId: string): QtsEvent[] {
		return [...(this.queues.get(authKeyId)?.events ?? [])];
	}
}

const relays = new WeakMap<World, SecretChats>();

/** The world's secret-chat relay (one per world, created on first use). */
export function secretChatsOf(w: World): SecretChats {
	let relay = relays.get(w);
	if (!relay) {
		relay = new SecretChats(w);
		relays.set(w, relay);
	}
	return relay;
}
