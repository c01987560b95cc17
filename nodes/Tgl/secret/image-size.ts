// A photo's width and height read from its header (PNG, JPEG, GIF), without decoding it: a secret
// photo carries them (decryptedMessageMediaPhoto w/h) so the other app can lay it out.
import { jpegOrientation, swapsSides } from './exif-orientation';
import { jpegSegments } from './jpeg-segments';

export interface ImageSize {
	w: number;
	h: number;
}

/** undefined when the bytes are no PNG, JPEG or GIF the header can be read from. */
export function imageSize(bytes: Buffer): ImageSize | undefined {
	if (bytes.length >= 24 && bytes.readUInt32BE(0) === 0x89504e47 && bytes.toString('latin1', 12, 16) === 'IHDR') {
		return sized(bytes.readUInt32BE(16), bytes.readUInt32BE(20));
	}
	if (bytes.length >= 10 && bytes.toString('latin1', 0, 4) === 'GIF8') return sized(bytes.readUInt16LE(6), bytes.readUInt16LE(8));
	if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) return jpegSize(bytes);
	return undefined;
}

/** The size the image is seen at: a JPEG's EXIF Orientation 5–8 (a phone held upright) swaps the sides. */
export function displaySize(bytes: Buffer): ImageSize | undefined {
	const size = imageSize(bytes);
	return size && swapsSides(jpegOrientation(bytes)) ? { w: size.h, h: size.w } : size;
}

function sized(w: number, h: number): ImageSize | undefined {
	return w > 0 && h > 0 ? { w, h } : undefined;
}

/** The size in the first start-of-frame header (SOF0–SOF15 but DHT, JPG and DAC): height, then width. */
function jpegSize(bytes: Buffer): ImageSize | undefined {
	for (const { marker, body } of jpegSegments(bytes)) {
		const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
		if (isFrame) return body.length >= 5 ? sized(body.readUInt16BE(3), body.readUInt16BE(1)) : undefined;
	}
	return undefined;
}
