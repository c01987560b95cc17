// TL primitives for the secret schema on GramJS's BinaryReader / BinaryWriter and serializeBytes.
// Added here only what GramJS lacks: writing ints, ids, longs and doubles; longs as bigint (GramJS
// reads BigInteger); bare vectors of our own items; and malformed input (an overrun, a 0xFF length
// prefix) as a TL_PARSE refusal instead of GramJS's plain Error or Node's RangeError.
import { serializeBytes } from 'telegram/tl';
import { BinaryReader, BinaryWriter } from 'telegram/extensions';
import { SecretChatError } from './errors';

const VECTOR = 0x1cb5c415;

const endsEarly = () => new SecretChatError('TL_PARSE', 'secret message ends early');

export class TlWriter extends BinaryWriter {
	constructor() {
		super(Buffer.alloc(0));
	}

	private put(size: number, fill: (b: Buffer) => void): this {
		const b = Buffer.alloc(size);
		fill(b);
		this.write(b);
		return this;
	}

	int(value: number): this {
		return this.put(4, (b) => b.writeInt32LE(value | 0));
	}

	/** A constructor id, written as the unsigned 32-bit value it is published as. */
	id(value: number): this {
		return this.put(4, (b) => b.writeUInt32LE(value >>> 0));
	}

	long(value: bigint): this {
		return this.put(8, (b) => b.writeBigInt64LE(BigInt.asIntN(64, value)));
	}

	double(value: number): this {
		return this.put(8, (b) => b.writeDoubleLE(value));
	}

	bytes(value: Buffer): this {
		this.write(serializeBytes(value));
		return this;
	}

	string(value: string): this {
		return this.bytes(Buffer.from(value, 'utf8'));
	}

	vector<T>(items: T[], each: (item: T) => void): this {
		this.id(VECTOR).int(items.length);
		items.forEach(each);
		return this;
	}
}

/** GramJS's reader, where any overrun or malformed length is a TL_PARSE refusal, never a crash. */
export class TlReader extends BinaryReader {
	constructor(private readonly data: Buffer) {
		super(data);
	}

	get remaining(): number {
		return this.data.length - this.offset;
	}

	// Every read but readInt's goes through here.
	override read(length = -1, checkLength = true): Buffer {
		if (length > this.remaining) throw endsEarly();
		return super.read(length, checkLength);
	}

	override readInt(signed = true): number {
		if (this.remaining < 4) throw endsEarly();
		return super.readInt(signed);
	}

	/** A copy: GramJS answers a view of the whole payload, which would keep it alive. */
	override tgReadBytes(): Buffer {
		if (this.data[this.offset] === 255) throw new SecretChatError('TL_PARSE', 'bad bytes length prefix');
		return Buffer.from(super.tgReadBytes());
	}

	readLongBig(): bigint {
		return this.read(8).readBigInt64LE(0);
	}

	readVector<T>(each: () => T): T[] {
		const id = this.readInt(false);
		if (id !== VECTOR) throw new SecretChatError('TL_PARSE', `expected a vector, got #${id.toString(16)}`);
		const count = this.readInt();
		if (count < 0 || count * 4 > this.remaining) throw new SecretChatError('TL_PARSE', 'bad vector length');
		const out: T[] = [];
		for (let i = 0; i < count; i++) out.push(each());
		return out;
	}
}
