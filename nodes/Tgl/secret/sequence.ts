// Sequence numbers of one secret chat (core.telegram.org/api/end-to-end/seq_no), as a small
// pure state machine. Raw counters count messages (service ones too); on the wire a number is
// 2·raw + x, where the creator's out_seq_no is odd and the acceptor's even, and in_seq_no
// names the peer's next expected out_seq_no. Incoming messages are released strictly in order.
import { SecretChatError } from './errors';

export interface SeqNumbers {
	inSeqNo: number;
	outSeqNo: number;
}

export interface SeqSnapshot<T = unknown> {
	creator: boolean;
	/** Messages this side has numbered for sending. */
	sent: number;
	/** Peer messages processed (released in order). */
	received: number;
	/** Highest raw in_seq_no the peer has sent: it never decreases. */
	peerSeen: number;
	/** The peer's highest known layer: 46 until a message or notifyLayer says more. */
	peerLayer: number;
	/** The layer of the last processed message: later ones may not be lower. */
	lastLayer: number;
	/** A resend was requested for raw numbers below this (one request per hole). */
	requestedUpTo: number;
	/** Messages held beyond a hole (raw out number, item): they must survive a restart too. */
	queue?: { out: number; item: T; layer: number; seen: number }[];
}

export type Arrival<T> =
	/** In order: these items (the message, then any queued ones it unblocked) are to be processed now. */
	| { kind: 'ready'; items: T[] }
	/** Already processed or already queued: drop it without looking at it. */
	| { kind: 'duplicate' }
	/** Beyond a hole: queued. `resend` (wire numbers) is set the first time this hole is seen. */
	| { kind: 'gap'; resend?: { startSeqNo: number; endSeqNo: number } };

interface Queued<T> {
	item: T;
	layer: number;
	seen: number;
}

export class SecretSequence<T = unknown> {
	private s: Omit<SeqSnapshot<T>, 'queue'>;
	private readonly queue = new Map<number, Queued<T>>();

	constructor(creator: boolean, snapshot?: SeqSnapshot<T>) {
		const { queue, ...counters } = snapshot ?? { creator, sent: 0, received: 0, peerSeen: 0, peerLayer: 46, lastLayer: 0, requestedUpTo: 0 };
		this.s = counters;
		for (const q of queue ?? []) this.queue.set(q.out, { item: q.item, layer: q.layer, seen: q.seen });
	}

	/** x of the numbers this side writes as out_seq_no (creator odd, acceptor even). */
	private get myX(): number {
		return this.s.creator ? 1 : 0;
	}

	private get peerX(): number {
		return 1 - this.myX;
	}

	snapshot(): SeqSnapshot<T> {
		return { ...this.s, queue: [...this.queue].map(([out, q]) => ({ out, ...q })) };
	}

	get peerLayer(): number {
		return this.s.peerLayer;
	}

	get sent(): number {
		return this.s.sent;
	}

	get received(): number {
		return this.s.received;
	}

	/** A decryptedMessageActionNotifyLayer (or a message's layer) raises what the peer is known to speak. */
	raiseLayer(layer: number): void {
		if (layer > this.s.peerLayer) this.s.peerLayer = layer;
	}

	/** Numbers for the next outgoing message; they never change afterwards (a resend reuses them). */
	nextOut(): SeqNumbers {
		const numbers = { inSeqNo: 2 * this.s.received + this.peerX, outSeqNo: 2 * this.s.sent + this.myX };
		this.s.sent++;
		return numbers;
	}

	/** Wire out_seq_no → raw, refusing the wrong parity (the spec: abort the chat). */
	private raw(wire: number, x: number, name: string): number {
		if (!Number.isInteger(wire) || wire < 0 || wire % 2 !== x) throw new SecretChatError('SEQ_PARITY', `${name} ${wire} has the wrong parity`);
		return (wire - x) / 2;
	}

