// A small JPEG preview of a JPEG or PNG image, as Telegram's apps put inside a secret chat's file
// message (decryptedMessageMedia* thumb/thumb_w/thumb_h): at most 90 px on the long side, the
// aspect kept, every source pixel averaged into the preview (area average), upright as the
// JPEG's EXIF Orientation says, a few KB. Pure
// JavaScript (jpeg-js, pngjs) so the pack installs wherever n8n runs. Anything it cannot read
// gives no thumbnail, never an error: a preview must not fail the send of the file.
import { decode as decodeJpeg, encode as encodeJpeg } from 'jpeg-js';
import { PNG } from 'pngjs';
import { jpegOrientation } from './exif-orientation';
import { imageSize } from './image-size';
import { orientRgba } from './orient';

export interface Thumbnail {
	/** JPEG bytes; empty when no thumbnail could be made. */
	bytes: Buffer;
	w: number;
	h: number;
}

/** The long side of a secret chat thumbnail, as Telegram's apps make them. */
const THUMB_MAX_SIDE = 90;
/** Low: a blurred preview until the file is downloaded; a 90 px one is a few KB. */
const THUMB_QUALITY = 60;
/** Images whose header says more are not decoded (a 40 MP RGBA image is 160 MB in memory). */
export const THUMB_MAX_MEGAPIXELS = 40;

const NONE: Thumbnail = { bytes: Buffer.alloc(0), w: 0, h: 0 };

interface Pixels {
	data: Uint8Array;
	width: number;
	height: number;
	/** 4 = RGBA (composited on white), 3 = RGB. */
	channels: 3 | 4;
}

/** The upright thumbnail of a JPEG or PNG; empty bytes and 0×0 for other, undecodable or oversized input. */
export function makeThumbnail(image: Buffer): Thumbnail {
	const size = imageSize(image);
	// The header is read first: a huge image is refused before any memory goes to it.
	if (!size || size.w * size.h > THUMB_MAX_MEGAPIXELS * 1_000_000) return NONE;
	try {
		const pixels = decode(image);
		if (!pixels || pixels.width < 1 || pixels.height < 1) return NONE;
		const { w, h } = thumbnailSize(pixels.width, pixels.height);
		// Turned after the scaling: the preview is at most 90×90, the photo may be 40 MP.
		const upright = orientRgba({ data: areaAverage(pixels, w, h), width: w, height: h }, jpegOrientation(image));
		return { bytes: Buffer.from(encodeJpeg(upright, THUMB_QUALITY).data), w: upright.width, h: upright.height };
	} catch {
		// Damaged data, an unsupported JPEG (arithmetic coding, 12-bit) or jpeg-js's memory cap.
		return NONE;
	}
}

/** The preview's size: the long side at most 90 px, the aspect kept, never enlarged, never 0. */
export function thumbnailSize(width: number, height: number): { w: number; h: number } {
	const long = Math.max(width, height);
	if (long <= THUMB_MAX_SIDE) return { w: width, h: height };
	const scale = THUMB_MAX_SIDE / long;
	return { w: Math.max(1, Math.round(width * scale)), h: Math.max(1, Math.round(height * scale)) };
}

function decode(image: Buffer): Pixels | undefined {
	if (image[0] === 0xff && image[1] === 0xd8) {
		const jpeg = decodeJpeg(image, { useTArray: true, formatAsRGBA: false, maxResolutionInMP: THUMB_MAX_MEGAPIXELS, maxMemoryUsageInMB: 512 });
		return { data: jpeg.data, width: jpeg.width, height: jpeg.height, channels: 3 };
	}
	if (image.readUInt32BE(0) === 0x89504e47) {
		// pngjs gives 8-bit RGBA whatever the PNG holds (palette, grey, 16-bit, interlaced).
		const png = PNG.sync.read(image);
		return { data: png.data, width: png.width, height: png.height, channels: 4 };
	}
	return undefined;
}

/**
 * For each source column (or row), the preview column it falls in and the share of it that goes
 * there; the rest goes to the next one. A source pixel spans at most two preview pixels because
 * the preview is never larger than the source.
 */
function spans(source: number, target: number): { bin: Uint32Array; share: Float64Array; total: Float64Array } {
	const scale = source / target;
	const bin = new Uint32Array(source);
	const share = new Float64Array(source);
	const total = new Float64Array(target);
	for (let x = 0; x < source; x++) {
		const b = Math.min(target - 1, Math.floor(x / scale));
		const edge = (b + 1) * scale;
		const first = b + 1 < target && x + 1 > edge ? edge - x : 1;
		bin[x] = b;
		share[x] = first;
		total[b] += first;
		if (first < 1) total[b + 1] += 1 - first;
	}
	return { bin, share, total };
}

/**
 * Area-average downscale into RGBA (alpha 255, as jpeg-js's encoder reads it). Transparent pixels
 * are put on white first, as apps show a transparent PNG. One pass over the source, row by row.
 */
function areaAverage(src: Pixels, w: number, h: number): Buffer {
	const cols = spans(src.width, w);
	const rows = spans(src.height, h);
	const sums = new Float64Array(w * h * 3);
	const row = new Float64Array(w * 3);
	const { data, width, channels } = src;
	for (let y = 0; y < src.height; y++) {
		row.fill(0);
		let at = y * width * channels;
		for (let x = 0; x < width; x++, at += channels) {
			let r = data[at];
			let g = data[at + 1];
			let b = data[at + 2];
			if (channels === 4) {
				const a = data[at + 3] / 255;
				r = r * a + 255 * (1 - a);
				g = g * a + 255 * (1 - a);
				b = b * a + 255 * (1 - a);
			}
			const c = cols.bin[x] * 3;
			const s = cols.share[x];
			row[c] += r * s;
			row[c + 1] += g * s;
			row[c + 2] += b * s;
			if (s < 1) {
				row[c + 3] += r * (1 - s);
				row[c + 4] += g * (1 - s);
				row[c + 5] += b * (1 - s);
			}
		}
		const s = rows.share[y];
		const top = rows.bin[y] * w * 3;
		for (let k = 0; k < w * 3; k++) sums[top + k] += row[k] * s;
		if (s < 1) for (let k = 0; k < w * 3; k++) sums[top + w * 3 + k] += row[k] * (1 - s);
	}
	const out = Buffer.alloc(w * h * 4);
	for (let y = 0; y < h; y++) {
		for (let x = 0; x < w; x++) {
			const area = cols.total[x] * rows.total[y];
			const from = (y * w + x) * 3;
			const to = (y * w + x) * 4;
			for (let k = 0; k < 3; k++) out[to + k] = Math.min(255, Math.max(0, Math.round(sums[from + k] / area)));
			out[to + 3] = 255;
		}
	}
	return out;
}
