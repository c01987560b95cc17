// Server-side MTProto 2.0 crypto, written from the protocol description rather than borrowed
// from GramJS, so that a shared bug cannot make both ends agree on something wrong.
import { createCipheriv, createDecipheriv, createHash } from 'crypto';

export const sha1 = (...parts: Buffer[]): Buffer => createHash('sha1').update(Buffer.concat(parts)).digest();
export const sha256 = (...parts: Buffer[]): Buffer =>
	createHash('sha256').update(Buffer.concat(parts)).digest();

function xor16(a: Buffer, b: Buffer): Buffer {
	const out = Buffer.alloc(16);
	for (let i = 0; i < 16; i++) out[i] = a[i] ^ b[i];
	return out;
}

/** AES-256 in Infinite Garble Extension mode; iv is 32 bytes (iv1 for ciphertext, iv2 for plaintext). */
export function igeEncrypt(plain: Buffer, key: Buffer, iv: Buffer): Buffer {
	if (plain.length % 16 !== 0) throw new Error('IGE input must be a multiple of 16 bytes');
	const aes = createCipheriv('aes-256-ecb', key, null).setAutoPadding(false);
	const out = Buffer.alloc(plain.length);
	let prevCipher = iv.subarray(0, 16);
	let prevPlain = iv.subarray(16, 32);
	for (let off = 0; off < plain.length; off += 16) {
		const block = plain.subarray(off, off + 16);
		const cipher = xor16(aes.update(xor16(block, prevCipher)), prevPlain);
		cipher.copy(out, off);
		prevCipher = cipher;
		prevPlain = block;
	}
	return out;
}

export function igeDecrypt(cipherText: Buffer, key: Buffer, iv: Buffer): Buffer {
	if (cipherText.length % 16 !== 0) throw new Error('IGE input must be a multiple of 16 bytes');
	const aes = createDecipheriv('aes-256-ecb', key, null).setAutoPadding(false);
	const out = Buffer.alloc(cipherText.length);
	let prevCipher = iv.subarray(0, 16);
	let prevPlain = iv.subarray(16, 32);
	for (let off = 0; off < cipherText.length; off += 16) {
		const block = cipherText.subarray(off, off + 16);
		const plain = xor16(aes.update(xor16(block, prevPlain)), prevCipher);
		plain.copy(out, off);
		prevCipher = block;
		prevPlain = plain;
	}
	return out;
}

/** MTProto 2.0 key derivation: x = 0 for client-to-server messages, 8 for server-to-client. */
export function deriveAesKeyIv(authKey: Buffer, msgKey: Buffer, x: 0 | 8): { key: Buffer; iv: Buffer } {
	const a = sha256(msgKey, authKey.subarray(x, x + 36));
	const b = sha256(authKey.subarray(40 + x, 40 + x + 36), msgKey);
	const key = Buffer.concat([a.subarray(0, 8), b.subarray(8, 24), a.subarray(24, 32)]);
	const iv = Buffer.concat([b.subarray(0, 8), a.subarray(8, 24), b.subarray(24, 32)]);
	return { key, iv };
}

export function msgKeyFor(authKey: Buffer, plaintextWithPadding: Buffer, x: 0 | 8): Buffer {
	return sha256(authKey.subarray(88 + x, 88 + x + 32), plaintextWithPadding).subarray(8, 24);
}

/** auth_key_id: the 64 lower-order bits of SHA1(auth_key), as the 8 bytes on the wire. */
export function authKeyIdOf(authKey: Buffer): Buffer {
	return sha1(authKey).subarray(12, 20);
}

/** Temporary AES key and iv of the DH exchange (auth key creation, step 3). */
export function dhTmpAes(serverNonce: Buffer, newNonce: Buffer): { key: Buffer; iv: Buffer } {
	const ns = sha1(newNonce, serverNonce);
	const sn = sha1(serverNonce, newNonce);
	const nn = sha1(newNonce, newNonce);
	return {
		key: Buffer.concat([ns, sn.subarray(0, 12)]),
		iv: Buffer.concat([sn.subarray(12, 20), nn, newNonce.subarray(0, 4)]),
	};
}

export function bigFromBytes(b: Buffer): bigint {
	return b.length ? BigInt('0x' + b.toString('hex')) : 0n;
}

export function bytesFromBig(n: bigint, length?: number): Buffer {
	let hex = n.toString(16);
	if (hex.length % 2) hex = '0' + hex;
	const raw = Buffer.from(hex, 'hex');
	if (length === undefined || raw.length === length) return raw;
	if (raw.length > length) throw new Error('number does not fit');
	return Buffer.concat([Buffer.alloc(length - raw.length), raw]);
}

export function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
	let result = 1n;
	base %= mod;
	while (exp > 0n) {
		if (exp & 1n) result = (result * base) % mod;
		base = (base * base) % mod;
		exp >>= 1n;
	}
	return result;
}
