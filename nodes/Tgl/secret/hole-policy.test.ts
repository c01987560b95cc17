import { DEFAULT_HOLE_POLICY, holeStep, watchHole, type HolePolicy } from './hole-policy';

const policy: HolePolicy = { reaskAfterMs: 1_000, maxReaskIntervalMs: 4_000, giveUpAfterMs: 20_000 };

describe('hole policy (re-ask, give up)', () => {
	it('waits after the first ask, then re-asks with a doubling interval up to the cap', () => {
		let watch = watchHole(3, 0);
		const asks: number[] = [];
		for (let now = 0; now < 19_000; now += 250) {
			const step = holeStep(watch, 3, now, policy);
			watch = step.watch;
			if (step.action === 'reask') asks.push(now);
			expect(step.action).not.toBe('abort');
			expect(step.nextCheck).toBeGreaterThan(now);
		}
		expect(asks).toEqual([1_000, 3_000, 7_000, 11_000, 15_000]);
		expect(watch.asks).toBe(6);
	});

	it('gives up when the hole has not moved for the limit, and says when to look next', () => {
		const watch = watchHole(3, 0);
		expect(holeStep(watch, 3, 500, policy)).toMatchObject({ action: 'wait', nextCheck: 1_000 });
		expect(holeStep({ ...watch, lastAsk: 19_000, asks: 9 }, 3, 19_500, policy)).toMatchObject({ action: 'wait', nextCheck: 20_000 });
		expect(holeStep(watch, 3, 20_000, policy).action).toBe('abort');
	});

	it('restarts the clock when the hole moves (part of it filled), counting the earlier ask as pending', () => {
		const watch = { ...watchHole(3, 0), asks: 5 };
		const step = holeStep(watch, 4, 19_999, policy);
		expect(step).toMatchObject({ action: 'wait', watch: { received: 4, since: 19_999, lastAsk: 19_999, asks: 1 } });
		expect(holeStep(step.watch, 4, 30_000, policy).action).toBe('reask');
	});

	it('is generous by default: a minute before the first re-ask, a week (as long as Telegram keeps the queue) before giving up', () => {
		expect(DEFAULT_HOLE_POLICY.reaskAfterMs).toBe(60_000);
		expect(DEFAULT_HOLE_POLICY.giveUpAfterMs).toBe(7 * 24 * 3_600_000);
		expect(holeStep(watchHole(0, 0), 0, 6 * 24 * 3_600_000, DEFAULT_HOLE_POLICY).action).not.toBe('abort');
		expect(holeStep(watchHole(0, 0), 0, 7 * 24 * 3_600_000, DEFAULT_HOLE_POLICY).action).toBe('abort');
	});
});
