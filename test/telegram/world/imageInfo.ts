// Reads an image's size and kind from its header, so photos get honest w/h.
import { Api } from 'telegram';

export interface ImageInfo {
	w: number;
	h: number;
}

/** Width and height of a PNG, GIF, JPEG or WebP (VP8X) image; undefined when unknown. */
export function imageSize(bytes: Buffer): ImageInfo | undefined {
	if (bytes.length >= 24 && bytes.readUInt32BE(0) === 0x89504e47) {
		return { w: bytes.readUInt32BE(16), h: bytes.readUInt32BE(20) };
	}
	if (bytes.length >= 10 && bytes.toString('latin1', 0, 3) === 'GIF') {
		return { w: bytes.readUInt16LE(6), h: bytes.readUInt16LE(8) };
	}
	if (bytes.length >= 30 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 12, 16) === 'VP8X') {
		return { w: 1 + bytes.readUIntLE(24, 3), h: 1 + bytes.readUIntLE(27, 3) };
	}
	if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) return jpegSize(bytes);
	return undefined;
}

function jpegSize(bytes: Buffer): ImageInfo | undefined {
	let at = 2;
	while (at + 9 < bytes.length) {
		if (bytes[at] !== 0xff) return undefined;
		const marker = bytes[at + 1];
		const length = bytes.readUInt16BE(at + 2);
		// SOF0..SOF15 carry the frame size, except DHT (C4), JPG (C8) and DAC (CC).
		if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
			return { h: bytes.readUInt16BE(at + 5), w: bytes.readUInt16BE(at + 7) };
		}
		at += 2 + length;
	}
	return undefined;
}

/** The storage.FileType upload.getFile reports, from the file's magic bytes. */
export function storageType(bytes: Buffer): Api.storage.TypeFileType {
	const head = bytes.toString('latin1', 0, 12);
	if (bytes[0] === 0xff && bytes[1] === 0xd8) return new Api.storage.FileJpeg();
	if (head.startsWith('\x89PNG')) return new Api.storage.FilePng();
	if (head.startsWith('GIF8')) return new Api.storage.FileGif();
	if (head.startsWith('%PDF')) return new Api.storage.FilePdf();
	if (head.startsWith('ID3')) return new Api.storage.FileMp3();
	if (head.startsWith('RIFF') && head.endsWith('WEBP')) return new Api.storage.FileWebp();
	if (head.slice(4, 8) === 'ftyp') {
		return head.slice(8, 10) === 'qt' ? new Api.storage.FileMov() : new Api.storage.FileMp4();
	}
	return new Api.storage.FileUnknown();
}
