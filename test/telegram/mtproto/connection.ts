// One TCP connection: the MTProto session layer on the server side (encryption, salts,
// sessions, acks, containers, pings) in front of the RPC dispatcher.
import { randomBytes } from 'crypto';
import type { Socket } from 'net';
import bigInt from 'big-integer';
import { Api } from 'telegram';
import { BinaryReader } from 'telegram/extensions';
import type { AuthKeyRecord, AuthKeyStore } from './auth-keys';
import { AuthExchange } from './auth-exchange';
import { deriveAesKeyIv, igeDecrypt, igeEncrypt, msgKeyFor } from './crypto';
import type { RsaKey } from './rsa';
import { TcpFullDecoder, TcpFullEncoder } from './tcp-full';
import { container, InMessage, int32, OutMessage, rpcResult, ServerMsgIds, unpack } from './tl-wire';
import { RpcError, type CallContext, type SessionRef } from '../types';

const MSGS_ACK = 0x62d6b459;
// Wrappers a request may come in; the dispatcher sees the innermost query.
const WRAPPERS = new Set([
	'InvokeWithLayer',
	'InitConnection',
	'InvokeAfterMsg',
	'InvokeAfterMsgs',
	'InvokeWithoutUpdates',
	'InvokeWithMessagesRange',
	'InvokeWithTakeout',
]);

export interface ConnectionHost {
	readonly keys: AuthKeyStore;
	readonly rsa: RsaKey;
	readonly msgIds: ServerMsgIds;
	dispatch(ctx: CallContext, request: any): Promise<unknown>;
	onSessionBound(conn: ServerConnection): void;
	onClose(conn: ServerConnection): void;
}

const big = (n: bigint) => bigInt(n.toString());

export class ServerConnection implements SessionRef {
	private readonly decoder = new TcpFullDecoder();
	private readonly encoder = new TcpFullEncoder();
	private readonly exchange: AuthExchange;
	private authKey: AuthKeyRecord | undefined;
	/** The session whose salt was accepted (pushes go there). */
	private sessionId: bigint | undefined;
	/** The session id of the last message received: replies are encrypted for it. */
	private wireSessionId: bigint | undefined;
	private contentSeq = 0;
	private outbox: { body: Buffer; response: boolean; content: boolean }[] = [];
	private flushScheduled = false;
	private pingDisconnect: NodeJS.Timeout | undefined;
	private closed = false;
	/** The client's initConnection fields, once seen. */
	initConnection: Api.InitConnection | undefined;

	constructor(
		readonly socket: Socket,
		private readonly host: ConnectionHost,
		readonly key: string,
	) {
		this.exchange = new AuthExchange(host.rsa, host.keys);
		socket.setNoDelay(true);
		socket.on('data', (chunk) => this.onData(chunk));
		socket.on('error', () => this.close());
		socket.on('close', () => this.close());
	}

	get userId(): number | undefined {
		return this.authKey?.userId;
	}

	get authKeyId(): string | undefined {
		return this.authKey?.id;
	}

	/** True once the client has an established session (salt accepted) that pushes can reach. */
	get established(): boolean {
		return this.sessionId !== undefined && !this.closed;
	}

	pushUpdates(updates: Api.TypeUpdates): void {
		if (!this.established) return;
		this.enqueue(updates.getBytes(), false, true);
	}

	close(): void {
		if (this.closed) return;
		this.closed = true;
		clearTimeout(this.pingDisconnect);
		this.socket.destroy();
		this.host.onClose(this);
	}

	private onData(chunk: Buffer): void {
		let payloads: Buffer[];
		try {
			payloads = this.decoder.push(chunk);
		} catch {
			return this.close();
		}
		for (const payload of payloads) {
			try {
				this.onPayload(payload);
			} catch (error) {
				process.stderr.write(`loopback telegram: dropping connection: ${(error as Error).message}\n`);
				this.close();
				return;
			}
		}
	}

