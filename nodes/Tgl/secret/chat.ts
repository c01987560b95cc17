// One established secret chat: seals outgoing messages (layer wrapper, sequence numbers,
// MTProto 2.0 with the sender's x) and opens incoming ones through every check, releasing
// them in sequence order; runs re-keys (rekey.ts). Pure: the caller sends and receives bytes,
// and sends whatever the chat puts in its outbox (answers to key actions).
import { randomBytes } from 'crypto';
import { parseLayer, serializeLayer } from './codec';
import { keyFingerprint, type DhParams } from './dh';
import { decryptSecretMessage, encryptSecretMessage, fingerprintOf, xForSender } from './message-crypto';
import { Rekey, type Exchange } from './rekey';
import { MIN_SECRET_LAYER, SECRET_LAYER, type DecryptedAction, type DecryptedMessage, type DecryptedMessageLayer } from './schema';
import { SecretSequence, type Arrival, type SeqSnapshot } from './sequence';

/** One sealed outgoing message. Keep `data` by `outSeqNo`: a resend request re-sends these very bytes. */
export interface SealedMessage {
	data: Buffer;
	outSeqNo: number;
	/** The in_seq_no it carries (a replacement under the same numbers needs it too). */
	inSeqNo: number;
	randomId: bigint;
	service: boolean;
}

/** Length of decryptedMessageLayer.random_bytes (unstated by the spec; TDLib's choice). */
const LAYER_RANDOM_BYTES = 31;
/** Official clients re-key after 100 messages or a week on one key (api/end-to-end/pfs). */
export const REKEY_AFTER_MESSAGES = 100;
export const REKEY_AFTER_MS = 7 * 24 * 3600 * 1000;

const KEY_ACTIONS = new Set(['requestKey', 'acceptKey', 'commitKey', 'abortKey']);

const isResend = (layer: DecryptedMessageLayer): boolean => layer.message._ === 'service' && layer.message.action._ === 'resend';

/** What came with an encrypted message besides its bytes: kept with it while it waits behind a hole. */
export interface Envelope {
	date: number;
	file?: { id: bigint; accessHash: bigint; size: number; dcId: number; keyFingerprint: number };
}

/** A decrypted message as received: with its envelope when the caller gave one. */
export type ReceivedLayer = DecryptedMessageLayer & { envelope?: Envelope };

/** An arrival; a resend request queued beyond a hole comes back as `answerNow` to be answered at once. */
export type ChatArrival = Arrival<DecryptedMessageLayer> & { answerNow?: DecryptedMessageLayer };

/** Everything a chat needs to go on after a restart (keys included: store it encrypted only). */
export interface SecretChatSnapshot {
	creator: boolean;
	key: Buffer;
	previous?: Buffer;
	seq: SeqSnapshot<DecryptedMessageLayer>;
	used: number;
	keySince: number;
	dh?: DhParams;
	exchange?: Exchange;
}

export class SecretChat {
	readonly seq: SecretSequence<DecryptedMessageLayer>;
	private readonly rekey: Rekey | undefined;
	/** The key before the last switch, kept for messages still in flight under it. */
	private previous: Buffer | undefined;
	/** Messages sealed or released under the current key, and since when it is in use. */
	private used = 0;
	private keySince: number;
	/** Service messages the chat sealed on its own (key exchange answers): the caller sends them in order. */
	readonly outbox: SealedMessage[] = [];

	constructor(
		/** True on the side that requested the chat (admin_id). */
		readonly creator: boolean,
		private key: Buffer,
		private readonly options: {
			seq?: SeqSnapshot<DecryptedMessageLayer>;
			dh?: DhParams;
			now?: number;
			exchange?: Exchange;
			/** Our own layer (default: SECRET_LAYER); lower only to play an older app in tests. */
			layer?: number;
		} = {},
	) {
		this.seq = new SecretSequence<DecryptedMessageLayer>(creator, options.seq);
		this.rekey = options.dh ? new Rekey(options.dh, options.exchange) : undefined;
		this.keySince = options.now ?? Date.now();
	}

	snapshot(): SecretChatSnapshot {
		return {
			creator: this.creator,
			key: this.key,
			previous: this.previous,
			seq: this.seq.snapshot(),
			used: this.used,
			keySince: this.keySince,
			dh: this.options.dh,
			exchange: this.rekey?.snapshot(),
		};
	}

	/** `layer`: our own layer if not the newest (tests play an app that updates with it). */
	static restore(s: SecretChatSnapshot, layer?: number): SecretChat {
		const chat = new SecretChat(s.creator, s.key, { seq: s.seq, dh: s.dh, now: s.keySince, exchange: s.exchange, layer });
		chat.previous = s.previous;
		chat.used = s.used;
		return chat;
	}

	get fingerprint(): bigint {
		return keyFingerprint(this.key);
	}

	/**
	 * The layer we write: the lower of ours and the peer's (46 until it says more), so an older
	 * app gets only forms it can parse (decryptedMessage46, the int-sized document, its entities).
	 * TDLib writes at least 73 whatever the peer says; we follow the spec. The encryption stays
	 * MTProto 2.0, which every app still in use reads (MTProto 1.0 is not implemented).
	 */
	get sendLayer(): number {
		return Math.max(MIN_SECRET_LAYER, Math.min(this.options.layer ?? SECRET_LAYER, this.seq.peerLayer));
	}

