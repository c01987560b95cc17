// Re-keying (perfect forward secrecy, core.telegram.org/api/end-to-end/pfs) as a pure state
// machine. All four steps travel as service messages under the old key:
//   A: requestKey(id, g_a) → B: acceptKey(id, g_b, fp) → A: commitKey(id, fp), then A switches
//   → B switches on commitKey (or on the first message under the new key's fingerprint).
// Either side may abortKey until it has sent acceptKey/commitKey. Crossing requests: the larger
// exchange_id (signed) wins, equal ids cancel both, without aborts.
import { randomBytes } from 'crypto';
import { SecretChatError } from './errors';
import { checkDhValue, dhSharedKey, keyFingerprint, newKeyPair, type DhParams } from './dh';
import type { DecryptedAction } from './schema';

export type Exchange =
	| { step: 'idle' }
	/** We sent requestKey and wait for acceptKey. */
	| { step: 'requested'; exchangeId: bigint; a: Buffer }
	/** We sent acceptKey and wait for commitKey (or a message under the new key). */
	| { step: 'accepted'; exchangeId: bigint; key: Buffer; fingerprint: bigint };

/** What the chat must do after a key action: send `send` under the current key, switch, then send `thenSend`. */
export interface RekeyStep {
	send: DecryptedAction[];
	switchTo?: Buffer;
	thenSend?: DecryptedAction[];
}

const nothing: RekeyStep = { send: [] };

export class Rekey {
	private state: Exchange;

	constructor(
		private readonly params: DhParams,
		state: Exchange = { step: 'idle' },
	) {
		this.state = state;
	}

	/** The exchange in progress (with its secret values): persist it with the chat. */
	snapshot(): Exchange {
		return this.state;
	}

	get busy(): boolean {
		return this.state.step !== 'idle';
	}

	/** The key B has agreed to but not yet switched to, if any. */
	get pendingKey(): { key: Buffer; fingerprint: bigint } | undefined {
		return this.state.step === 'accepted' ? { key: this.state.key, fingerprint: this.state.fingerprint } : undefined;
	}

	/** Starts an exchange (never while one is unfinished). */
	start(exchangeId: bigint = randomBytes(8).readBigInt64LE()): DecryptedAction {
		if (this.busy) throw new Error('a key exchange is already running');
		const { a, gA } = newKeyPair(this.params, Buffer.alloc(0));
		this.state = { step: 'requested', exchangeId, a };
		return { _: 'requestKey', exchangeId, gA };
	}

	/** B switched because a message arrived under the new key: the exchange is over. */
	switched(): void {
		this.state = { step: 'idle' };
	}

	/** Handles one released key action; throws when the chat must be discarded. */
	handle(action: DecryptedAction): RekeyStep {
		switch (action._) {
			case 'requestKey':
				return this.onRequest(action.exchangeId, action.gA);
			case 'acceptKey':
				return this.onAccept(action.exchangeId, action.gB, action.keyFingerprint);
			case 'commitKey':
				return this.onCommit(action.exchangeId, action.keyFingerprint);
			case 'abortKey':
				if (this.state.step === 'requested' && this.state.exchangeId === action.exchangeId) this.state = { step: 'idle' };
				return nothing;
			default:
				return nothing;
		}
	}

	private onRequest(exchangeId: bigint, gA: Buffer): RekeyStep {
		if (this.state.step === 'requested') {
			const mine = this.state.exchangeId;
			if (mine > exchangeId) return nothing; // ours wins: theirs is ignored without an abort
			this.state = { step: 'idle' };
			if (mine === exchangeId) return nothing; // both drop both
		}
		if (this.state.step === 'accepted') return { send: [{ _: 'abortKey', exchangeId }] };
		try {
			checkDhValue(gA, this.params.p, 'g_a');
		} catch {
			return { send: [{ _: 'abortKey', exchangeId }] };
		}
		const { a: b, gA: gB } = newKeyPair(this.params, Buffer.alloc(0));
		const key = dhSharedKey(this.params, b, gA);
		const fingerprint = keyFingerprint(key);
		this.state = { step: 'accepted', exchangeId, key, fingerprint };
		return { send: [{ _: 'acceptKey', exchangeId, gB, keyFingerprint: fingerprint }] };
	}

	private onAccept(exchangeId: bigint, gB: Buffer, fingerprint: bigint): RekeyStep {
		if (this.state.step !== 'requested' || this.state.exchangeId !== exchangeId) return { send: [{ _: 'abortKey', exchangeId }] };
		const a = this.state.a;
		this.state = { step: 'idle' };
		let key: Buffer;
		try {
			key = dhSharedKey(this.params, a, gB);
		} catch {
			return { send: [{ _: 'abortKey', exchangeId }] };
		}
		if (keyFingerprint(key) !== fingerprint) return { send: [{ _: 'abortKey', exchangeId }] };
		return { send: [{ _: 'commitKey', exchangeId, keyFingerprint: fingerprint }], switchTo: key };
	}

	private onCommit(exchangeId: bigint, fingerprint: bigint): RekeyStep {
		if (this.state.step !== 'accepted' || this.state.exchangeId !== exchangeId) return nothing;
		// Having sent acceptKey, B may not abort: a commit for another key breaks the chat.
		if (this.state.fingerprint !== fingerprint) throw new SecretChatError('KEY_FINGERPRINT_MISMATCH', 'commitKey names another key');
		const key = this.state.key;
		this.state = { step: 'idle' };
		// A drops the old key only once something arrives under the new one: answer with noop.
		return { send: [], switchTo: key, thenSend: [{ _: 'noop' }] };
	}
}
