import { inflateSync } from 'zlib';
import QRCode from 'qrcode-terminal/vendor/QRCode';
import QRErrorCorrectLevel from 'qrcode-terminal/vendor/QRCode/QRErrorCorrectLevel';
import { qrPng } from './qr-png';

describe('qrPng', () => {
	it('draws every QR module as an 8×8 black or white square inside a 4-module white border', () => {
		const text = 'tg://login?token=AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA';
		const png = qrPng(text);
		expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
		expect(png.subarray(12, 16).toString()).toBe('IHDR');
		const size = png.readUInt32BE(16);
		const idatLength = png.readUInt32BE(33);
		expect(png.subarray(37, 41).toString()).toBe('IDAT');
		const raw = inflateSync(png.subarray(41, 41 + idatLength));
		const rowBytes = Math.ceil(size / 8) + 1;
		const white = (x: number, y: number) => (raw[y * rowBytes + 1 + (x >> 3)] & (0x80 >> (x & 7))) !== 0;

		const qr = new QRCode(-1, QRErrorCorrectLevel.M);
		qr.addData(text);
		qr.make();
		const n = qr.getModuleCount();
		expect(size).toBe((n + 8) * 8);
		for (let r = -4; r < n + 4; r++) {
			for (let c = -4; c < n + 4; c++) {
				const dark = r >= 0 && c >= 0 && r < n && c < n && qr.isDark(r, c);
				expect([r, c, white((c + 4) * 8 + 3, (r + 4) * 8 + 5)]).toEqual([r, c, !dark]);
			}
		}
		expect(png.subarray(-8, -4).toString()).toBe('IEND');
	});
});
