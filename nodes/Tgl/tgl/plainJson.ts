// Guard for the "plain JSON only" rule: items must never carry GramJS objects.

/** Path of the first value that is not plain JSON (e.g. "$.src.access_hash"), or null. */
export function findNonJson(value: unknown, path = '$'): string | null {
	if (value === null || typeof value === 'string' || typeof value === 'boolean') return null;
	if (typeof value === 'number') return Number.isFinite(value) ? null : path;
	if (Array.isArray(value)) {
		for (let i = 0; i < value.length; i++) {
			const bad = findNonJson(value[i], `${path}[${i}]`);
			if (bad) return bad;
		}
		return null;
	}
	if (typeof value === 'object') {
		const proto = Object.getPrototypeOf(value);
		// Class instances (BigInteger, Buffer, Date, TL objects) are not plain.
		if (proto !== Object.prototype && proto !== null) return path;
		for (const [k, v] of Object.entries(value)) {
			// undefined would silently vanish in JSON.
			if (v === undefined) return `${path}.${k}`;
			const bad = findNonJson(v, `${path}.${k}`);
			if (bad) return bad;
		}
		return null;
	}
	return path;
}
