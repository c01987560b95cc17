import type { DecryptedAction } from './schema';
import type { SecretChatRecord, StoredMessage } from './service';
import { dueForDeletion, emittedAsMessage, expiryOf, fallbackExpiry, keptInHistory, nextDeadline, readDeadline, RECEIPT_GRACE_MS, validTimer } from './self-destruct';

const msg = (id: number, ttl: number, expiresAt?: number): StoredMessage => ({
	id,
	randomId: BigInt(id),
	out: false,
	date: 0,
	message: { _: 'message', randomId: BigInt(id), ttl, message: 'x' },
	...(expiresAt === undefined ? {} : { expiresAt }),
});

describe('self-destruct rules', () => {
	it('counts down ttl seconds from the start; messages without a timer never go', () => {
		expect(expiryOf(msg(1, 2), 1000)).toBe(3000);
		expect(expiryOf(msg(1, 0), 1000)).toBeUndefined();
		expect(expiryOf({ ...msg(1, 0), message: { _: 'service', randomId: 1n, action: { _: 'flushHistory' } } }, 1000)).toBeUndefined();
	});

	it('our timed message waits for a read receipt until a day past its time from the send; a receipt brings it forward, never back', () => {
		const ours = { ...msg(1, 5), out: true, date: 100 };
		expect(fallbackExpiry(ours)).toBe(105_000 + RECEIPT_GRACE_MS);
		expect(fallbackExpiry({ ...ours, message: { _: 'message', randomId: 1n, ttl: 0, message: 'x' } })).toBeUndefined();
		const waiting = { ...ours, expiresAt: fallbackExpiry(ours) };
		expect(readDeadline(waiting, 200_000)).toBe(205_000);
		// A second receipt (or a history read after it) does not push the deadline back.
		expect(readDeadline({ ...waiting, expiresAt: 205_000 }, 300_000)).toBeUndefined();
		expect(readDeadline({ ...ours, message: { _: 'message', randomId: 1n, ttl: 0, message: 'x' } }, 200_000)).toBeUndefined();
	});

	it('finds the messages due and the nearest deadline over every chat', () => {
		const history = [msg(1, 2, 500), msg(2, 2, 1500), msg(3, 0)];
		expect(dueForDeletion(history, 1000)).toEqual([1]);
		expect(dueForDeletion(history, 1500)).toEqual([1, 2]);
		const chats = [{ history }, { history: [msg(4, 1, 200)] }, { history: [] }] as unknown as SecretChatRecord[];
		expect(nextDeadline(chats)).toBe(200);
		expect(nextDeadline([{ history: [msg(5, 0)] }] as unknown as SecretChatRecord[])).toBeUndefined();
	});

	it('emits the five visible actions, keeps only the timer and screenshot notices, and neither for protocol actions', () => {
		const service = (action: DecryptedAction) => ({ _: 'service' as const, randomId: 1n, action });
		const visible: DecryptedAction[] = [
			{ _: 'setMessageTTL', ttlSeconds: 1 },
			{ _: 'readMessages', randomIds: [] },
			{ _: 'deleteMessages', randomIds: [] },
			{ _: 'screenshotMessages', randomIds: [] },
			{ _: 'flushHistory' },
		];
		for (const action of visible) {
			const a = action._;
			expect(emittedAsMessage(service(action))).toBe(true);
			expect(keptInHistory(service(action))).toBe(a === 'setMessageTTL' || a === 'screenshotMessages');
		}
		for (const action of [{ _: 'typing', action: 'cancel' }, { _: 'resend', startSeqNo: 0, endSeqNo: 1 }, { _: 'notifyLayer', layer: 144 }, { _: 'noop' }] as DecryptedAction[]) {
			expect(emittedAsMessage(service(action))).toBe(false);
			expect(keptInHistory(service(action))).toBe(false);
		}
		expect(emittedAsMessage(msg(1, 0).message) && keptInHistory(msg(1, 0).message)).toBe(true);
	});

	it('takes any int32 timer from 0 in a secret chat', () => {
		expect([0, 1, 5, 86400, 2 ** 31 - 1].every(validTimer)).toBe(true);
		expect([-1, 1.5, 2 ** 31, NaN].some(validTimer)).toBe(false);
	});
});
