import { createHash, randomBytes } from 'crypto';
import { igeDecrypt } from '../../../test/telegram/mtproto/crypto';
import { decryptFile, encryptFile, fileKeyFingerprint, newFileSecret } from './file-crypto';
import { refusalReason } from '../../../test/support/secret-refusal';


describe('secret chat file encryption', () => {
	it.each([0, 1, 15, 16, 17, 1000, 512 * 1024 + 3])('round-trips %d bytes, padded to whole blocks', (n) => {
		const bytes = randomBytes(n);
		const secret = newFileSecret();
		const cipher = encryptFile(bytes, secret);
		expect(cipher.length % 16).toBe(0);
		expect(cipher.length - n).toBeLessThan(16);
		expect(decryptFile(cipher, secret, n, fileKeyFingerprint(secret)).equals(bytes)).toBe(true);
		// The independent AES-IGE of the loopback reads it the same way.
		expect(igeDecrypt(cipher, secret.key, secret.iv).subarray(0, n).equals(bytes)).toBe(true);
	});

	it('takes the fingerprint as md5(key ‖ iv) bytes 0..3 XOR 4..7, a signed int32', () => {
		const secret = { key: Buffer.alloc(32, 1), iv: Buffer.alloc(32, 2) };
		const md5 = createHash('md5').update(Buffer.concat([secret.key, secret.iv])).digest();
		const expected = (md5.readUInt32LE(0) ^ md5.readUInt32LE(4)) | 0;
		expect(fileKeyFingerprint(secret)).toBe(expected);
	});

	it('refuses a fingerprint of another key, and a stated size that does not fit the bytes', () => {
		const secret = newFileSecret();
		const cipher = encryptFile(randomBytes(100), secret);
		expect(refusalReason(() => decryptFile(cipher, secret, 100, fileKeyFingerprint(secret) ^ 1))).toBe('FILE_FINGERPRINT_MISMATCH');
		expect(refusalReason(() => decryptFile(cipher, secret, 200, fileKeyFingerprint(secret)))).toBe('FILE_SIZE_MISMATCH');
		expect(refusalReason(() => decryptFile(cipher, secret, 50, fileKeyFingerprint(secret)))).toBe('FILE_SIZE_MISMATCH');
	});
});
