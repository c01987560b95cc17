import { decode as decodeJpeg, encode as encodeJpeg } from 'jpeg-js';
import { PNG } from 'pngjs';
import { BLUE, type Colour, exifSegment, GREEN, quadrantJpeg, RED, WHITE, withSegment } from '../../../test/support/exif-jpeg';
import { makeThumbnail, thumbnailSize } from './thumbnail';

type Paint = (x: number, y: number) => [number, number, number, number];

function rgba(width: number, height: number, paint: Paint): Buffer {
	const data = Buffer.alloc(width * height * 4);
	for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(paint(x, y), (y * width + x) * 4);
	return data;
}

const jpeg = (width: number, height: number, paint: Paint) => Buffer.from(encodeJpeg({ data: rgba(width, height, paint), width, height }, 90).data);

function png(width: number, height: number, paint: Paint): Buffer {
	const image = new PNG({ width, height });
	rgba(width, height, paint).copy(image.data);
	return PNG.sync.write(image);
}

/** The thumbnail decoded, and the colour of one of its pixels. */
function open(bytes: Buffer) {
	const image = decodeJpeg(bytes, { useTArray: true });
	const at = (x: number, y: number) => Array.from(image.data.subarray((y * image.width + x) * 4, (y * image.width + x) * 4 + 3));
	return { width: image.width, height: image.height, at };
}

const near = (got: number[], want: number[], within = 8) => got.every((v, k) => Math.abs(v - want[k]) <= within);

