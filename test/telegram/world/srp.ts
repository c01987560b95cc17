// The server side of Telegram's 2FA password check: SRP-6a over a 2048-bit safe prime with the
// password hashed by passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow, written
// from core.telegram.org/api/srp. The server keeps only the verifier v = g^x mod p, never the
// password; a login proves knowledge of x with (A, M1) against a fresh (b, B) per account.getPassword.
import { pbkdf2Sync, randomBytes, timingSafeEqual } from 'crypto';
import { bigFromBytes, bytesFromBig, modPow, sha256 } from '../mtproto/crypto';

/**
 * The prime Telegram publishes for DH and SRP (core.telegram.org/mtproto/auth_key, /api/srp):
 * clients refuse any other (GramJS compares p byte for byte), with g = 3 (p mod 3 = 2).
 */
const P_HEX =
	'c71caeb9c6b1c9048e6c522f70f13f73980d40238e3e21c14934d037563d930f48198a0aa7c14058229493d22530f4db' +
	'fa336f6e0ac925139543aed44cce7c3720fd51f69458705ac68cd4fe6b6b13abdc9746512969328454f18faf8c595f64' +
	'2477fe96bb2a941d5bcd1d4ac8cc49880708fa9b378e3c4f3a9060bee67cf9a4a4a695811051907e162753b56b0f6b41' +
	'0dba74d8a84b2a14b3144e0ef1284754fd17ed950d5965b4b9dd46582db1178d169c6bc465b0d6ff9ca3928fef5b9ae4' +
	'e418fc15e83ebea0f87fa9ff5eed70050ded2849f47bf959d956850ce929851f0d8115f635b105ee2e4e15d04b2454bf' +
	'6f4fadf034b10403119cd8e3b92fcc5b';

export const SRP_PRIME = Buffer.from(P_HEX, 'hex');
export const SRP_G = 3;

const p = bigFromBytes(SRP_PRIME);
const g = BigInt(SRP_G);
/** Every number that goes into a hash is padded to the prime's 256 bytes. */
const pad = (n: bigint): Buffer => bytesFromBig(n, 256);
/** k = H(p | g), SRP-6a's multiplier. */
const k = bigFromBytes(sha256(pad(p), pad(g)));

/** SH(data, salt) = H(salt | data | salt). */
const sh = (data: Buffer, salt: Buffer): Buffer => sha256(salt, data, salt);

/** x = PH2(password, salt1, salt2), the client's secret exponent. */
export function passwordHash(password: string, salt1: Buffer, salt2: Buffer): Buffer {
	const ph1 = sh(sh(Buffer.from(password, 'utf8'), salt1), salt2);
	return sh(pbkdf2Sync(ph1, salt1, 100_000, 64, 'sha512'), salt2);
}

/** What the server stores for an account's password. */
export interface SrpVerifier {
	salt1: Buffer;
	salt2: Buffer;
	v: bigint;
}

export function makeVerifier(password: string): SrpVerifier {
	// salt1 as Telegram hands it out: the server's part followed by the client's 32 random bytes.
	const salt1 = randomBytes(40);
	const salt2 = randomBytes(16);
	const x = bigFromBytes(passwordHash(password, salt1, salt2));
	return { salt1, salt2, v: modPow(g, x, p) };
}

/** One account.getPassword answer's secret half: b stays on the server, B goes out as srp_B. */
export interface SrpChallenge {
	b: bigint;
	B: bigint;
}

/** A value the client accepts (0 < B < p, neither end too close to 0 or p). */
function wellFormed(n: bigint): boolean {
	const minBits = 2048 - 64;
	return n > 0n && n < p && n.toString(2).length >= minBits && (p - n).toString(2).length >= minBits;
}

export function newChallenge(verifier: SrpVerifier): SrpChallenge {
	for (;;) {
		const b = bigFromBytes(randomBytes(256));
		const B = (k * verifier.v + modPow(g, b, p)) % p;
		if (wellFormed(B)) return { b, B };
	}
}

export const srpBytes = (n: bigint): Buffer => pad(n);

/**
 * Checks the client's proof: S = (A · v^u)^b, K = H(S),
 * M1 = H(H(p) xor H(g) | H(salt1) | H(salt2) | A | B | K).
 */
export function checkProof(verifier: SrpVerifier, challenge: SrpChallenge, aBytes: Buffer, m1: Buffer): boolean {
	const A = bigFromBytes(aBytes);
	if (A <= 0n || A >= p || m1.length !== 32) return false;
	const aPad = pad(A);
	const bPad = pad(challenge.B);
	const u = bigFromBytes(sha256(aPad, bPad));
	if (u === 0n) return false;
	const S = modPow((A * modPow(verifier.v, u, p)) % p, challenge.b, p);
	const K = sha256(pad(S));
	const hp = sha256(pad(p));
	const hg = sha256(pad(g));
	for (let i = 0; i < hp.length; i++) hp[i] ^= hg[i];
	const expected = sha256(hp, sha256(verifier.salt1), sha256(verifier.salt2), aPad, bPad, K);
	return timingSafeEqual(expected, m1);
}
