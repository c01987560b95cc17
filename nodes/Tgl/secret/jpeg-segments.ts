// The marker segments at the head of a JPEG (SOI, then APPn, DQT, SOFn… up to the start of scan),
// for the readers that want one of them (EXIF orientation, frame size). The bytes come from the
// user's items: the walk never reads past them and stops at the first thing that is not a segment.

export interface JpegSegment {
	/** The byte after 0xFF: 0xE1 for APP1, 0xC0–0xCF for the frame headers… */
	marker: number;
	/** The segment's data after its length field, cut at the end of the bytes. */
	body: Buffer;
	/** false when the bytes end before the length the segment declares (it is then the last one). */
	whole: boolean;
}

/** The segments before the image data; nothing for bytes that do not start with SOI. */
export function* jpegSegments(bytes: Buffer): Generator<JpegSegment> {
	if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return;
	let at = 2;
	while (at + 4 <= bytes.length) {
		if (bytes[at] !== 0xff) return;
		const marker = bytes[at + 1];
		if (marker === 0xff) {
			at += 1; // fill byte
			continue;
		}
		if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
			at += 2; // TEM, RST0–7: no length
			continue;
		}
		// Start of scan or end of image: no metadata or frame header comes after it.
		if (marker === 0xda || marker === 0xd9) return;
		const length = bytes.readUInt16BE(at + 2);
		if (length < 2) return;
		const end = at + 2 + length;
		yield { marker, body: bytes.subarray(at + 4, end), whole: end <= bytes.length };
		at = end;
	}
}
