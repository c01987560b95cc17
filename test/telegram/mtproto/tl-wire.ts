// The few MTProto service structures GramJS can read but not write (rpc_result, msg_container,
// gzip_packed), plus server message ids. Everything else is written with GramJS's own TL classes.
import { gzipSync, gunzipSync } from 'zlib';
import { BinaryReader } from 'telegram/extensions';

export const RPC_RESULT = 0xf35c6d01;
export const MSG_CONTAINER = 0x73f1f8dc;
export const GZIP_PACKED = 0x3072cfa1;

export function tlBytes(data: Buffer): Buffer {
	const header =
		data.length < 254
			? Buffer.from([data.length])
			: Buffer.from([254, data.length & 0xff, (data.length >> 8) & 0xff, (data.length >> 16) & 0xff]);
	const pad = (4 - ((header.length + data.length) % 4)) % 4;
	return Buffer.concat([header, data, Buffer.alloc(pad)]);
}

export function int32(n: number): Buffer {
	const b = Buffer.alloc(4);
	b.writeUInt32LE(n >>> 0, 0);
	return b;
}

export function int64(n: bigint): Buffer {
	const b = Buffer.alloc(8);
	b.writeBigInt64LE(BigInt.asIntN(64, n), 0);
	return b;
}

/** Packs a serialized object in gzip_packed when that makes it smaller, as Telegram does for big results. */
export function maybeGzip(body: Buffer): Buffer {
	if (body.length < 512) return body;
	const packed = Buffer.concat([int32(GZIP_PACKED), tlBytes(gzipSync(body))]);
	return packed.length < body.length ? packed : body;
}

export function rpcResult(reqMsgId: bigint, result: Buffer): Buffer {
	return Buffer.concat([int32(RPC_RESULT), int64(reqMsgId), maybeGzip(result)]);
}

export interface OutMessage {
	msgId: bigint;
	seqNo: number;
	body: Buffer;
}

export function container(messages: OutMessage[]): Buffer {
	const parts: Buffer[] = [int32(MSG_CONTAINER), int32(messages.length)];
	for (const m of messages) {
		parts.push(int64(m.msgId), int32(m.seqNo), int32(m.body.length), m.body);
	}
	return Buffer.concat(parts);
}

/** A client message as it arrived: container and gzip layers are flattened by `unpack`. */
export interface InMessage {
	msgId: bigint;
	seqNo: number;
	body: Buffer;
}

/** Flattens msg_container and gzip_packed layers into the messages they carry. */
export function unpack(message: InMessage): InMessage[] {
	const ctor = message.body.readUInt32LE(0);
	if (ctor === MSG_CONTAINER) {
		const out: InMessage[] = [];
		const count = message.body.readInt32LE(4);
		let off = 8;
		for (let i = 0; i < count; i++) {
			const msgId = message.body.readBigInt64LE(off);
			const seqNo = message.body.readInt32LE(off + 8);
			const len = message.body.readInt32LE(off + 12);
			const body = message.body.subarray(off + 16, off + 16 + len);
			off += 16 + len;
			out.push(...unpack({ msgId, seqNo, body }));
		}
		return out;
	}
	if (ctor === GZIP_PACKED) {
		const reader = new BinaryReader(message.body.subarray(4));
		return unpack({ ...message, body: gunzipSync(reader.tgReadBytes()) });
	}
	return [message];
}

/**
 * Server msg_ids: time-based, strictly increasing, and ≡ 1 (mod 4) for responses,
 * ≡ 3 for everything else, as MTProto requires.
 */
export class ServerMsgIds {
	private last = 0n;

	next(isResponse: boolean): bigint {
		const now = BigInt(Date.now());
		let id = ((now / 1000n) << 32n) | (((now % 1000n) * 4294967n) & 0xfffffffcn);
		if (id <= this.last) id = (this.last + 4n) & ~3n;
		id |= isResponse ? 1n : 3n;
		this.last = id;
		return id;
	}
}
