import { exifSegment, quadrantJpeg, RED, withSegment } from '../../../test/support/exif-jpeg';
import { displaySize, imageSize } from './image-size';

function png(w: number, h: number): Buffer {
	const b = Buffer.alloc(33);
	Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b, 0);
	b.writeUInt32BE(13, 8);
	b.write('IHDR', 12, 'latin1');
	b.writeUInt32BE(w, 16);
	b.writeUInt32BE(h, 20);
	return b;
}

/** SOI, an APP0 segment, then SOF2 (progressive) with height then width. */
function jpeg(w: number, h: number): Buffer {
	const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, ...Buffer.from('JFIF\0'), 1, 1, 0, 0, 1, 0, 1, 0, 0]);
	const sof = Buffer.from([0xff, 0xc2, 0x00, 0x11, 0x08, h >> 8, h & 0xff, w >> 8, w & 0xff, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
	return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, sof, Buffer.from([0xff, 0xd9])]);
}

describe('imageSize', () => {
	it('reads PNG, JPEG and GIF headers', () => {
		expect(imageSize(png(640, 480))).toEqual({ w: 640, h: 480 });
		expect(imageSize(jpeg(1280, 720))).toEqual({ w: 1280, h: 720 });
		const gif = Buffer.concat([Buffer.from('GIF89a', 'latin1'), Buffer.from([0x20, 0x01, 0x10, 0x00])]);
		expect(imageSize(gif)).toEqual({ w: 288, h: 16 });
	});

	it('gives undefined for other bytes and cut-off headers', () => {
		expect(imageSize(Buffer.from('not an image'))).toBeUndefined();
		expect(imageSize(jpeg(10, 10).subarray(0, 12))).toBeUndefined();
		expect(imageSize(png(0, 5))).toBeUndefined();
	});
});

describe('displaySize', () => {
	it('swaps the sides of a JPEG whose EXIF Orientation is 5–8 (a phone held upright), not of 1–4 or other formats', () => {
		const stored = quadrantJpeg(64, 48, [RED, RED, RED, RED]);
		expect(displaySize(stored)).toEqual({ w: 64, h: 48 });
		for (const o of [1, 2, 3, 4]) expect(displaySize(withSegment(stored, exifSegment(o)))).toEqual({ w: 64, h: 48 });
		for (const o of [5, 6, 7, 8]) expect(displaySize(withSegment(stored, exifSegment(o, 'MM'), true))).toEqual({ w: 48, h: 64 });
		expect(displaySize(png(640, 480))).toEqual({ w: 640, h: 480 });
		expect(displaySize(Buffer.from('not an image'))).toBeUndefined();
	});
});
