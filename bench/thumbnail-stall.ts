// How long making a photo's preview holds the event loop, in place and on a worker thread:
//   node -r ts-node/register/transpile-only bench/thumbnail-stall.ts [photo.jpg]
// Without a file it encodes a 12 MP (4000×3000) photo-like JPEG first. Figures are printed,
// never asserted: the machines are shared and noisy.
import { readFileSync } from 'fs';
import { encode as encodeJpeg } from 'jpeg-js';
import { monitorEventLoopDelay } from 'perf_hooks';
import { setTimeout as sleep } from 'timers/promises';
import { makeThumbnail } from '../nodes/Tgl/secret/thumbnail';
import { makeThumbnailOffThread } from '../nodes/Tgl/secret/thumbnail-off-thread';

function photo(width: number, height: number): Buffer {
	const data = Buffer.alloc(width * height * 4);
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) data.set([(x * 255) / width, (y * 255) / height, (x * y) % 251, 255], (y * width + x) * 4);
	}
	return Buffer.from(encodeJpeg({ data, width, height }, 85).data);
}

async function measure(label: string, run: () => Promise<unknown> | unknown): Promise<void> {
	const delay = monitorEventLoopDelay({ resolution: 10 });
	delay.enable();
	// Its first tick only starts the clock: a block before it would go unseen.
	await sleep(200);
	const start = process.hrtime.bigint();
	// A timer keeps the loop ticking, as n8n's own would.
	const ticking = setInterval(() => undefined, 5);
	await run();
	const ms = Number(process.hrtime.bigint() - start) / 1e6;
	await sleep(50);
	clearInterval(ticking);
	delay.disable();
	const toMs = (ns: number) => (ns / 1e6).toFixed(0);
	console.log(`${label}: ${ms.toFixed(0)} ms wall; event-loop delay max ${toMs(delay.max)} ms, p99 ${toMs(delay.percentile(99))} ms, mean ${toMs(delay.mean)} ms`);
}

async function main(): Promise<void> {
	const image = process.argv[2] ? readFileSync(process.argv[2]) : photo(4000, 3000);
	console.log(`photo: ${(image.length / 1e6).toFixed(1)} MB JPEG`);
	for (let round = 1; round <= 2; round++) {
		await measure(`in place    #${round}`, () => makeThumbnail(image));
		await measure(`worker      #${round}`, () => makeThumbnailOffThread(image));
	}
}

void main();
