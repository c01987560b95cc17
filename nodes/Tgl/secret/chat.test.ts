import { SecretChat } from './chat';
import { DhConfigCache, type DhConfigResult } from './dh-config';
import { TELEGRAM_DH_PRIME, toBytes } from './dh';
import { acceptRequest, beginRequest, completeRequest } from './handshake';
import type { DecryptedMessage } from './schema';
import { refusalReason } from '../../../test/support/secret-refusal';

const config = (g = 3): DhConfigResult => ({ className: 'messages.DhConfig', g, p: TELEGRAM_DH_PRIME, version: 1, random: Buffer.alloc(256, 5) });
const text = (message: string, randomId: bigint): DecryptedMessage => ({ _: 'message', randomId, ttl: 0, message });


/** Both ends of a chat after a full pure handshake. */
function handshake() {
	const pending = beginRequest(new DhConfigCache(), config());
	const accepted = acceptRequest(new DhConfigCache(), config(), pending.gA);
	const key = completeRequest(pending, accepted.gB, accepted.fingerprint);
	return { key, creator: new SecretChat(true, key), acceptor: new SecretChat(false, accepted.key) };
}

describe('secret chat handshake and message flow (pure)', () => {
	it('agrees on one key and fingerprint on both sides', () => {
		const { creator, acceptor } = handshake();
		expect(creator.fingerprint).toBe(acceptor.fingerprint);
	});

	it('refuses a bad DH config, a bad g_a, a bad g_b and a fingerprint that does not match', () => {
		expect(refusalReason(() => beginRequest(new DhConfigCache(), config(2)))).toBe('BAD_DH_CONFIG');
		expect(refusalReason(() => acceptRequest(new DhConfigCache(), config(), toBytes(1n)))).toBe('BAD_DH_VALUE');
		const pending = beginRequest(new DhConfigCache(), config());
		const accepted = acceptRequest(new DhConfigCache(), config(), pending.gA);
		expect(refusalReason(() => completeRequest(pending, toBytes(256n), accepted.fingerprint))).toBe('BAD_DH_VALUE');
		expect(refusalReason(() => completeRequest(pending, accepted.gB, accepted.fingerprint + 1n))).toBe('KEY_FINGERPRINT_MISMATCH');
	});

	it('carries three messages each way in order, with the right sequence numbers', () => {
		const { creator, acceptor } = handshake();
		for (let i = 0; i < 3; i++) {
			const toAcceptor = acceptor.receive(creator.seal(text(`c${i}`, BigInt(i + 1))).data);
			expect(toAcceptor.kind).toBe('ready');
			const [got] = toAcceptor.kind === 'ready' ? toAcceptor.items : [];
			expect(got).toMatchObject({ outSeqNo: 2 * i + 1, inSeqNo: 2 * i, layer: 46, message: { message: `c${i}` } });
			const toCreator = creator.receive(acceptor.seal(text(`a${i}`, BigInt(i + 10))).data);
			expect(toCreator).toMatchObject({ kind: 'ready', items: [{ outSeqNo: 2 * i, inSeqNo: 2 * i + 3, message: { message: `a${i}` } }] });
		}
	});

	it('rejects a tampered message and its own messages reflected back, and drops a replay', () => {
		const { creator, acceptor } = handshake();
		const sealed = creator.seal(text('hi', 1n)).data;
		const tampered = Buffer.from(sealed);
		tampered[40] ^= 1;
		expect(refusalReason(() => acceptor.receive(tampered))).toBe('MSG_KEY_MISMATCH');
		expect(refusalReason(() => creator.receive(sealed))).toBe('MSG_KEY_MISMATCH');
		expect(acceptor.receive(sealed).kind).toBe('ready');
		expect(acceptor.receive(sealed)).toEqual({ kind: 'duplicate' });
	});

	it('asks for a resend over a dropped message and releases everything once it arrives', () => {
		const { creator, acceptor } = handshake();
		const [m1, m2, m3] = ['one', 'two', 'three'].map((t, i) => creator.seal(text(t, BigInt(i + 1))).data);
		acceptor.receive(m1);
		expect(acceptor.receive(m3)).toEqual({ kind: 'gap', resend: { startSeqNo: 3, endSeqNo: 3 } });
		const released = acceptor.receive(m2);
		expect(released.kind === 'ready' && released.items.map((l) => (l.message as { message: string }).message)).toEqual(['two', 'three']);
	});

	it('puts a noop under the numbers of a message Telegram refused: the hole it leaves fills with nothing to show', () => {
		const { creator, acceptor } = handshake();
		const refused = creator.seal(text('refused', 1n));
		const next = creator.seal(text('next', 2n));
		expect(acceptor.receive(next.data)).toMatchObject({ kind: 'gap', resend: { startSeqNo: refused.outSeqNo, endSeqNo: refused.outSeqNo } });
		const noop = creator.sealNoopAs(refused);
		expect(noop).toMatchObject({ outSeqNo: refused.outSeqNo, inSeqNo: refused.inSeqNo, service: true });
		const released = acceptor.receive(noop.data);
		expect(released.kind === 'ready' && released.items.map((l) => (l.message._ === 'service' ? l.message.action._ : l.message.message))).toEqual(['noop', 'next']);
	});

	it('hands a resend request queued beyond a hole back to be answered at once, and only once', () => {
		const { creator, acceptor } = handshake();
		acceptor.seal(text('to be asked for', 5n));
		const lost = creator.seal(text('lost', 1n));
		const resend = creator.seal({ _: 'service', randomId: 2n, action: { _: 'resend', startSeqNo: 0, endSeqNo: 0 } });
		const arrival = acceptor.receive(resend.data);
		expect(arrival).toMatchObject({ kind: 'gap', answerNow: { message: { action: { _: 'resend', startSeqNo: 0, endSeqNo: 0 } } } });
		expect(acceptor.receive(resend.data)).toEqual({ kind: 'duplicate' });
		// Released later in order, the queued copy is a noop: nothing is answered twice.
		const released = acceptor.receive(lost.data);
		expect(released.kind === 'ready' && released.items.map((l) => (l.message._ === 'service' ? l.message.action._ : l.message.message))).toEqual(['lost', 'noop']);
	});

	it('writes at the peer layer (46 until it says more) and raises it when the peer announces 73, then 144', () => {
		const { creator, acceptor } = handshake();
		expect(acceptor.sendLayer).toBe(46);
		acceptor.receive(creator.seal({ _: 'service', randomId: 9n, action: { _: 'notifyLayer', layer: 73 } }).data);
		expect(acceptor.sendLayer).toBe(73);
		acceptor.receive(creator.seal({ _: 'service', randomId: 10n, action: { _: 'notifyLayer', layer: 144 } }).data);
		expect(acceptor.sendLayer).toBe(144);
	});

	it('writes to a layer-46 peer the layer-46 forms: a spoiler or underline leaves plain text', () => {
		const { key, creator } = handshake();
		const old = new SecretChat(false, key, { layer: 46 });
		const sent: DecryptedMessage = {
			_: 'message',
			randomId: 11n,
			ttl: 0,
			message: 'secret and underlined',
			entities: [
				{ type: 'spoiler', offset: 0, length: 6 },
				{ type: 'underline', offset: 11, length: 10 },
				{ type: 'italic', offset: 0, length: 6 },
			],
		};
		const arrival = old.receive(creator.seal(sent).data);
		expect(arrival).toMatchObject({ kind: 'ready', items: [{ layer: 46, message: { message: 'secret and underlined', entities: [{ type: 'italic', offset: 0, length: 6 }] } }] });
		// Its own messages say 46 even though the creator speaks 144.
		old.receive(creator.seal({ _: 'service', randomId: 12n, action: { _: 'notifyLayer', layer: 144 } }).data);
		expect(creator.receive(old.seal(text('from the old app', 13n)).data)).toMatchObject({ kind: 'ready', items: [{ layer: 46 }] });
	});
});
