// Diffie-Hellman for secret chats: the checks the spec requires on p, g, g_a and g_b, the key
// (g_b^a mod p as exactly 256 big-endian bytes) and its 64-bit fingerprint.
import { checkPrimeSync, createHash, randomBytes } from 'crypto';
import { SecretChatError } from './errors';

/** The 2048-bit safe prime Telegram serves (core.telegram.org/mtproto/auth_key): known good, no prime test needed. */
export const TELEGRAM_DH_PRIME = Buffer.from(
	'c71caeb9c6b1c9048e6c522f70f13f73980d40238e3e21c14934d037563d930f48198a0aa7c14058229493d22530f4db' +
		'fa336f6e0ac925139543aed44cce7c3720fd51f69458705ac68cd4fe6b6b13abdc9746512969328454f18faf8c595f64' +
		'2477fe96bb2a941d5bcd1d4ac8cc49880708fa9b378e3c4f3a9060bee67cf9a4a4a695811051907e162753b56b0f6b41' +
		'0dba74d8a84b2a14b3144e0ef1284754fd17ed950d5965b4b9dd46582db1178d169c6bc465b0d6ff9ca3928fef5b9ae4' +
		'e418fc15e83ebea0f87fa9ff5eed70050ded2849f47bf959d956850ce929851f0d8115f635b105ee2e4e15d04b2454bf' +
		'6f4fadf034b10403119cd8e3b92fcc5b',
	'hex',
);

export const DH_BYTES = 256;

export function toBig(bytes: Buffer): bigint {
	return bytes.length ? BigInt('0x' + bytes.toString('hex')) : 0n;
}

/** Big-endian, left-padded with zeros to `size` bytes (the key must be exactly 256 bytes). */
export function toBytes(value: bigint, size = DH_BYTES): Buffer {
	const hex = value.toString(16);
	if (hex.length > size * 2) throw new RangeError('value does not fit');
	return Buffer.from(hex.padStart(size * 2, '0'), 'hex');
}

export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
	let result = 1n;
	let b = base % modulus;
	let e = exponent;
	while (e > 0n) {
		if (e & 1n) result = (result * b) % modulus;
		e >>= 1n;
		b = (b * b) % modulus;
	}
	return result;
}

/**
 * g generates the subgroup of order (p-1)/2 exactly when p satisfies this condition
 * (quadratic reciprocity; the table on core.telegram.org/mtproto/auth_key).
 */
function gMatchesP(g: number, p: bigint): boolean {
	switch (g) {
		case 2:
			return p % 8n === 7n;
		case 3:
			return p % 3n === 2n;
		case 4:
			return true;
		case 5:
			return [1n, 4n].includes(p % 5n);
		case 6:
			return [19n, 23n].includes(p % 24n);
		case 7:
			return [3n, 5n, 6n].includes(p % 7n);
		default:
			return false;
	}
}

/** Primes already proven safe in this process: the Miller-Rabin work is done once per prime. */
const provenSafe = new Set<string>([TELEGRAM_DH_PRIME.toString('hex')]);

/** p is a safe prime: p and (p-1)/2 both pass OpenSSL's Miller-Rabin test (error below 2^-128). */
function isSafePrime(p: Buffer): boolean {
	const key = p.toString('hex');
	if (provenSafe.has(key)) return true;
	const big = toBig(p);
	const safe = checkPrimeSync(big, { checks: 64 }) && checkPrimeSync((big - 1n) / 2n, { checks: 64 });
	if (safe) provenSafe.add(key);
	return safe;
}

/** Every check the spec asks of a DH config before it is used: throws BAD_DH_CONFIG. */
export function checkDhConfig(g: number, p: Buffer): void {
	const big = toBig(p);
	if (p.length !== DH_BYTES || big < 1n << 2047n) throw new SecretChatError('BAD_DH_CONFIG', 'p is not a 2048-bit number');
	if (!Number.isInteger(g) || g < 2 || g > 7) throw new SecretChatError('BAD_DH_CONFIG', `g = ${g} is outside 2..7`);
	if (!gMatchesP(g, big)) throw new SecretChatError('BAD_DH_CONFIG', `g = ${g} does not generate the subgroup of order (p-1)/2`);
	if (!isSafePrime(p)) throw new SecretChatError('BAD_DH_CONFIG', 'p is not a safe prime');
}

const MARGIN = 1n << (2048n - 64n);

function inDhRange(value: Buffer, p: Buffer): boolean {
	const v = toBig(value);
	const big = toBig(p);
	return value.length <= DH_BYTES && v > 1n && v < big - 1n && v >= MARGIN && v <= big - MARGIN;
}

/** 1 < v < p-1, and the recommended 2^(2048-64) <= v <= p - 2^(2048-64): throws BAD_DH_VALUE. */
export function checkDhValue(value: Buffer, p: Buffer, name = 'g_a'): void {
	if (!inDhRange(value, p)) throw new SecretChatError('BAD_DH_VALUE', `${name} is out of range (1 < v < p-1, 2^1984 from either end)`);
}

/** Server randomness is never used raw: it is XORed with our own (the spec's rule). */
export function newPrivateKey(serverRandom: Buffer): Buffer {
	const own = randomBytes(DH_BYTES);
	for (let i = 0; i < DH_BYTES && serverRandom.length; i++) own[i] ^= serverRandom[i % serverRandom.length];
	return own;
}

export interface DhParams {
	g: number;
	p: Buffer;
}

/** A private key whose public value passes the range checks (a rare redraw otherwise). */
export function newKeyPair(params: DhParams, serverRandom: Buffer): { a: Buffer; gA: Buffer } {
	for (;;) {
		const a = newPrivateKey(serverRandom);
		const gA = toBytes(modPow(BigInt(params.g), toBig(a), toBig(params.p)));
		if (inDhRange(gA, params.p)) return { a, gA };
	}
}

/** The shared key: other^a mod p, left-padded to exactly 256 bytes; `other` is checked first. */
export function dhSharedKey(params: DhParams, a: Buffer, other: Buffer): Buffer {
	checkDhValue(other, params.p, 'g_b');
	return toBytes(modPow(toBig(other), toBig(a), toBig(params.p)));
}

/** The low 64 bits of SHA1(key): SHA1 bytes 12..19 read as a little-endian signed long. */
export function keyFingerprint(key: Buffer): bigint {
	return createHash('sha1').update(key).digest().readBigInt64LE(12);
}
