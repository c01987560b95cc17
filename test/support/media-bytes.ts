// Fake media for tests: the headers the loopback server sniffs (type, width, height), then random bytes.
import { randomBytes } from 'crypto';

/** A PNG signature and IHDR with the given size, then random bytes. */
export function png(w: number, h: number, extra = 2000): Buffer {
	const head = Buffer.alloc(24);
	head.writeUInt32BE(0x89504e47, 0);
	head.writeUInt32BE(0x0d0a1a0a, 4);
	head.writeUInt32BE(13, 8);
	head.write('IHDR', 12, 'latin1');
	head.writeUInt32BE(w, 16);
	head.writeUInt32BE(h, 20);
	return Buffer.concat([head, randomBytes(extra)]);
}
