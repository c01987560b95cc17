// A GramJS answer as plain JSON: each object as {"_": "<constructor>", …} with the schema's
// field names (snake_case, as core.telegram.org shows them), longs as strings, bytes as base64.
// Only the schema's fields are kept (GramJS's own helpers on some classes are not data).
import bigInt from 'big-integer';
import { findConstructor, parametersOf, schemaNameOfClass, snakeName } from './tl-schema';

export function toPlainJson(value: unknown): unknown {
	if (value === null || value === undefined) return null;
	if (bigInt.isInstance(value)) return value.toString();
	if (typeof value === 'bigint') return value.toString();
	if (Buffer.isBuffer(value) || value instanceof Uint8Array) return Buffer.from(value).toString('base64');
	if (Array.isArray(value)) return value.map(toPlainJson);
	if (typeof value !== 'object') return value;
	const className = (value as { className?: unknown }).className;
	if (typeof className !== 'string') {
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toPlainJson(v)]));
	}
	const name = schemaNameOfClass(className);
	const def = findConstructor(name);
	const out: Record<string, unknown> = { _: name };
	const fields = def ? parametersOf(def).map(([field]) => field) : Object.keys(value).filter((k) => !/^(CONSTRUCTOR_ID|SUBCLASS_OF_ID|className|classType|flags\d*)$/.test(k));
	for (const field of fields) out[snakeName(field)] = toPlainJson((value as Record<string, unknown>)[field]);
	return out;
}
