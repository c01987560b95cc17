// Small converters from GramJS field values to plain JSON values.
import type { JsonValue } from './types';

/** A TL long: BigInteger from the wire, sometimes a number or string when built by hand. */
export type LongLike = number | string | bigint | { toString(): string };

/** Telegram ids fit in 53 bits, so a JS number is exact. */
export function toNum(v: LongLike): number {
	return typeof v === 'number' ? v : Number(v.toString());
}

/** access_hash and other opaque 64-bit values: decimal string, never rounded. */
export function toDecimal(v: LongLike | null | undefined): string | null {
	return v === null || v === undefined ? null : v.toString();
}

/** Unix seconds → ISO string; 0 or missing → null. */
export function isoDate(seconds: number | null | undefined): string | null {
	return seconds ? new Date(seconds * 1000).toISOString() : null;
}

/** Optional strings: missing or empty → null, so "" and absent compare equal. */
export function nonEmpty(s: string | null | undefined): string | null {
	return s ? s : null;
}

function snake(name: string): string {
	return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function isLong(v: object): v is { toString(): string; toJSNumber(): number } {
	return typeof (v as { toJSNumber?: unknown }).toJSNumber === 'function';
}

function plainValue(v: unknown): JsonValue | undefined {
	if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
	if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
	if (typeof v === 'bigint') return Number(v);
	if (Array.isArray(v)) {
		const items = v.map(plainValue);
		return items.every((x) => x !== undefined) ? (items as JsonValue[]) : undefined;
	}
	if (typeof v === 'object' && isLong(v)) {
		const n = Number(v.toString());
		return Number.isSafeInteger(n) ? n : v.toString();
	}
	// Nested TL objects, Buffers and the like are left out rather than leaked.
	return undefined;
}

const TL_META = new Set(['CONSTRUCTOR_ID', 'SUBCLASS_OF_ID', 'className', 'classType', 'originalArgs', 'flags', 'flags2']);

/**
 * The scalar fields of a TL object (strings, numbers, booleans, longs, lists of them),
 * snake_cased. Used to describe objects we have no dedicated mapping for.
 */
export function plainFields(obj: object): { [key: string]: JsonValue } {
	const out: { [key: string]: JsonValue } = {};
	for (const [key, value] of Object.entries(obj)) {
		if (TL_META.has(key) || key.startsWith('_') || value === undefined || value === null) continue;
		const plain = plainValue(value);
		if (plain !== undefined) out[snake(key)] = plain;
	}
	return out;
}
