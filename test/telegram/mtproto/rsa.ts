// The test server's RSA key. GramJS only talks to servers whose key fingerprint is in its
// `_serverKeys` map, so the tests register this key there, as a self-hosted setup would.
import { generateKeyPairSync, KeyObject } from 'crypto';
import bigInt from 'big-integer';
import { _serverKeys } from 'telegram/crypto/RSA';
import { bigFromBytes, sha1 } from './crypto';
import { tlBytes } from './tl-wire';

export interface RsaKey {
	n: bigint;
	e: bigint;
	d: bigint;
	/** Telegram's fingerprint: the lower 64 bits of SHA1(rsa_public_key n:bytes e:bytes), as a signed long. */
	fingerprint: bigint;
}

let cached: RsaKey | undefined;

function jwkNumber(key: KeyObject, field: 'n' | 'e' | 'd'): bigint {
	const jwk = key.export({ format: 'jwk' }) as Record<string, string>;
	return bigFromBytes(Buffer.from(jwk[field], 'base64url'));
}

export function testRsaKey(): RsaKey {
	if (cached) return cached;
	const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 65537 });
	const n = jwkNumber(privateKey, 'n');
	const e = jwkNumber(privateKey, 'e');
	const d = jwkNumber(privateKey, 'd');
	const nBytes = Buffer.from(n.toString(16).padStart(512, '0'), 'hex');
	const digest = sha1(tlBytes(nBytes), tlBytes(Buffer.from([1, 0, 1])));
	const fingerprint = digest.subarray(12, 20).readBigInt64LE(0);
	cached = { n, e, d, fingerprint };
	_serverKeys.set(fingerprint.toString(), { n: bigInt(n.toString()), e: Number(e) });
	return cached;
}
