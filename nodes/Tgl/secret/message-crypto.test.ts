import { randomBytes } from 'crypto';
// The loopback server's MTProto 2.0 primitives, written independently from the protocol text:
// a cross-check of our KDF and AES-IGE, not the code under test.
import { deriveAesKeyIv, igeDecrypt, igeEncrypt, msgKeyFor } from '../../../test/telegram/mtproto/crypto';
import { keyFingerprint } from './dh';
import { decryptSecretMessage, encryptSecretMessage, fingerprintOf, type SecretX } from './message-crypto';
import { refusalReason } from '../../../test/support/secret-refusal';

const key = randomBytes(256);
const payload = Buffer.from('0123456789abcdef0123'); // 20 bytes, a multiple of 4 as TL always is


/** A message built with the independent primitives from an arbitrary plaintext (for bad-padding cases). */
function forge(plaintext: Buffer, x: SecretX): Buffer {
	const msgKey = msgKeyFor(key, plaintext, x);
	const { key: aesKey, iv } = deriveAesKeyIv(key, msgKey, x);
	const fp = Buffer.alloc(8);
	fp.writeBigInt64LE(keyFingerprint(key));
	return Buffer.concat([fp, msgKey, igeEncrypt(plaintext, aesKey, iv)]);
}

describe('secret message encryption (MTProto 2.0)', () => {
	it.each([0, 8] as SecretX[])('round-trips with x = %d and matches the independent KDF and AES-IGE', (x) => {
		const wire = encryptSecretMessage(key, payload, x);
		expect(fingerprintOf(wire)).toBe(keyFingerprint(key));
		expect(decryptSecretMessage(key, wire, x).equals(payload)).toBe(true);
		const msgKey = wire.subarray(8, 24);
		const { key: aesKey, iv } = deriveAesKeyIv(key, msgKey, x);
		const plaintext = igeDecrypt(wire.subarray(24), aesKey, iv);
		expect(msgKeyFor(key, plaintext, x).equals(msgKey)).toBe(true);
		expect(plaintext.readUInt32LE(0)).toBe(payload.length);
		const padding = plaintext.length - 4 - payload.length;
		expect(padding).toBeGreaterThanOrEqual(12);
		expect(padding).toBeLessThanOrEqual(1024);
		expect(plaintext.length % 16).toBe(0);
	});

	it('keeps the two directions apart: a message from the creator does not decrypt as one from the acceptor', () => {
		const wire = encryptSecretMessage(key, payload, 0);
		expect(refusalReason(() => decryptSecretMessage(key, wire, 8))).toBe('MSG_KEY_MISMATCH');
	});

	it('pads every length within 12..1024 bytes to a multiple of 16', () => {
		for (let n = 4; n < 64; n += 4) {
			const wire = encryptSecretMessage(key, randomBytes(n), 8);
			expect((wire.length - 24) % 16).toBe(0);
			expect(decryptSecretMessage(key, wire, 8).length).toBe(n);
		}
	});

	it('refuses to encrypt a payload the receiver would refuse (empty, or not whole ints)', () => {
		expect(() => encryptSecretMessage(key, Buffer.alloc(0), 0)).toThrow(RangeError);
		expect(() => encryptSecretMessage(key, Buffer.alloc(6), 0)).toThrow(RangeError);
	});

	it('rejects tampered ciphertext and a tampered msg_key', () => {
		const wire = encryptSecretMessage(key, payload, 0);
		const body = Buffer.from(wire);
		body[body.length - 5] ^= 1;
		expect(refusalReason(() => decryptSecretMessage(key, body, 0))).toBe('MSG_KEY_MISMATCH');
		const head = Buffer.from(wire);
		head[10] ^= 0x80;
		expect(refusalReason(() => decryptSecretMessage(key, head, 0))).toBe('MSG_KEY_MISMATCH');
	});

	it('rejects a wrong key fingerprint, and a message under another key', () => {
		const wire = Buffer.from(encryptSecretMessage(key, payload, 0));
		wire[0] ^= 1;
		expect(refusalReason(() => decryptSecretMessage(key, wire, 0))).toBe('KEY_FINGERPRINT_MISMATCH');
		const other = encryptSecretMessage(randomBytes(256), payload, 0);
		expect(refusalReason(() => decryptSecretMessage(key, other, 0))).toBe('KEY_FINGERPRINT_MISMATCH');
	});

	it('rejects bad wire lengths', () => {
		const wire = encryptSecretMessage(key, payload, 0);
		expect(refusalReason(() => decryptSecretMessage(key, wire.subarray(0, 40), 0))).toBe('BAD_LENGTH');
		expect(refusalReason(() => decryptSecretMessage(key, wire.subarray(0, wire.length - 1), 0))).toBe('BAD_LENGTH');
	});

	it('rejects an authentic message whose padding is under 12 bytes, or whose length prefix is not sane', () => {
		const short = Buffer.alloc(32);
		short.writeUInt32LE(24, 0); // 4 + 24 = 28: 4 bytes of padding
		expect(refusalReason(() => decryptSecretMessage(key, forge(short, 0), 0))).toBe('BAD_PADDING');
		const over = Buffer.alloc(32);
		over.writeUInt32LE(64, 0);
		expect(refusalReason(() => decryptSecretMessage(key, forge(over, 0), 0))).toBe('BAD_LENGTH');
		const odd = Buffer.alloc(32);
		odd.writeUInt32LE(6, 0);
		expect(refusalReason(() => decryptSecretMessage(key, forge(odd, 8), 8))).toBe('BAD_LENGTH');
		const big = Buffer.alloc(16 * 66);
		big.writeUInt32LE(4, 0); // 1048 bytes of padding
		expect(refusalReason(() => decryptSecretMessage(key, forge(big, 8), 8))).toBe('BAD_PADDING');
	});
});
