// One established secret chat: seals outgoing messages (layer wrapper, sequence numbers,
// MTProto 2.0 with the sender's x) and opens incoming ones through every check, releasing
// them in sequence order. Pure: the caller sends and receives the bytes.
import { randomBytes } from 'crypto';
import { parseLayer, serializeLayer } from './codec';
import { keyFingerprint } from './dh';
import { decryptSecretMessage, encryptSecretMessage, xForSender } from './message-crypto';
import { LAYER_MTPROTO2, SECRET_LAYER, type DecryptedMessage, type DecryptedMessageLayer } from './schema';
import { SecretSequence, type Arrival, type SeqSnapshot } from './sequence';

/** One sealed outgoing message. Keep `data` by `outSeqNo`: a resend request re-sends these very bytes. */
export interface SealedMessage {
	data: Buffer;
	outSeqNo: number;
	randomId: bigint;
}

/** Length of decryptedMessageLayer.random_bytes (unstated by the spec; TDLib's choice). */
const LAYER_RANDOM_BYTES = 31;

export class SecretChat {
	readonly seq: SecretSequence<DecryptedMessageLayer>;

	constructor(
		/** True on the side that requested the chat (admin_id). */
		readonly creator: boolean,
		private key: Buffer,
		seq?: SeqSnapshot,
	) {
		this.seq = new SecretSequence<DecryptedMessageLayer>(creator, seq);
	}

	get fingerprint(): bigint {
		return keyFingerprint(this.key);
	}

	/** The layer we write: the peer's, within 73..144 (MTProto 2.0 needs 73; TDLib does the same). */
	get sendLayer(): number {
		return Math.min(SECRET_LAYER, Math.max(LAYER_MTPROTO2, this.seq.peerLayer));
	}

	/** The wrapped, numbered and encrypted form of one message: send `data` with `randomId`. */
	seal(message: DecryptedMessage): SealedMessage {
		const numbers = this.seq.nextOut();
		const layer: DecryptedMessageLayer = { randomBytes: randomBytes(LAYER_RANDOM_BYTES), layer: this.sendLayer, ...numbers, message };
		const data = encryptSecretMessage(this.key, serializeLayer(layer), xForSender(this.creator));
		return { data, outSeqNo: numbers.outSeqNo, randomId: message.randomId };
	}

	/** Decrypts and parses one incoming payload without sequencing it (refuses anything unauthentic). */
	open(data: Buffer): DecryptedMessageLayer {
		return parseLayer(decryptSecretMessage(this.key, data, xForSender(!this.creator)));
	}

	/** Opens and sequences one incoming payload; released notifyLayer actions raise the peer layer. */
	receive(data: Buffer): Arrival<DecryptedMessageLayer> {
		const layer = this.open(data);
		const arrival = this.seq.receive(layer, layer.layer, layer);
		if (arrival.kind === 'ready') {
			for (const item of arrival.items) {
				if (item.message._ === 'service' && item.message.action._ === 'notifyLayer') this.seq.raiseLayer(item.message.action.layer);
			}
		}
		return arrival;
	}
}
