// MTProto 2.0 encryption of secret-chat messages (core.telegram.org/api/end-to-end):
// wire = key_fingerprint(8) ‖ msg_key(16) ‖ AES-256-IGE(u32 length ‖ payload ‖ padding).
// x = 0 for messages the chat's creator sends and 8 for the other direction; the receiver
// uses the sender's x. Every check runs before any byte of the payload is trusted.
import { createHash, randomBytes, randomInt } from 'crypto';
import { IGE } from 'telegram/crypto/IGE';
import { SecretChatError } from './errors';
import { keyFingerprint } from './dh';

export type SecretX = 0 | 8;

/** x for a message sent by the creator (admin) of the chat, or by the one who accepted it. */
export function xForSender(senderIsCreator: boolean): SecretX {
	return senderIsCreator ? 0 : 8;
}

const sha256 = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();

const MIN_PADDING = 12;
const MAX_PADDING = 1024;
/** fingerprint + msg_key + the smallest ciphertext (length prefix, one int, 12 bytes of padding). */
const MIN_WIRE = 8 + 16 + 32;

function msgKeyOf(key: Buffer, plaintext: Buffer, x: SecretX): Buffer {
	return sha256(key.subarray(88 + x, 120 + x), plaintext).subarray(8, 24);
}

function aesKeyIv(key: Buffer, msgKey: Buffer, x: SecretX): { aesKey: Buffer; aesIv: Buffer } {
	const a = sha256(msgKey, key.subarray(x, x + 36));
	const b = sha256(key.subarray(40 + x, 76 + x), msgKey);
	return {
		aesKey: Buffer.concat([a.subarray(0, 8), b.subarray(8, 24), a.subarray(24, 32)]),
		aesIv: Buffer.concat([b.subarray(0, 8), a.subarray(8, 24), b.subarray(24, 32)]),
	};
}

/** 12..1024 random bytes making the total a multiple of 16; the random extra hides the length. */
function paddingFor(length: number): Buffer {
	const least = MIN_PADDING + ((16 - ((length + MIN_PADDING) % 16)) % 16);
	const extraBlocks = randomInt(0, Math.floor((MAX_PADDING - least) / 16 / 4) + 1);
	return randomBytes(least + 16 * extraBlocks);
}

/** Encrypts one serialized decryptedMessageLayer with the chat key. */
export function encryptSecretMessage(key: Buffer, payload: Buffer, x: SecretX): Buffer {
	if (key.length !== 256) throw new RangeError('a secret chat key is 256 bytes');
	// What the receiver refuses (a TL object is at least one int, whole ints): never send it.
	if (payload.length < 4 || payload.length % 4 !== 0) throw new RangeError('a secret message payload is whole ints, at least one');
	const head = Buffer.alloc(4);
	head.writeUInt32LE(payload.length);
	const body = Buffer.concat([head, payload]);
	const plaintext = Buffer.concat([body, paddingFor(body.length)]);
	const msgKey = msgKeyOf(key, plaintext, x);
	const { aesKey, aesIv } = aesKeyIv(key, msgKey, x);
	const fingerprint = Buffer.alloc(8);
	fingerprint.writeBigInt64LE(keyFingerprint(key));
	return Buffer.concat([fingerprint, msgKey, new IGE(aesKey, aesIv).encryptIge(plaintext)]);
}

/** The key fingerprint a message says it was encrypted with (to pick the key during a re-key). */
export function fingerprintOf(data: Buffer): bigint {
	if (data.length < 8) throw new SecretChatError('BAD_LENGTH', 'encrypted message is too short');
	return data.readBigInt64LE(0);
}

/**
 * Decrypts and authenticates one message; returns the serialized decryptedMessageLayer.
 * Refuses a wrong key fingerprint, a msg_key that does not match the plaintext, and a length
 * prefix or padding outside the spec (12..1024 bytes, length a multiple of 4).
 */
export function decryptSecretMessage(key: Buffer, data: Buffer, x: SecretX): Buffer {
	if (data.length < MIN_WIRE || (data.length - 24) % 16 !== 0) {
		throw new SecretChatError('BAD_LENGTH', `encrypted message has a bad length (${data.length} bytes)`);
	}
	if (fingerprintOf(data) !== keyFingerprint(key)) {
		throw new SecretChatError('KEY_FINGERPRINT_MISMATCH', 'encrypted message names another key');
	}
	const msgKey = data.subarray(8, 24);
	const { aesKey, aesIv } = aesKeyIv(key, msgKey, x);
	const plaintext = new IGE(aesKey, aesIv).decryptIge(data.subarray(24));
	if (!msgKeyOf(key, plaintext, x).equals(msgKey)) {
		throw new SecretChatError('MSG_KEY_MISMATCH', 'msg_key does not match the decrypted message');
	}
	const length = plaintext.readUInt32LE(0);
	const padding = plaintext.length - 4 - length;
	if (length % 4 !== 0 || padding < 0) throw new SecretChatError('BAD_LENGTH', 'decrypted length prefix is not sane');
	if (padding < MIN_PADDING || padding > MAX_PADDING) throw new SecretChatError('BAD_PADDING', `padding of ${padding} bytes is outside 12..1024`);
	return Buffer.from(plaintext.subarray(4, 4 + length));
}