	private onPayload(payload: Buffer): void {
		const keyId = payload.subarray(0, 8);
		if (keyId.equals(Buffer.alloc(8))) {
			const len = payload.readInt32LE(16);
			const answer = this.exchange.handle(payload.subarray(20, 20 + len));
			const head = Buffer.alloc(20);
			head.writeBigInt64LE(this.host.msgIds.next(true), 8);
			head.writeInt32LE(answer.length, 16);
			this.write(Buffer.concat([head, answer]));
			return;
		}
		const record = this.host.keys.get(keyId.toString('hex'));
		if (!record) {
			// Transport error -404: the server does not know this auth key.
			this.write(int32(-404 >>> 0));
			return;
		}
		this.authKey = record;
		const msgKey = payload.subarray(8, 24);
		const { key, iv } = deriveAesKeyIv(record.key, msgKey, 0);
		const plain = igeDecrypt(payload.subarray(24), key, iv);
		if (!msgKeyFor(record.key, plain, 0).equals(msgKey)) throw new Error('msg_key mismatch');
		const salt = plain.readBigInt64LE(0);
		const sessionId = plain.readBigInt64LE(8);
		const message: InMessage = {
			msgId: plain.readBigInt64LE(16),
			seqNo: plain.readInt32LE(24),
			body: plain.subarray(32, 32 + plain.readInt32LE(28)),
		};
		if (sessionId !== this.wireSessionId) {
			this.wireSessionId = sessionId;
			this.contentSeq = 0;
		}
		if (salt !== record.salt) {
			const bad = new Api.BadServerSalt({
				badMsgId: big(message.msgId),
				badMsgSeqno: message.seqNo,
				errorCode: 48,
				newServerSalt: big(record.salt),
			});
			this.enqueue(bad.getBytes(), true, false);
			return;
		}
		if (sessionId !== this.sessionId) {
			this.sessionId = sessionId;
			const created = new Api.NewSessionCreated({
				firstMsgId: big(message.msgId),
				uniqueId: big(randomBytes(8).readBigInt64LE(0)),
				serverSalt: big(record.salt),
			});
			this.enqueue(created.getBytes(), false, true);
			this.host.onSessionBound(this);
		}
		const acks: bigint[] = [];
		for (const m of unpack(message)) {
			if (m.seqNo & 1) acks.push(m.msgId);
			this.onMessage(m, record);
		}
		if (acks.length) {
			this.enqueue(new Api.MsgsAck({ msgIds: acks.map(big) }).getBytes(), false, false);
		}
	}

	private onMessage(m: InMessage, record: AuthKeyRecord): void {
		if (m.body.readUInt32LE(0) === MSGS_ACK) return;
		let obj = new BinaryReader(m.body).tgReadObject();
		if (obj instanceof Api.Ping || obj instanceof Api.PingDelayDisconnect) {
			if (obj instanceof Api.PingDelayDisconnect) this.armPingDisconnect(obj.disconnectDelay);
			this.enqueue(new Api.Pong({ msgId: big(m.msgId), pingId: obj.pingId }).getBytes(), true, true);
			return;
		}
		if (obj instanceof Api.GetFutureSalts) {
			const now = Math.floor(Date.now() / 1000);
			const salts = new Api.FutureSalts({
				reqMsgId: big(m.msgId),
				now,
				salts: [new Api.FutureSalt({ validSince: now - 60, validUntil: now + 3600, salt: big(record.salt) })],
			});
			this.enqueue(salts.getBytes(), true, true);
			return;
		}
		if (obj instanceof Api.DestroySession) {
			const ok = new Api.DestroySessionOk({ sessionId: obj.sessionId });
			this.enqueue(rpcResult(m.msgId, ok.getBytes()), true, true);
			return;
		}
		if (obj instanceof Api.MsgsStateReq || obj instanceof Api.MsgResendReq || obj instanceof Api.MsgsStateInfo) {
			return;
		}
		while (WRAPPERS.has(obj?.className)) {
			if (obj instanceof Api.InitConnection) this.initConnection = obj;
			obj = obj.query;
		}
		void this.call(m.msgId, obj, record);
	}