describe('makeThumbnail', () => {
	it('makes a JPEG of at most 90 px on the long side with the aspect kept, a few KB, from a JPEG and from a PNG', () => {
		const wide = makeThumbnail(jpeg(400, 300, (x, y) => [x % 256, y % 256, 128, 255]));
		expect({ w: wide.w, h: wide.h }).toEqual({ w: 90, h: 68 });
		expect(open(wide.bytes)).toMatchObject({ width: 90, height: 68 });
		expect(wide.bytes.length).toBeLessThan(8 * 1024);
		const tall = makeThumbnail(png(120, 360, () => [10, 200, 30, 255]));
		expect({ w: tall.w, h: tall.h }).toEqual({ w: 30, h: 90 });
		const opened = open(tall.bytes);
		expect(opened).toMatchObject({ width: 30, height: 90 });
		expect(near(opened.at(15, 45), [10, 200, 30])).toBe(true);
	});

	it('never enlarges a small image, and re-encodes it as JPEG', () => {
		const small = makeThumbnail(png(40, 20, () => [0, 0, 255, 255]));
		expect({ w: small.w, h: small.h }).toEqual({ w: 40, h: 20 });
		expect(small.bytes.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
	});

	it('averages every source pixel: one-pixel black and white stripes give grey, not black or white', () => {
		const stripes = makeThumbnail(png(360, 180, (x) => (x % 2 ? [255, 255, 255, 255] : [0, 0, 0, 255])));
		const opened = open(stripes.bytes);
		for (const [x, y] of [[0, 0], [44, 20], [89, 44]]) expect(near(opened.at(x, y), [128, 128, 128], 6)).toBe(true);
		// A black left half and a white right half stay black and white away from the edge.
		const halves = open(makeThumbnail(jpeg(900, 300, (x) => (x < 450 ? [0, 0, 0, 255] : [255, 255, 255, 255]))).bytes);
		expect(near(halves.at(10, 15), [0, 0, 0])).toBe(true);
		expect(near(halves.at(80, 15), [255, 255, 255])).toBe(true);
	});

	it('puts PNG transparency on white', () => {
		expect(near(open(makeThumbnail(png(200, 100, () => [0, 0, 0, 0])).bytes).at(45, 20), [255, 255, 255])).toBe(true);
		expect(near(open(makeThumbnail(png(200, 100, () => [255, 0, 0, 128])).bytes).at(45, 20), [255, 127, 127], 10)).toBe(true);
	});

	it('gives no thumbnail (empty bytes, 0×0) for other formats, undecodable bytes and images over 40 megapixels', () => {
		const none = { bytes: Buffer.alloc(0), w: 0, h: 0 };
		expect(makeThumbnail(Buffer.from('GIF89a\x20\x01\x10\x00', 'latin1'))).toEqual(none);
		expect(makeThumbnail(Buffer.from('not an image at all'))).toEqual(none);
		expect(makeThumbnail(Buffer.alloc(0))).toEqual(none);
		// A good header with garbage after it.
		const cut = png(100, 100, () => [1, 2, 3, 255]).subarray(0, 40);
		expect(makeThumbnail(Buffer.concat([cut, Buffer.alloc(50, 7)]))).toEqual(none);
		const jpegHead = jpeg(100, 100, () => [1, 2, 3, 255]).subarray(0, 200);
		expect(makeThumbnail(Buffer.concat([jpegHead, Buffer.alloc(50, 0xab)]))).toEqual(none);
		// 10000×5000 in the header: refused from the header, nothing is decoded.
		const huge = png(10, 10, () => [0, 0, 0, 255]);
		huge.writeUInt32BE(10000, 16);
		huge.writeUInt32BE(5000, 20);
		expect(makeThumbnail(huge)).toEqual(none);
	});

	it('turns the preview upright for each EXIF Orientation 1–8: a 240×160 scene stored as a camera would', () => {
		// The scene seen upright: red top-left, green top-right, blue bottom-left, white bottom-right.
		// Below, how each orientation stores it (EXIF 2.3, tag 0x0112), worked out by hand.
		type Stored = { w: number; h: number; quadrants: [Colour, Colour, Colour, Colour] };
		const stored: Record<number, Stored> = {
			1: { w: 240, h: 160, quadrants: [RED, GREEN, BLUE, WHITE] },
			2: { w: 240, h: 160, quadrants: [GREEN, RED, WHITE, BLUE] }, // mirrored left-right
			3: { w: 240, h: 160, quadrants: [WHITE, BLUE, GREEN, RED] }, // upside down
			4: { w: 240, h: 160, quadrants: [BLUE, WHITE, RED, GREEN] }, // mirrored top-bottom
			5: { w: 160, h: 240, quadrants: [RED, BLUE, GREEN, WHITE] }, // transposed
			6: { w: 160, h: 240, quadrants: [GREEN, WHITE, RED, BLUE] }, // lying on its left side: shown turned 90° clockwise
			7: { w: 160, h: 240, quadrants: [WHITE, GREEN, BLUE, RED] }, // transposed across the other diagonal
			8: { w: 160, h: 240, quadrants: [BLUE, RED, WHITE, GREEN] }, // lying on its right side: shown turned 90° counter-clockwise
		};
		for (const [orientation, { w, h, quadrants }] of Object.entries(stored)) {
			const photo = withSegment(quadrantJpeg(w, h, quadrants), exifSegment(Number(orientation), Number(orientation) % 2 ? 'II' : 'MM'));
			const thumb = makeThumbnail(photo);
			expect({ orientation, w: thumb.w, h: thumb.h }).toEqual({ orientation, w: 90, h: 60 });
			const opened = open(thumb.bytes);
			expect(opened).toMatchObject({ width: 90, height: 60 });
			const seen = [opened.at(20, 15), opened.at(70, 15), opened.at(20, 45), opened.at(70, 45)];
			expect({ orientation, upright: seen.every((got, k) => near(got, [RED, GREEN, BLUE, WHITE][k], 24)) }).toEqual({ orientation, upright: true });
		}
	});

	it('sizes: long side 90, rounding, never 0', () => {
		expect(thumbnailSize(4000, 3000)).toEqual({ w: 90, h: 68 });
		expect(thumbnailSize(3000, 4000)).toEqual({ w: 68, h: 90 });
		expect(thumbnailSize(10000, 10)).toEqual({ w: 90, h: 1 });
		expect(thumbnailSize(90, 90)).toEqual({ w: 90, h: 90 });
	});
});
