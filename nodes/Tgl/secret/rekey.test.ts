import { SecretChat, REKEY_AFTER_MESSAGES } from './chat';
import { TELEGRAM_DH_PRIME, keyFingerprint, toBytes } from './dh';
import { Rekey } from './rekey';
import { fingerprintOf } from './message-crypto';
import type { DecryptedMessage } from './schema';

const dh = { g: 3, p: TELEGRAM_DH_PRIME };
const text = (message: string, randomId = 1n): DecryptedMessage => ({ _: 'message', randomId, ttl: 0, message });

/** Two ends sharing an arbitrary key (the handshake is tested elsewhere). */
function pair() {
	const key = Buffer.alloc(256, 0);
	key.fill(7, 1);
	return { key, a: new SecretChat(true, key, { dh }), b: new SecretChat(false, key, { dh }) };
}

/** Delivers everything in `from`'s outbox to `to`, returning the released user texts. */
function flush(from: SecretChat, to: SecretChat): string[] {
	const out: string[] = [];
	for (const sealed of from.takeOutbox()) {
		const arrival = to.receive(sealed.data);
		if (arrival.kind === 'ready') for (const l of arrival.items) if (l.message._ === 'message') out.push(l.message.message);
	}
	return out;
}

const actionsIn = (chat: SecretChat, peer: SecretChat) =>
	chat.outbox.map((s) => {
		const opened = peer.open(s.data).message;
		return opened._ === 'service' ? opened.action._ : 'message';
	});

describe('re-keying (PFS)', () => {
	it('runs request → accept → commit → noop; both switch to the same new key; sequence numbers go on', () => {
		const { key, a, b } = pair();
		const old = keyFingerprint(key);
		b.receive(a.startRekey().data);
		expect(actionsIn(b, a)).toEqual(['acceptKey']);
		flush(b, a);
		// A committed under the old key and switched.
		expect(a.fingerprint).not.toBe(old);
		const commit = a.takeOutbox();
		expect(commit).toHaveLength(1);
		expect(b.fingerprint).toBe(old);
		b.receive(commit[0].data);
		expect(b.fingerprint).toBe(a.fingerprint);
		const noop = b.takeOutbox();
		expect(a.open(noop[0].data).message).toMatchObject({ _: 'service', action: { _: 'noop' } });
		a.receive(noop[0].data);
		const after = a.seal(text('under the new key'));
		expect(after.outSeqNo).toBe(5); // requestKey 1, commitKey 3: numbering is not reset
		expect(b.receive(after.data)).toMatchObject({ kind: 'ready', items: [{ message: { message: 'under the new key' } }] });
	});

	it('lets B switch on the first message under the new key when it comes before the commit', () => {
		const { a, b } = pair();
		b.receive(a.startRekey().data);
		flush(b, a);
		const [commit] = a.takeOutbox();
		const early = a.seal(text('early'));
		expect(b.receive(early.data).kind).toBe('gap');
		expect(b.fingerprint).toBe(a.fingerprint);
		// B tells A it has switched (A may drop the old key only after hearing under the new one).
		const [noop] = b.takeOutbox();
		expect(fingerprintOf(noop.data)).toBe(a.fingerprint);
		expect(a.open(noop.data).message).toMatchObject({ _: 'service', action: { _: 'noop' } });
		expect(b.receive(commit.data)).toMatchObject({ kind: 'ready', items: [{ message: { _: 'service' } }, { message: { message: 'early' } }] });
	});

	it('reads messages still in flight under the old key after switching', () => {
		const { a, b } = pair();
		b.receive(a.startRekey().data);
		const [accept] = b.takeOutbox();
		const late = b.seal(text('sent before the commit'));
		a.receive(accept.data);
		expect(a.receive(late.data)).toMatchObject({ kind: 'ready', items: [{ message: { message: 'sent before the commit' } }] });
	});

	it('settles crossing requests by the larger exchange_id, and cancels both on equal ids', () => {
		const { a, b } = pair();
		const fromA = a.startRekey(5n);
		const fromB = b.startRekey(9n);
		a.receive(fromB.data); // 9 > 5: A drops its own and accepts B's
		b.receive(fromA.data); // B's is larger: A's is ignored without an abort
		expect(actionsIn(a, b)).toEqual(['acceptKey']);
		expect(b.outbox).toHaveLength(0);
		flush(a, b);
		flush(b, a);
		flush(a, b);
		expect(a.fingerprint).toBe(b.fingerprint);

		const c = pair();
		const x = c.a.startRekey(7n);
		const y = c.b.startRekey(7n);
		c.a.receive(y.data);
		c.b.receive(x.data);
		expect(c.a.outbox).toHaveLength(0);
		expect(c.b.outbox).toHaveLength(0);
		expect(c.a.needsRekey(Date.now())).toBe(false);
	});

	it('aborts a request with a bad g_a, and one that arrives while another exchange is half done', () => {
		const r = new Rekey(dh);
		expect(r.handle({ _: 'requestKey', exchangeId: 1n, gA: toBytes(2n) })).toEqual({ send: [{ _: 'abortKey', exchangeId: 1n }] });
		const peer = new Rekey(dh);
		const request = peer.start(2n);
		if (request._ !== 'requestKey') throw new Error('no request');
		expect(r.handle(request).send[0]._).toBe('acceptKey');
		expect(r.handle({ ...request, exchangeId: 3n })).toEqual({ send: [{ _: 'abortKey', exchangeId: 3n }] });
	});

	it('refuses an acceptKey whose fingerprint does not match, with an abort and no switch', () => {
		const initiator = new Rekey(dh);
		const responder = new Rekey(dh);
		const accept = responder.handle(initiator.start(4n)).send[0];
		if (accept._ !== 'acceptKey') throw new Error('no accept');
		expect(initiator.handle({ ...accept, keyFingerprint: accept.keyFingerprint + 1n })).toEqual({ send: [{ _: 'abortKey', exchangeId: 4n }] });
	});

	it('asks for a re-key after 100 messages on one key, or a week with at least one', () => {
		const { a, b } = pair();
		expect(a.needsRekey()).toBe(false);
		for (let i = 0; i < REKEY_AFTER_MESSAGES; i++) b.receive(a.seal(text(`m${i}`, BigInt(i + 1))).data);
		expect(a.needsRekey()).toBe(true);
		expect(b.needsRekey()).toBe(true);
		const fresh = new SecretChat(true, Buffer.alloc(256, 1), { dh, now: 0 });
		expect(fresh.needsRekey(8 * 24 * 3600 * 1000)).toBe(false);
		fresh.seal(text('one'));
		expect(fresh.needsRekey(8 * 24 * 3600 * 1000)).toBe(true);
	});
});