	private async call(msgId: bigint, request: any, record: AuthKeyRecord): Promise<void> {
		const ctx: CallContext = {
			userId: record.userId,
			authKeyId: record.id,
			session: this,
			bindUser: (userId) => {
				record.userId = userId;
			},
		};
		let body: Buffer;
		try {
			// AUTH_KEY_DUPLICATED is Telegram's 406; the other invalidations are 401.
			if (record.revoked) throw new RpcError(record.revoked === 'AUTH_KEY_DUPLICATED' ? 406 : 401, record.revoked);
			body = rpcResult(msgId, serializeResult(await this.host.dispatch(ctx, request)));
		} catch (error) {
			const rpc =
				error instanceof RpcError
					? error
					: new RpcError(500, `INTERNAL_SERVER_ERROR: ${(error as Error)?.message ?? error}`);
			if (!(error instanceof RpcError)) {
				process.stderr.write(`loopback telegram: ${request?.className} failed: ${(error as Error)?.stack}\n`);
			}
			body = rpcResult(msgId, new Api.RpcError({ errorCode: rpc.code, errorMessage: rpc.errorMessage }).getBytes());
		}
		this.enqueue(body, true, true);
	}

	private armPingDisconnect(seconds: number): void {
		clearTimeout(this.pingDisconnect);
		this.pingDisconnect = setTimeout(() => this.close(), seconds * 1000);
		this.pingDisconnect.unref();
	}

	/** Queues a message; everything queued in one turn of the event loop goes out in one container. */
	private enqueue(body: Buffer, response: boolean, content: boolean): void {
		if (this.closed) return;
		this.outbox.push({ body, response, content });
		if (!this.flushScheduled) {
			this.flushScheduled = true;
			setImmediate(() => this.flush());
		}
	}

	private flush(): void {
		this.flushScheduled = false;
		const batch = this.outbox;
		this.outbox = [];
		if (!batch.length || this.closed || !this.authKey || this.wireSessionId === undefined) return;
		// A container carries at most ~1 MB; big results (file parts) go alone.
		while (batch.length) {
			let size = 0;
			let n = 0;
			while (n < batch.length && n < 100 && (n === 0 || size + batch[n].body.length < 512 * 1024)) {
				size += batch[n++].body.length;
			}
			const items = batch.splice(0, n).map(
				(o): OutMessage => ({
					msgId: this.host.msgIds.next(o.response),
					seqNo: o.content ? this.contentSeq++ * 2 + 1 : this.contentSeq * 2,
					body: o.body,
				}),
			);
			const out =
				items.length === 1
					? items[0]
					: { msgId: this.host.msgIds.next(false), seqNo: this.contentSeq * 2, body: container(items) };
			this.write(this.encrypt(out));
		}
	}

	private encrypt(m: OutMessage): Buffer {
		const record = this.authKey!;
		const head = Buffer.alloc(32);
		head.writeBigInt64LE(record.salt, 0);
		head.writeBigInt64LE(this.wireSessionId!, 8);
		head.writeBigInt64LE(m.msgId, 16);
		head.writeInt32LE(m.seqNo, 24);
		head.writeInt32LE(m.body.length, 28);
		const unpadded = 32 + m.body.length;
		const padding = randomBytes(12 + ((16 - ((unpadded + 12) % 16)) % 16));
		const plain = Buffer.concat([head, m.body, padding]);
		const msgKey = msgKeyFor(record.key, plain, 8);
		const { key, iv } = deriveAesKeyIv(record.key, msgKey, 8);
		return Buffer.concat([Buffer.from(record.id, 'hex'), msgKey, igeEncrypt(plain, key, iv)]);
	}

	private write(payload: Buffer): void {
		if (!this.closed) this.socket.write(this.encoder.encode(payload));
	}
}

/** Serializes a handler's answer: a TL object, a vector of them, a Bool, or a vector of ints. */
function serializeResult(result: unknown): Buffer {
	if (typeof result === 'boolean') return int32(result ? 0x997275b5 : 0xbc799737);
	if (Array.isArray(result)) {
		const items = result.map((r) => {
			if (typeof r === 'number') return int32(r);
			if (typeof r === 'bigint') {
				const b = Buffer.alloc(8);
				b.writeBigInt64LE(r, 0);
				return b;
			}
			return (r as { getBytes(): Buffer }).getBytes();
		});
		return Buffer.concat([int32(0x1cb5c415), int32(items.length), ...items]);
	}
	if (result && typeof (result as { getBytes?: unknown }).getBytes === 'function') {
		return (result as { getBytes(): Buffer }).getBytes();
	}
	throw new Error(`handler returned something that is not TL: ${String(result)}`);
}