	/**
	 * Accounts for one incoming message. Throws SecretChatError when the chat must be aborted:
	 * wrong parity, in_seq_no decreasing or beyond what this side has sent, a second hole while
	 * one is open, or a layer lower than an earlier one.
	 */
	receive(numbers: SeqNumbers, layer: number, item: T): Arrival<T> {
		const out = this.raw(numbers.outSeqNo, this.peerX, 'out_seq_no');
		const seen = this.raw(numbers.inSeqNo, this.myX, 'in_seq_no');
		if (out < this.s.received || this.queue.has(out)) return { kind: 'duplicate' };
		if (seen > this.s.sent) throw new SecretChatError('SEQ_IN_TOO_HIGH', `in_seq_no ${numbers.inSeqNo} acknowledges messages never sent`);
		if (out > this.s.received) return this.hold(out, { item, layer, seen });
		const items = [this.process({ item, layer, seen })];
		for (let next = this.queue.get(this.s.received); next; next = this.queue.get(this.s.received)) {
			this.queue.delete(this.s.received);
			items.push(this.process(next));
		}
		return { kind: 'ready', items };
	}

	/** Checks made in processing order: in_seq_no never decreases, the layer never goes down. */
	private process(m: Queued<T>): T {
		if (m.seen < this.s.peerSeen) throw new SecretChatError('SEQ_IN_DECREASED', `in_seq_no ${2 * m.seen + this.myX} went back`);
		if (m.layer < this.s.lastLayer) throw new SecretChatError('LAYER_DECREASED', `layer ${m.layer} is below the peer's earlier ${this.s.lastLayer}`);
		this.s.peerSeen = m.seen;
		this.s.lastLayer = m.layer;
		this.raiseLayer(m.layer);
		this.s.received++;
		return m.item;
	}

	private hold(out: number, queued: Queued<T>): Arrival<T> {
		const queuedTop = Math.max(this.s.received - 1, ...this.queue.keys());
		const openHole = this.queue.size > 0;
		// A message right after the queued run extends it; anything further opens a second hole.
		if (openHole && out > queuedTop + 1) throw new SecretChatError('SEQ_SECOND_GAP', 'a second hole opened while one is unfilled');
		this.queue.set(out, queued);
		if (this.s.requestedUpTo > this.s.received && openHole) return { kind: 'gap' };
		this.s.requestedUpTo = out;
		return {
			kind: 'gap',
			resend: { startSeqNo: 2 * this.s.received + this.peerX, endSeqNo: 2 * (out - 1) + this.peerX },
		};
	}

	/**
	 * The out_seq_nos (wire) a resend request asks of us. `requestInSeqNo` is the request's own
	 * in_seq_no: the peer has processed everything below it, so a well-behaved peer asks from
	 * there on (start = its next expected) and what lies below is skipped. Asking for numbers
	 * never sent, or a range with the wrong parity or backwards, is a protocol violation.
	 */
	resendWanted(startSeqNo: number, endSeqNo: number, requestInSeqNo: number): number[] {
		const start = this.raw(startSeqNo, this.myX, 'resend start_seq_no');
		const end = this.raw(endSeqNo, this.myX, 'resend end_seq_no');
		if (end < start) throw new SecretChatError('RESEND_NEVER_SENT', `resend range ${startSeqNo}..${endSeqNo} is backwards`);
		if (end >= this.s.sent) throw new SecretChatError('RESEND_NEVER_SENT', `resend asks up to ${endSeqNo}, beyond the ${this.s.sent} messages sent`);
		const acknowledged = (requestInSeqNo - this.myX) / 2;
		const wanted: number[] = [];
		for (let n = Math.max(start, acknowledged); n <= end; n++) wanted.push(2 * n + this.myX);
		return wanted;
	}

	/** The hole in front of the queued messages (wire numbers), while one is open. */
	get hole(): { startSeqNo: number; endSeqNo: number } | undefined {
		if (!this.queue.size) return undefined;
		const first = Math.min(...this.queue.keys());
		return { startSeqNo: 2 * this.s.received + this.peerX, endSeqNo: 2 * (first - 1) + this.peerX };
	}

	/** Gives up on the hole: the queued messages in order, leaving the queue empty (the chat is ending). */
	abandonQueue(): T[] {
		const items = [...this.queue].sort(([a], [b]) => a - b).map(([, q]) => q.item);
		this.queue.clear();
		return items;
	}

	/** Numbers of queued (unreleased) messages, for persistence and diagnostics. */
	get queued(): number {
		return this.queue.size;
	}
}
