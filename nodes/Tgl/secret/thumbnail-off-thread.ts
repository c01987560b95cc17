// makeThumbnail on a worker thread: decoding a 12 MP JPEG in pure JavaScript takes 1–2 s of CPU,
// and on n8n's main thread that would hold every other workflow, webhook and trigger meanwhile.
// A small image is done in place (less work than starting a thread). Whatever goes wrong in the
// worker (a crash, its memory cap, the timeout) gives no thumbnail, never a failed send.
import { join } from 'path';
import { Worker, type ResourceLimits } from 'worker_threads';
import { imageSize } from './image-size';
import { makeThumbnail, THUMB_MAX_MEGAPIXELS, type Thumbnail } from './thumbnail';

/** Up to this many pixels the image is decoded in place: well under 100 ms of CPU. */
export const IN_PLACE_MAX_PIXELS = 500_000;
/** The largest image jpeg-js decodes takes some 10 s on a busy machine; past this the worker is ended. */
const TIMEOUT_MS = 60_000;
/**
 * The worker's heap; V8 holds its typed arrays (the pixels) to a limit derived from it too.
 * Measured: what jpeg-js's own 512 MB budget lets through (a 38 MP 4:2:0 JPEG, a 24 MP 4:4:4
 * one) and a 40 MP PNG decode within 256 MB; a 12 MP JPEG needs more than 64.
 */
const RESOURCE_LIMITS: ResourceLimits = { maxOldGenerationSizeMb: 256 };

const NONE: Thumbnail = { bytes: Buffer.alloc(0), w: 0, h: 0 };

export interface OffThreadOptions {
	/** Tests only: smaller, to see a worker that runs out of time or memory give no thumbnail. */
	timeoutMs?: number;
	resourceLimits?: ResourceLimits;
	/** Tests only: 0 sends every image to a worker. */
	inPlaceMaxPixels?: number;
}

/** makeThumbnail's result, computed without holding the event loop for a large image. */
export async function makeThumbnailOffThread(image: Buffer, options: OffThreadOptions = {}): Promise<Thumbnail> {
	const size = imageSize(image);
	const pixels = size ? size.w * size.h : 0;
	// No header, or over the cap: makeThumbnail refuses it from the header, at no cost.
	if (!size || pixels > THUMB_MAX_MEGAPIXELS * 1_000_000 || pixels <= (options.inPlaceMaxPixels ?? IN_PLACE_MAX_PIXELS)) return makeThumbnail(image);
	return oneAtATime(() => inWorker(image, options));
}

let queue: Promise<unknown> = Promise.resolve();

/** One worker at a time: parallel executions must not each take a few hundred MB and a core. */
function oneAtATime<T>(job: () => Promise<T>): Promise<T> {
	const run = queue.then(job, job);
	queue = run.catch(() => undefined);
	return run;
}

function inWorker(image: Buffer, options: OffThreadOptions): Promise<Thumbnail> {
	return new Promise((resolve) => {
		let worker: Worker;
		try {
			worker = startWorker(image, options.resourceLimits ?? RESOURCE_LIMITS);
		} catch {
			resolve(NONE); // no thread to be had: the file goes without a preview
			return;
		}
		let settled = false;
		const settle = (thumbnail: Thumbnail) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			void worker.terminate().catch(() => undefined);
			resolve(thumbnail);
		};
		// While the send waits for it the thread keeps the process alive, as the send's own I/O
		// does; it is ended the moment it answers, fails or runs out of time, so never after.
		const timer = setTimeout(() => settle(NONE), options.timeoutMs ?? TIMEOUT_MS);
		timer.unref();
		worker.once('message', (reply) => settle(asThumbnail(reply)));
		worker.once('messageerror', () => settle(NONE));
		// ERR_WORKER_OUT_OF_MEMORY and any exception in the worker come here, before 'exit'.
		worker.on('error', () => settle(NONE)); // 'on': an 'error' with no listener would throw in n8n
		worker.once('exit', () => settle(NONE));
	});
}

/**
 * The built pack runs thumbnail-worker.js beside this file. Under ts-jest or ts-node this file is
 * TypeScript: the worker is a fresh thread without their hooks, so it registers ts-node first.
 */
function startWorker(image: Buffer, resourceLimits: ResourceLimits): Worker {
	// workerData copies the whole memory a Buffer views: a view into a larger one is copied out first.
	const own = image.byteOffset === 0 && image.byteLength === image.buffer.byteLength ? image : Buffer.from(image);
	const options = { workerData: own, resourceLimits };
	if (!__filename.endsWith('.ts')) return new Worker(join(__dirname, 'thumbnail-worker.js'), options);
	const register = `require(${JSON.stringify(require.resolve('ts-node'))}).register({ transpileOnly: true });`;
	return new Worker(`${register} require(${JSON.stringify(join(__dirname, 'thumbnail-worker.ts'))});`, { ...options, eval: true });
}

/** The worker's reply, checked: anything else is no thumbnail. */
function asThumbnail(reply: unknown): Thumbnail {
	const { bytes, w, h } = (reply ?? {}) as { bytes?: unknown; w?: unknown; h?: unknown };
	if (!(bytes instanceof Uint8Array) || typeof w !== 'number' || typeof h !== 'number' || !bytes.length) return NONE;
	return { bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), w, h };
}
