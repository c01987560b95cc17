// Encrypted files of secret chats (core.telegram.org/api/end-to-end, "Sending encrypted files"):
// each file gets its own random 32-byte AES key and 32-byte IV, unrelated to the chat key, and
// is AES-256-IGE encrypted as one stream before upload. Key, IV and the true size travel inside
// the encrypted message; the server only sees a 32-bit fingerprint of key and IV.
import { createHash, randomBytes } from 'crypto';
import { IGE } from 'telegram/crypto/IGE';
import { SecretChatError } from './errors';

export interface FileSecret {
	key: Buffer;
	iv: Buffer;
}

export function newFileSecret(): FileSecret {
	return { key: randomBytes(32), iv: randomBytes(32) };
}

/** md5(key ‖ iv), bytes 0..3 XOR bytes 4..7, read as a little-endian int32 (not the chat key's SHA1 rule). */
export function fileKeyFingerprint({ key, iv }: FileSecret): number {
	const digest = createHash('md5').update(Buffer.concat([key, iv])).digest();
	return digest.readInt32LE(0) ^ digest.readInt32LE(4);
}

/** The bytes to upload: the file padded to whole AES blocks, encrypted as one IGE stream. */
export function encryptFile(bytes: Buffer, secret: FileSecret): Buffer {
	const padded = Buffer.concat([bytes, randomBytes((16 - (bytes.length % 16)) % 16)]);
	return new IGE(secret.key, Buffer.from(secret.iv)).encryptIge(padded);
}

/**
 * The file back from the downloaded bytes. `fingerprint` is the EncryptedFile's: it must match
 * the key and IV the message carried, and the plaintext is cut to the size the message states.
 */
export function decryptFile(cipher: Buffer, secret: FileSecret, size: number, fingerprint: number): Buffer {
	if (fileKeyFingerprint(secret) !== fingerprint) throw new SecretChatError('FILE_FINGERPRINT_MISMATCH', 'the file was encrypted with another key');
	if (cipher.length % 16 !== 0 || size > cipher.length || cipher.length - size >= 16) {
		throw new SecretChatError('FILE_SIZE_MISMATCH', `the file has ${cipher.length} encrypted bytes for ${size} stated`);
	}
	return Buffer.from(new IGE(secret.key, Buffer.from(secret.iv)).decryptIge(cipher).subarray(0, size));
}
