// Turns a handler's return value into rpc_result bytes: TL objects, Bool and Vector results.
interface TlObject {
	getBytes(): Buffer;
}

const boolTrue = 0x997275b5;
const boolFalse = 0xbc799737;
const vector = 0x1cb5c415;

function uint(value: number): Buffer {
	const bytes = Buffer.alloc(4);
	bytes.writeUInt32LE(value >>> 0);
	return bytes;
}

/** Handlers answer Bool as a JS boolean and Vector<T> as an array (of TL objects or ints). */
export function resultBytes(value: unknown): Buffer {
	if (typeof value === 'boolean') return uint(value ? boolTrue : boolFalse);
	if (Array.isArray(value)) {
		const items = value.map((item) => {
			if (typeof item === 'number') {
				const bytes = Buffer.alloc(4);
				bytes.writeInt32LE(item);
				return bytes;
			}
			return (item as TlObject).getBytes();
		});
		return Buffer.concat([uint(vector), uint(value.length), ...items]);
	}
	if (value && typeof (value as TlObject).getBytes === 'function') return (value as TlObject).getBytes();
	throw new Error(`cannot serialize rpc result ${String(value)}`);
}
