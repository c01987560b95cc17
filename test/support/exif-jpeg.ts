// JPEGs with an EXIF Orientation, as a phone writes them: jpeg-js encodes the pixels, then an APP1
// "Exif" segment (a TIFF header and IFD0 with a Make entry before the Orientation) goes in.
import { encode as encodeJpeg } from 'jpeg-js';

export type Colour = [number, number, number];
export const RED: Colour = [230, 20, 20];
export const GREEN: Colour = [20, 200, 20];
export const BLUE: Colour = [20, 20, 230];
export const WHITE: Colour = [250, 250, 250];

/** Four flat quadrants, top-left, top-right, bottom-left, bottom-right, encoded as a JPEG. */
export function quadrantJpeg(width: number, height: number, [tl, tr, bl, br]: [Colour, Colour, Colour, Colour], quality = 90): Buffer {
	const data = Buffer.alloc(width * height * 4);
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			const left = x < width / 2;
			const colour = y < height / 2 ? (left ? tl : tr) : left ? bl : br;
			data.set([...colour, 255], (y * width + x) * 4);
		}
	}
	return Buffer.from(encodeJpeg({ data, width, height }, quality).data);
}

/** An APP1 Exif segment whose IFD0 holds a Make and the Orientation (a SHORT), in either byte order. */
export function exifSegment(orientation: number, order: 'II' | 'MM' = 'II'): Buffer {
	const little = order === 'II';
	const tiff = Buffer.alloc(8 + 2 + 2 * 12 + 4 + 6);
	const u16 = (v: number, at: number) => (little ? tiff.writeUInt16LE(v, at) : tiff.writeUInt16BE(v, at));
	const u32 = (v: number, at: number) => (little ? tiff.writeUInt32LE(v, at) : tiff.writeUInt32BE(v, at));
	tiff.write(order, 0, 'latin1');
	u16(42, 2);
	u32(8, 4);
	u16(2, 8);
	// Make: ASCII "Test\0", 5 bytes, stored after IFD0.
	const make = 8 + 2 + 2 * 12 + 4;
	u16(0x010f, 10);
	u16(2, 12);
	u32(5, 14);
	u32(make, 18);
	tiff.write('Test\0', make, 'latin1');
	// Orientation: SHORT, count 1, the value in the field's first two bytes.
	u16(0x0112, 22);
	u16(3, 24);
	u32(1, 26);
	u16(orientation, 30);
	u32(0, 34); // no next IFD
	return app1(Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]));
}

/** An APP1 segment around the given body. */
export function app1(body: Buffer): Buffer {
	const head = Buffer.from([0xff, 0xe1, 0, 0]);
	head.writeUInt16BE(body.length + 2, 2);
	return Buffer.concat([head, body]);
}

/** The JPEG with the segment put in right after SOI, or after its JFIF APP0 segment. */
export function withSegment(jpeg: Buffer, segment: Buffer, afterApp0 = false): Buffer {
	let at = 2;
	if (afterApp0 && jpeg[2] === 0xff && jpeg[3] === 0xe0) at = 4 + jpeg.readUInt16BE(4);
	return Buffer.concat([jpeg.subarray(0, at), segment, jpeg.subarray(at)]);
}
