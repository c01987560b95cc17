// The EXIF Orientation of a JPEG (APP1 "Exif", TIFF IFD0 tag 0x0112): how the stored pixels turn
// to be seen upright. Phones store the sensor's landscape frame and set 6 or 8 for a portrait
// shot, so the width, the height and the preview must follow it. The bytes come from the user's
// items: every read is bounds-checked and anything unexpected means "as stored" (1).
import { jpegSegments } from './jpeg-segments';

/** 1 (as stored) to 8, as EXIF numbers them. */
export type Orientation = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

const ORIENTATION_TAG = 0x0112;
const SHORT = 3;
const EXIF_HEADER = 'Exif\0\0';

/** The JPEG's orientation; 1 for other bytes, a JPEG without one, or a damaged Exif block. */
export function jpegOrientation(bytes: Buffer): Orientation {
	const tiff = exifTiff(bytes);
	return tiff ? tiffOrientation(tiff) : 1;
}

/** Orientations 5–8 turn the image a quarter: the displayed width is the stored height. */
export function swapsSides(orientation: Orientation): boolean {
	return orientation >= 5;
}

/** The TIFF block of the first APP1 "Exif" segment before the image data, if any. */
function exifTiff(bytes: Buffer): Buffer | undefined {
	for (const { marker, body, whole } of jpegSegments(bytes)) {
		if (!whole) return undefined;
		if (marker === 0xe1 && body.length >= EXIF_HEADER.length && body.toString('latin1', 0, EXIF_HEADER.length) === EXIF_HEADER) {
			return body.subarray(EXIF_HEADER.length);
		}
	}
	return undefined;
}

/** IFD0's Orientation entry: byte order from the header, offsets from the TIFF block's start. */
function tiffOrientation(tiff: Buffer): Orientation {
	if (tiff.length < 8) return 1;
	const order = tiff.toString('latin1', 0, 2);
	if (order !== 'II' && order !== 'MM') return 1;
	const little = order === 'II';
	const u16 = (at: number) => (little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
	const u32 = (at: number) => (little ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
	if (u16(2) !== 42) return 1;
	const ifd = u32(4);
	if (ifd < 8 || ifd + 2 > tiff.length) return 1;
	// A count larger than the block holds is cut to what is there: never a read past the end.
	const entries = Math.min(u16(ifd), Math.floor((tiff.length - ifd - 2) / 12));
	for (let k = 0; k < entries; k++) {
		const entry = ifd + 2 + k * 12;
		if (u16(entry) !== ORIENTATION_TAG) continue;
		if (u16(entry + 2) !== SHORT || u32(entry + 4) !== 1) return 1;
		// A single SHORT sits in the first two bytes of the value field.
		const value = u16(entry + 8);
		return value >= 1 && value <= 8 ? (value as Orientation) : 1;
	}
	return 1;
}
