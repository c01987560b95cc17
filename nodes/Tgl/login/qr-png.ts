// A QR code as a PNG: the modules from the QR encoder qrcode-terminal bundles, drawn as a
// 1-bit greyscale image (8 pixels per module, the 4-module quiet zone the standard asks for).
// PNG is a signature and three chunks (IHDR, IDAT = zlib of the rows, IEND); zlib and CRC-32
// come with Node.
import { crc32, deflateSync } from 'zlib';
import QRCode from 'qrcode-terminal/vendor/QRCode';
import QRErrorCorrectLevel from 'qrcode-terminal/vendor/QRCode/QRErrorCorrectLevel';

const SCALE = 8;
const QUIET = 4;
const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function qrPng(text: string): Buffer {
	const qr = new QRCode(-1, QRErrorCorrectLevel.M);
	qr.addData(text);
	qr.make();
	const modules = qr.getModuleCount();
	const size = (modules + 2 * QUIET) * SCALE;
	const rowBytes = Math.ceil(size / 8);
	const raw = Buffer.alloc((rowBytes + 1) * size);
	for (let y = 0; y < size; y++) {
		const row = y * (rowBytes + 1);
		raw[row] = 0; // filter: none
		for (let x = 0; x < size; x++) {
			const mr = Math.floor(y / SCALE) - QUIET;
			const mc = Math.floor(x / SCALE) - QUIET;
			const dark = mr >= 0 && mc >= 0 && mr < modules && mc < modules && qr.isDark(mr, mc);
			// 1-bit greyscale: 1 is white.
			if (!dark) raw[row + 1 + (x >> 3)] |= 0x80 >> (x & 7);
		}
	}
	const header = Buffer.alloc(13);
	header.writeUInt32BE(size, 0);
	header.writeUInt32BE(size, 4);
	header[8] = 1; // bit depth
	header[9] = 0; // colour type: greyscale
	return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

function chunk(type: string, data: Buffer): Buffer {
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(body));
	return Buffer.concat([length, body, crc]);
}
