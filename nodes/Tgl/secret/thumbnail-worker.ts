// The worker side of thumbnail-off-thread.ts: one image in (workerData), its thumbnail posted
// back, then the thread ends.
import { parentPort, workerData } from 'worker_threads';
import { makeThumbnail } from './thumbnail';

const image = workerData as Uint8Array;
const thumbnail = makeThumbnail(Buffer.from(image.buffer, image.byteOffset, image.byteLength));
parentPort?.postMessage({ bytes: thumbnail.bytes, w: thumbnail.w, h: thumbnail.h });
