import { SecretSequence, type SeqNumbers } from './sequence';
import { refusalReason } from '../../../test/support/secret-refusal';


/** A creator and an acceptor exchanging numbered messages. */
function pair() {
	return { creator: new SecretSequence<string>(true), acceptor: new SecretSequence<string>(false) };
}

describe('secret chat sequence numbers', () => {
	it("numbers the creator's messages odd and the acceptor's even, in_seq_no naming the next expected", () => {
		const { creator, acceptor } = pair();
		expect(creator.nextOut()).toEqual({ inSeqNo: 0, outSeqNo: 1 });
		expect(creator.nextOut()).toEqual({ inSeqNo: 0, outSeqNo: 3 });
		expect(acceptor.nextOut()).toEqual({ inSeqNo: 1, outSeqNo: 0 });
	});

	it('releases messages in order both ways and counts what was processed', () => {
		const { creator, acceptor } = pair();
		for (let i = 0; i < 3; i++) {
			const c = creator.nextOut();
			expect(acceptor.receive(c, 144, `c${i}`)).toEqual({ kind: 'ready', items: [`c${i}`] });
			const a = acceptor.nextOut();
			expect(creator.receive(a, 144, `a${i}`)).toEqual({ kind: 'ready', items: [`a${i}`] });
		}
		expect(acceptor.nextOut()).toEqual({ inSeqNo: 7, outSeqNo: 6 });
		expect(creator.received).toBe(3);
		expect(acceptor.received).toBe(3);
	});

	it('drops a duplicate and a replay of a processed message', () => {
		const { creator, acceptor } = pair();
		const first = creator.nextOut();
		acceptor.receive(first, 144, 'one');
		expect(acceptor.receive(first, 144, 'one again')).toEqual({ kind: 'duplicate' });
		const third = { inSeqNo: 0, outSeqNo: 5 };
		creator.nextOut();
		creator.nextOut();
		acceptor.receive(third, 144, 'three');
		expect(acceptor.receive(third, 144, 'three again')).toEqual({ kind: 'duplicate' });
	});

	it('aborts on the wrong parity', () => {
		const { acceptor } = pair();
		expect(refusalReason(() => acceptor.receive({ inSeqNo: 0, outSeqNo: 2 }, 144, 'x'))).toBe('SEQ_PARITY');
		expect(refusalReason(() => acceptor.receive({ inSeqNo: 1, outSeqNo: 1 }, 144, 'x'))).toBe('SEQ_PARITY');
		expect(refusalReason(() => acceptor.receive({ inSeqNo: -1, outSeqNo: -1 }, 8, 'x'))).toBe('SEQ_PARITY');
	});

	it('queues past a hole, asks once for the missing range (wire numbers), then releases all in order', () => {
		const { creator, acceptor } = pair();
		const sent: SeqNumbers[] = [0, 1, 2, 3, 4].map(() => creator.nextOut());
		expect(acceptor.receive(sent[0], 144, 'm0').kind).toBe('ready');
		// m1 and m2 are lost (out_seq_no 3 and 5): m3 opens the hole.
		expect(acceptor.receive(sent[3], 144, 'm3')).toEqual({ kind: 'gap', resend: { startSeqNo: 3, endSeqNo: 5 } });
		expect(acceptor.receive(sent[4], 144, 'm4')).toEqual({ kind: 'gap' });
		expect(acceptor.receive(sent[3], 144, 'm3 again')).toEqual({ kind: 'duplicate' });
		expect(acceptor.receive(sent[1], 144, 'm1')).toEqual({ kind: 'ready', items: ['m1'] });
		expect(acceptor.receive(sent[2], 144, 'm2')).toEqual({ kind: 'ready', items: ['m2', 'm3', 'm4'] });
		expect(acceptor.received).toBe(5);
		expect(acceptor.queued).toBe(0);
	});

	it('aborts when a second hole opens while one is unfilled', () => {
		const { creator, acceptor } = pair();
		const sent = [0, 1, 2, 3].map(() => creator.nextOut());
		expect(acceptor.receive(sent[1], 144, 'm1').kind).toBe('gap');
		expect(refusalReason(() => acceptor.receive(sent[3], 144, 'm3'))).toBe('SEQ_SECOND_GAP');
	});

	it('aborts when in_seq_no acknowledges more than was sent, or goes back', () => {
		const { creator, acceptor } = pair();
		// The acceptor has sent nothing, so the creator's in_seq_no must stay 0.
		expect(refusalReason(() => acceptor.receive({ inSeqNo: 2, outSeqNo: 1 }, 144, 'x'))).toBe('SEQ_IN_TOO_HIGH');
		acceptor.nextOut();
		acceptor.nextOut();
		expect(acceptor.receive({ inSeqNo: 4, outSeqNo: 1 }, 144, 'a').kind).toBe('ready');
		expect(refusalReason(() => acceptor.receive({ inSeqNo: 2, outSeqNo: 3 }, 144, 'b'))).toBe('SEQ_IN_DECREASED');
		expect(creator.sent).toBe(0);
	});

	it('tracks the peer layer (46 until told more) and refuses a layer that goes down', () => {
		const { creator, acceptor } = pair();
		expect(acceptor.peerLayer).toBe(46);
		acceptor.receive(creator.nextOut(), 73, 'a');
		expect(acceptor.peerLayer).toBe(73);
		acceptor.raiseLayer(144);
		expect(acceptor.peerLayer).toBe(144);
		expect(refusalReason(() => acceptor.receive(creator.nextOut(), 66, 'b'))).toBe('LAYER_DECREASED');
	});

	it('says which numbers a resend asks of us: from the asker\'s next expected on, none it never got sent', () => {
		const { creator } = pair();
		[0, 1, 2, 3].forEach(() => creator.nextOut()); // out_seq_no 1, 3, 5, 7
		// A well-behaved acceptor asks from its next expected number (its own in_seq_no) on.
		expect(creator.resendWanted(3, 5, 3)).toEqual([3, 5]);
		// What it already acknowledged is skipped (it said it processed it), not refused.
		expect(creator.resendWanted(1, 7, 5)).toEqual([5, 7]);
		expect(refusalReason(() => creator.resendWanted(5, 9, 5))).toBe('RESEND_NEVER_SENT');
		expect(refusalReason(() => creator.resendWanted(7, 5, 5))).toBe('RESEND_NEVER_SENT');
		expect(refusalReason(() => creator.resendWanted(2, 4, 1))).toBe('SEQ_PARITY');
		expect(refusalReason(() => new SecretSequence(false).resendWanted(0, 0, 1))).toBe('RESEND_NEVER_SENT');
	});

	it('names the open hole in wire numbers and gives up its queue in order', () => {
		const { creator, acceptor } = pair();
		const sent = [0, 1, 2, 3, 4].map(() => creator.nextOut());
		expect(acceptor.hole).toBeUndefined();
		acceptor.receive(sent[0], 144, 'm0');
		acceptor.receive(sent[4], 144, 'm4');
		acceptor.receive(sent[3], 144, 'm3');
		expect(acceptor.hole).toEqual({ startSeqNo: 3, endSeqNo: 5 });
		acceptor.receive(sent[1], 144, 'm1');
		expect(acceptor.hole).toEqual({ startSeqNo: 5, endSeqNo: 5 });
		expect(acceptor.abandonQueue()).toEqual(['m3', 'm4']);
		expect(acceptor.hole).toBeUndefined();
		expect(acceptor.queued).toBe(0);
	});

	it('restores from a snapshot and continues the numbering', () => {
		const { creator } = pair();
		creator.nextOut();
		creator.receive({ inSeqNo: 3, outSeqNo: 0 }, 144, 'x');
		const restored = new SecretSequence<string>(true, creator.snapshot());
		expect(restored.nextOut()).toEqual({ inSeqNo: 2, outSeqNo: 3 });
	});
});
