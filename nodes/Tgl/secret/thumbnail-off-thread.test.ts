import { execFile } from 'child_process';
import { join } from 'path';
import { promisify } from 'util';
import { BLUE, exifSegment, GREEN, quadrantJpeg, RED, WHITE, withSegment } from '../../../test/support/exif-jpeg';
import { IN_PLACE_MAX_PIXELS, makeThumbnailOffThread } from './thumbnail-off-thread';
import { makeThumbnail } from './thumbnail';

const NONE = { bytes: Buffer.alloc(0), w: 0, h: 0 };

/** The call's result, and whether the event loop turned (a setImmediate ran) before it came. */
async function watched(run: () => Promise<unknown>) {
	let turned = false;
	setImmediate(() => (turned = true));
	const result = await run();
	return { result, turned };
}

// 1000×600 stored lying on its right side (Orientation 8): 600 000 pixels, over the in-place size.
const large = withSegment(quadrantJpeg(1000, 600, [BLUE, RED, WHITE, GREEN]), exifSegment(8));

describe('makeThumbnailOffThread', () => {
	it('makes a large photo\'s preview on a worker thread while the event loop turns: the same upright preview as in place', async () => {
		expect(1000 * 600).toBeGreaterThan(IN_PLACE_MAX_PIXELS);
		const inPlace = makeThumbnail(large);
		expect({ w: inPlace.w, h: inPlace.h }).toEqual({ w: 54, h: 90 });
		// Two at once (they take turns on one worker at a time), both whole.
		const { result, turned } = await watched(() => Promise.all([makeThumbnailOffThread(large), makeThumbnailOffThread(large)]));
		expect(turned).toBe(true);
		expect(result).toEqual([inPlace, inPlace]);
	});

	it('makes a small photo\'s preview in place, without a thread', async () => {
		const small = withSegment(quadrantJpeg(200, 100, [RED, GREEN, BLUE, WHITE]), exifSegment(3));
		const { result, turned } = await watched(() => makeThumbnailOffThread(small));
		expect(turned).toBe(false);
		expect(result).toEqual(makeThumbnail(small));
	});

	it('gives no thumbnail when the worker runs out of memory or time, or cannot decode what the header promised', async () => {
		expect(await makeThumbnailOffThread(large, { resourceLimits: { maxOldGenerationSizeMb: 2, maxYoungGenerationSizeMb: 1 } })).toEqual(NONE);
		expect(await makeThumbnailOffThread(large, { timeoutMs: 0 })).toEqual(NONE);
		const damaged = Buffer.concat([large.subarray(0, 1500), Buffer.alloc(4000, 0x5a)]);
		const { turned, result } = await watched(() => makeThumbnailOffThread(damaged));
		expect({ turned, result }).toEqual({ turned: true, result: NONE });
		// Still working afterwards.
		expect((await makeThumbnailOffThread(large)).w).toBe(54);
	});

	it('leaves nothing running: a script that makes a preview on a worker, or times one out, ends by itself', async () => {
		const script = `
			const { encode } = require('jpeg-js');
			const { makeThumbnailOffThread } = require(${JSON.stringify(join(__dirname, 'thumbnail-off-thread.ts'))});
			const data = Buffer.alloc(400 * 300 * 4, 200);
			const image = Buffer.from(encode({ data, width: 400, height: 300 }, 80).data);
			Promise.all([makeThumbnailOffThread(image, { inPlaceMaxPixels: 0 }), makeThumbnailOffThread(image, { inPlaceMaxPixels: 0, timeoutMs: 0 })])
				.then(([made, timedOut]) => console.log(JSON.stringify([made.w, made.h, timedOut.w])));`;
		const run = promisify(execFile);
		// Without a process.exit: if a thread were left it would hang here until the kill below.
		const { stdout } = await run(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], { cwd: join(__dirname, '../../..'), timeout: 25_000 });
		expect(JSON.parse(stdout)).toEqual([90, 68, 0]);
	});
});
