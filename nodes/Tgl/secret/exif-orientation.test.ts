import { app1, BLUE, exifSegment, GREEN, quadrantJpeg, RED, WHITE, withSegment } from '../../../test/support/exif-jpeg';
import { jpegOrientation } from './exif-orientation';

const photo = quadrantJpeg(16, 8, [RED, GREEN, BLUE, WHITE]);

describe('jpegOrientation', () => {
	it('reads 1–8 from IFD0 in both byte orders, after SOI or after a JFIF APP0', () => {
		for (let o = 1; o <= 8; o++) {
			expect(jpegOrientation(withSegment(photo, exifSegment(o, 'II')))).toBe(o);
			expect(jpegOrientation(withSegment(photo, exifSegment(o, 'MM'), true))).toBe(o);
		}
	});

	it('is 1 for a JPEG without Exif, a PNG, no bytes, and values outside 1–8', () => {
		expect(jpegOrientation(photo)).toBe(1);
		expect(jpegOrientation(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]))).toBe(1);
		expect(jpegOrientation(Buffer.alloc(0))).toBe(1);
		expect(jpegOrientation(withSegment(photo, exifSegment(0)))).toBe(1);
		expect(jpegOrientation(withSegment(photo, exifSegment(9)))).toBe(1);
		expect(jpegOrientation(withSegment(photo, exifSegment(0xffff, 'MM')))).toBe(1);
	});

	it('never reads past the data: every cut of the Exif block, bad offsets and counts give 1 without throwing', () => {
		const good = withSegment(photo, exifSegment(6));
		// The file cut anywhere inside its first segments (the APP1 is 4 + 50 bytes after SOI).
		for (let end = 0; end < 80; end++) expect(() => jpegOrientation(good.subarray(0, end))).not.toThrow();
		const body = exifSegment(6).subarray(4);
		// The APP1 body cut short while its length field says it is whole: a segment past the end.
		for (let end = 0; end < body.length; end++) {
			const cut = Buffer.concat([Buffer.from([0xff, 0xd8]), exifSegment(6).subarray(0, 4 + end)]);
			expect(jpegOrientation(cut)).toBe(1);
			// The same bytes in a segment whose length matches them: a TIFF block that ends early,
			// readable only once it holds the whole Orientation entry ("Exif\0\0", then 34 bytes of TIFF).
			expect(jpegOrientation(withSegment(photo, app1(body.subarray(0, end))))).toBe(end >= 6 + 34 ? 6 : 1);
		}
		const tiff = 4 + 6; // the TIFF header's offset in the segment
		const broken = (patch: (segment: Buffer) => void) => {
			const segment = Buffer.from(exifSegment(6));
			patch(segment);
			return jpegOrientation(withSegment(photo, segment));
		};
		expect(broken((s) => s.writeUInt32LE(0xfffffff0, tiff + 4))).toBe(1); // IFD0 far past the end
		expect(broken((s) => s.writeUInt32LE(3, tiff + 4))).toBe(1); // IFD0 inside the header
		expect(broken((s) => s.writeUInt16LE(43, tiff + 2))).toBe(1); // not TIFF's 42
		expect(broken((s) => s.write('XX', tiff, 'latin1'))).toBe(1); // no byte order
		expect(broken((s) => s.writeUInt16LE(4, tiff + 8 + 2 + 12 + 2))).toBe(1); // Orientation as a LONG
		expect(broken((s) => s.writeUInt32LE(2, tiff + 8 + 2 + 12 + 4))).toBe(1); // count 2
		// An entry count of 65535: only the entries the block holds are read, the Orientation among them.
		expect(broken((s) => s.writeUInt16LE(0xffff, tiff + 8))).toBe(6);
		// A segment length under 2, or a non-marker byte where a segment should start.
		expect(jpegOrientation(Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0x00, 0x01, 0, 0]))).toBe(1);
		expect(jpegOrientation(Buffer.from([0xff, 0xd8, 0x00, 0xe1, 0x00, 0x10]))).toBe(1);
	});

	it('only looks before the image data: an "Exif" after the start of scan is not metadata', () => {
		const sos = photo.indexOf(Buffer.from([0xff, 0xda]));
		const late = Buffer.concat([photo.subarray(0, sos), photo.subarray(sos, sos + 4), exifSegment(6), photo.subarray(sos + 4)]);
		expect(jpegOrientation(late)).toBe(1);
	});
});
