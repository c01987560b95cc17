// The "full" TCP transport GramJS uses in Node: len(4 LE, whole packet) | seq(4 LE) | payload | crc32(4 LE).
import { crc32 } from 'zlib';

export class TcpFullDecoder {
	private buf: Buffer = Buffer.alloc(0);

	/** Feeds received bytes; returns every complete payload. Throws on a bad checksum. */
	push(chunk: Buffer): Buffer[] {
		this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
		const out: Buffer[] = [];
		while (this.buf.length >= 4) {
			const len = this.buf.readInt32LE(0);
			if (len < 12 || len > 16 * 1024 * 1024) throw new Error(`bad packet length ${len}`);
			if (this.buf.length < len) break;
			const packet = this.buf.subarray(0, len);
			const want = packet.readUInt32LE(len - 4);
			if (crc32(packet.subarray(0, len - 4)) !== want) throw new Error('bad packet checksum');
			out.push(Buffer.from(packet.subarray(8, len - 4)));
			this.buf = this.buf.subarray(len);
		}
		return out;
	}
}

export class TcpFullEncoder {
	private seq = 0;

	encode(payload: Buffer): Buffer {
		const packet = Buffer.alloc(payload.length + 12);
		packet.writeInt32LE(packet.length, 0);
		packet.writeInt32LE(this.seq++, 4);
		payload.copy(packet, 8);
		packet.writeUInt32LE(crc32(packet.subarray(0, packet.length - 4)), packet.length - 4);
		return packet;
	}
}