	/** The wrapped, numbered and encrypted form of one message: send `data` with `randomId`. */
	seal(message: DecryptedMessage): SealedMessage {
		const numbers = this.seq.nextOut();
		const layer: DecryptedMessageLayer = { randomBytes: randomBytes(LAYER_RANDOM_BYTES), layer: this.sendLayer, ...numbers, message };
		const data = encryptSecretMessage(this.key, serializeLayer(layer), xForSender(this.creator));
		this.used++;
		return { data, ...numbers, randomId: message.randomId, service: message._ === 'service' };
	}

	/**
	 * A noop under the numbers of a message Telegram refused: its out_seq_no is spent (later ones
	 * follow it), so a resend request for it must get something, and never the refused message,
	 * whose item failed. Keep it in its place.
	 */
	sealNoopAs(refused: SealedMessage): SealedMessage {
		const message: DecryptedMessage = { _: 'service', randomId: randomBytes(8).readBigInt64LE(), action: { _: 'noop' } };
		const numbers = { inSeqNo: refused.inSeqNo, outSeqNo: refused.outSeqNo };
		const layer: DecryptedMessageLayer = { randomBytes: randomBytes(LAYER_RANDOM_BYTES), layer: this.sendLayer, ...numbers, message };
		const data = encryptSecretMessage(this.key, serializeLayer(layer), xForSender(this.creator));
		this.used++;
		return { data, ...numbers, randomId: message.randomId, service: true };
	}

	private sealAction(action: DecryptedAction): SealedMessage {
		return this.seal({ _: 'service', randomId: randomBytes(8).readBigInt64LE(), action });
	}

	/** Decrypts and parses one incoming payload without sequencing it (refuses anything unauthentic). */
	open(data: Buffer): DecryptedMessageLayer {
		const fingerprint = fingerprintOf(data);
		const pending = this.rekey?.pendingKey;
		if (pending && fingerprint === pending.fingerprint && fingerprint !== this.fingerprint) {
			// The peer committed and already writes under the new key: switch now (the spec's rule).
			this.rekey!.switched();
			this.switchTo(pending.key);
		}
		const key = this.previous && fingerprint === keyFingerprint(this.previous) ? this.previous : this.key;
		return parseLayer(decryptSecretMessage(key, data, xForSender(!this.creator)));
	}

	/**
	 * Opens and sequences one incoming payload. Released notifyLayer actions raise the peer layer;
	 * released key actions run the re-key, whose answers land in `outbox`.
	 */
	receive(data: Buffer, envelope?: Envelope): ChatArrival {
		const keyBefore = this.key;
		const layer: ReceivedLayer = this.open(data);
		// A message released later (past a hole) keeps its own date and file.
		if (envelope) layer.envelope = envelope;
		// Switched on a message under the new key (its commitKey is still behind a hole): A may
		// drop the old key only once something arrives under the new one (pfs step 4).
		if (this.key !== keyBefore) this.outbox.push(this.sealAction({ _: 'noop' }));
		const arrival = this.seq.receive(layer, layer.layer, layer);
		if (arrival.kind === 'gap' && isResend(layer)) {
			// A resend request is answered at once even beyond a hole (both sides may be waiting
			// on each other), and only once: the queued copy becomes a noop.
			const answerNow = { ...layer };
			layer.message = { _: 'service', randomId: layer.message.randomId, action: { _: 'noop' } };
			return { ...arrival, answerNow };
		}
		if (arrival.kind !== 'ready') return arrival;
		for (const item of arrival.items) {
			this.used++;
			if (item.message._ !== 'service') continue;
			const action = item.message.action;
			if (action._ === 'notifyLayer') this.seq.raiseLayer(action.layer);
			if (KEY_ACTIONS.has(action._)) this.onKeyAction(action);
		}
		return arrival;
	}

	private onKeyAction(action: DecryptedAction): void {
		if (!this.rekey) {
			// Without the chat's DH parameters we cannot take part: refuse politely.
			if (action._ === 'requestKey') this.outbox.push(this.sealAction({ _: 'abortKey', exchangeId: action.exchangeId }));
			return;
		}
		const step = this.rekey.handle(action);
		for (const a of step.send) this.outbox.push(this.sealAction(a));
		if (step.switchTo) this.switchTo(step.switchTo);
		for (const a of step.thenSend ?? []) this.outbox.push(this.sealAction(a));
	}

	private switchTo(key: Buffer): void {
		this.previous = this.key;
		this.key = key;
		this.used = 0;
		this.keySince = Date.now();
	}

	/** True when the current key has carried 100 messages, or a week has passed with at least one. */
	needsRekey(now = Date.now()): boolean {
		if (!this.rekey || this.rekey.busy) return false;
		return this.used >= REKEY_AFTER_MESSAGES || (this.used > 0 && now - this.keySince >= REKEY_AFTER_MS);
	}

	/** Starts a re-key: send the returned requestKey; the rest follows through `receive` and `outbox`. */
	startRekey(exchangeId?: bigint): SealedMessage {
		if (!this.rekey) throw new Error('this chat has no DH parameters to re-key with');
		return this.sealAction(this.rekey.start(exchangeId));
	}

	/** Takes the queued outgoing service messages, in the order they must be sent. */
	takeOutbox(): SealedMessage[] {
		return this.outbox.splice(0);
	}
}
