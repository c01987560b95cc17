// Primitive TL encoding for the secret schema: little-endian ints and longs, doubles, and
// bytes/strings with TL's 1-or-4-byte length prefix padded to a multiple of 4.
import { SecretChatError } from './errors';

export class TlWriter {
	private readonly parts: Buffer[] = [];

	int(value: number): this {
		const b = Buffer.alloc(4);
		b.writeInt32LE(value | 0);
		this.parts.push(b);
		return this;
	}

	/** A constructor id, written as the unsigned 32-bit value it is published as. */
	id(value: number): this {
		const b = Buffer.alloc(4);
		b.writeUInt32LE(value >>> 0);
		this.parts.push(b);
		return this;
	}

	long(value: bigint): this {
		const b = Buffer.alloc(8);
		b.writeBigInt64LE(BigInt.asIntN(64, value));
		this.parts.push(b);
		return this;
	}

	double(value: number): this {
		const b = Buffer.alloc(8);
		b.writeDoubleLE(value);
		this.parts.push(b);
		return this;
	}

	bytes(value: Buffer): this {
		const len = value.length;
		const head = len < 254 ? Buffer.from([len]) : Buffer.from([254, len & 0xff, (len >> 8) & 0xff, (len >> 16) & 0xff]);
		const total = head.length + len;
		this.parts.push(head, value, Buffer.alloc((4 - (total % 4)) % 4));
		return this;
	}

	string(value: string): this {
		return this.bytes(Buffer.from(value, 'utf8'));
	}

	vector<T>(items: T[], each: (item: T) => void): this {
		this.id(0x1cb5c415).int(items.length);
		items.forEach(each);
		return this;
	}

	done(): Buffer {
		return Buffer.concat(this.parts);
	}
}

/** Reads TL primitives; any overrun or malformed length is a TL_PARSE refusal, never a crash. */
export class TlReader {
	private offset = 0;

	constructor(private readonly buf: Buffer) {}

	private need(n: number): void {
		if (this.offset + n > this.buf.length) throw new SecretChatError('TL_PARSE', 'secret message ends early');
	}

	int(): number {
		this.need(4);
		const v = this.buf.readInt32LE(this.offset);
		this.offset += 4;
		return v;
	}

	id(): number {
		this.need(4);
		const v = this.buf.readUInt32LE(this.offset);
		this.offset += 4;
		return v;
	}

	long(): bigint {
		this.need(8);
		const v = this.buf.readBigInt64LE(this.offset);
		this.offset += 8;
		return v;
	}

	double(): number {
		this.need(8);
		const v = this.buf.readDoubleLE(this.offset);
		this.offset += 8;
		return v;
	}

	bytes(): Buffer {
		this.need(1);
		let len = this.buf[this.offset];
		let head = 1;
		if (len === 254) {
			this.need(4);
			len = this.buf.readUIntLE(this.offset + 1, 3);
			head = 4;
		} else if (len === 255) throw new SecretChatError('TL_PARSE', 'bad bytes length prefix');
		this.need(head + len);
		const value = Buffer.from(this.buf.subarray(this.offset + head, this.offset + head + len));
		this.offset += head + len + ((4 - ((head + len) % 4)) % 4);
		if (this.offset > this.buf.length) throw new SecretChatError('TL_PARSE', 'bytes padding overruns');
		return value;
	}

	string(): string {
		return this.bytes().toString('utf8');
	}

	vector<T>(each: () => T): T[] {
		const id = this.id();
		if (id !== 0x1cb5c415) throw new SecretChatError('TL_PARSE', `expected a vector, got #${id.toString(16)}`);
		const count = this.int();
		if (count < 0 || count * 4 > this.buf.length - this.offset) throw new SecretChatError('TL_PARSE', 'bad vector length');
		const out: T[] = [];
		for (let i = 0; i < count; i++) out.push(each());
		return out;
	}

	get remaining(): number {
		return this.buf.length - this.offset;
	}
}
