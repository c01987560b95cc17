import { createHash, generatePrimeSync, getDiffieHellman } from 'crypto';
import { DhConfigCache } from './dh-config';
import { checkDhConfig, checkDhValue, dhSharedKey, keyFingerprint, newKeyPair, TELEGRAM_DH_PRIME, toBig, toBytes } from './dh';
import { refusalReason } from '../../../test/support/secret-refusal';


/** RFC 3526 group 14: a 2048-bit safe prime that is not Telegram's, so the prime test really runs. */
const MODP14 = getDiffieHellman('modp14').getPrime();

describe('DH config checks', () => {
	it("accepts Telegram's prime with g = 3, 4, 7 and refuses the g it does not match", () => {
		// p mod 8 = 3, p mod 3 = 2, p mod 5 = 3, p mod 24 = 11, p mod 7 = 6.
		for (const g of [3, 4, 7]) expect(refusalReason(() => checkDhConfig(g, TELEGRAM_DH_PRIME))).toBe('accepted');
		for (const g of [2, 5, 6]) expect(refusalReason(() => checkDhConfig(g, TELEGRAM_DH_PRIME))).toBe('BAD_DH_CONFIG');
	});

	it('refuses g outside 2..7', () => {
		for (const g of [0, 1, 8, 3.5]) expect(refusalReason(() => checkDhConfig(g, TELEGRAM_DH_PRIME))).toBe('BAD_DH_CONFIG');
	});

	it('proves an unknown safe prime with Miller-Rabin (RFC 3526 group 14, g = 2)', () => {
		expect(MODP14.length).toBe(256);
		expect(refusalReason(() => checkDhConfig(2, MODP14))).toBe('accepted');
		// p mod 8 = 7 and p mod 3 = 2: both g = 2 and g = 3 generate the subgroup of order (p-1)/2.
		expect(refusalReason(() => checkDhConfig(3, MODP14))).toBe('accepted');
	});

	it('refuses a composite p, a prime that is not safe, and a p that is not 2048 bits', () => {
		const composite = toBytes(toBig(TELEGRAM_DH_PRIME) + 24n); // same residues mod 3 and 8, not prime
		expect(refusalReason(() => checkDhConfig(3, composite))).toBe('BAD_DH_CONFIG');
		// A random 2048-bit prime is almost never safe ((p-1)/2 composite).
		let prime: bigint;
		do prime = generatePrimeSync(2048, { bigint: true }) as bigint;
		while (prime % 3n !== 2n);
		expect(refusalReason(() => checkDhConfig(3, toBytes(prime)))).toBe('BAD_DH_CONFIG');
		const short = TELEGRAM_DH_PRIME.subarray(1);
		expect(refusalReason(() => checkDhConfig(3, short))).toBe('BAD_DH_CONFIG');
	});
});

describe('g_a / g_b range checks', () => {
	const p = toBig(TELEGRAM_DH_PRIME);
	const margin = 1n << 1984n;

	it('refuses 1, p-1, p and values inside the 2^(2048-64) margin', () => {
		for (const v of [0n, 1n, 2n, p - 1n, p, margin - 1n, p - margin + 1n]) {
			expect(refusalReason(() => checkDhValue(toBytes(v), TELEGRAM_DH_PRIME))).toBe('BAD_DH_VALUE');
		}
	});

	it('accepts the margin bounds themselves', () => {
		expect(refusalReason(() => checkDhValue(toBytes(margin), TELEGRAM_DH_PRIME))).toBe('accepted');
		expect(refusalReason(() => checkDhValue(toBytes(p - margin), TELEGRAM_DH_PRIME))).toBe('accepted');
	});
});

describe('key agreement', () => {
	const params = { g: 3, p: TELEGRAM_DH_PRIME };

	it('gives both sides the same 256-byte key and fingerprint', () => {
		const alice = newKeyPair(params, Buffer.alloc(256, 7));
		const bob = newKeyPair(params, Buffer.alloc(256, 9));
		const k1 = dhSharedKey(params, alice.a, bob.gA);
		const k2 = dhSharedKey(params, bob.a, alice.gA);
		expect(k1.length).toBe(256);
		expect(k1.equals(k2)).toBe(true);
		expect(keyFingerprint(k1)).toBe(keyFingerprint(k2));
	});

	it('refuses a g_b out of range before using it', () => {
		const alice = newKeyPair(params, Buffer.alloc(0));
		expect(refusalReason(() => dhSharedKey(params, alice.a, toBytes(1n)))).toBe('BAD_DH_VALUE');
	});

	it('pads a short key to 256 bytes with leading zeros', () => {
		expect(toBytes(5n).length).toBe(256);
		expect(toBytes(5n)[255]).toBe(5);
		expect(toBytes(5n)[0]).toBe(0);
	});

	it('takes the fingerprint from the low 64 bits of SHA1(key), little-endian', () => {
		const key = Buffer.alloc(256, 0xab);
		const sha = createHash('sha1').update(key).digest();
		const expected = BigInt.asIntN(64, BigInt('0x' + Buffer.from(sha.subarray(12, 20)).reverse().toString('hex')));
		expect(keyFingerprint(key)).toBe(expected);
	});
});

describe('DhConfigCache', () => {
	it('starts at version 0, caches a checked config and reuses it on dhConfigNotModified', () => {
		const cache = new DhConfigCache();
		expect(cache.version).toBe(0);
		const random = Buffer.alloc(256, 1);
		const first = cache.accept({ className: 'messages.DhConfig', g: 3, p: TELEGRAM_DH_PRIME, version: 5, random });
		expect(first.params.g).toBe(3);
		expect(cache.version).toBe(5);
		const again = cache.accept({ className: 'messages.DhConfigNotModified', random: Buffer.alloc(256, 2) });
		expect(again.params.p.equals(TELEGRAM_DH_PRIME)).toBe(true);
		expect(again.random[0]).toBe(2);
	});

	it('refuses dhConfigNotModified with nothing cached, and never caches a bad config', () => {
		const cache = new DhConfigCache();
		expect(refusalReason(() => cache.accept({ className: 'messages.DhConfigNotModified', random: Buffer.alloc(0) }))).toBe('BAD_DH_CONFIG');
		expect(refusalReason(() => cache.accept({ className: 'messages.DhConfig', g: 2, p: TELEGRAM_DH_PRIME, version: 9, random: Buffer.alloc(0) }))).toBe('BAD_DH_CONFIG');
		expect(cache.version).toBe(0);
	});
});
