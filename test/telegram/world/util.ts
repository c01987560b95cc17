// Small shared helpers: clock, random longs, big-integer conversion.
import bigInt, { type BigInteger } from 'big-integer';
import { randomBytes } from 'crypto';

/** Unix time in seconds, as every TL date field wants it. */
export function now(): number {
	return Math.floor(Date.now() / 1000);
}

/** A random non-zero signed 64-bit value (access hashes, file references' ids). */
export function randomLong(): BigInteger {
	const value = bigInt(randomBytes(8).readBigInt64LE().toString());
	return value.isZero() ? bigInt.one : value;
}

/** TL long → JS number; ids in this world stay below 2^53. */
export function toNumber(value: BigInteger | number | bigint | undefined): number {
	if (value === undefined) return 0;
	if (typeof value === 'number') return value;
	if (typeof value === 'bigint') return Number(value);
	return value.toJSNumber();
}

export function long(value: number): BigInteger {
	return bigInt(value);
}

/** Same 64-bit value, whatever its JS representation. */
export function sameLong(a: BigInteger | undefined, b: BigInteger | undefined): boolean {
	if (a === undefined || b === undefined) return false;
	return bigInt(a).equals(bigInt(b));
}
