// A minimal SOCKS5 proxy (RFC 1928, CONNECT only, optional RFC 1929 user/password) on
// 127.0.0.1, so tests can prove that the credential's proxy settings reach GramJS.
import { connect, createServer, type Server, type Socket } from 'net';

export class Socks5Proxy {
	/** Every CONNECT target the proxy served, as "host:port". */
	readonly connects: string[] = [];
	private readonly sockets = new Set<Socket>();
	private constructor(
		private readonly server: Server,
		readonly port: number,
	) {}

	static async start(auth?: { username: string; password: string }): Promise<Socks5Proxy> {
		let proxy!: Socks5Proxy;
		const server = createServer((client) => proxy.serve(client, auth));
		await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
		proxy = new Socks5Proxy(server, (server.address() as { port: number }).port);
		return proxy;
	}

	async stop(): Promise<void> {
		for (const s of this.sockets) s.destroy();
		await new Promise<void>((r) => this.server.close(() => r()));
	}

	private serve(client: Socket, auth?: { username: string; password: string }): void {
		this.sockets.add(client);
		client.on('close', () => this.sockets.delete(client));
		client.on('error', () => client.destroy());
		let buf = Buffer.alloc(0);
		let stage: 'greeting' | 'auth' | 'request' | 'done' = 'greeting';
		const onData = (chunk: Buffer) => {
			buf = Buffer.concat([buf, chunk]);
			if (stage === 'greeting' && buf.length >= 2 && buf.length >= 2 + buf[1]) {
				const methods = [...buf.subarray(2, 2 + buf[1])];
				buf = buf.subarray(2 + buf[1]);
				const method = auth ? 2 : 0;
				if (!methods.includes(method)) return void client.end(Buffer.from([5, 0xff]));
				client.write(Buffer.from([5, method]));
				stage = auth ? 'auth' : 'request';
			}
			if (stage === 'auth' && buf.length >= 2) {
				const ulen = buf[1];
				if (buf.length < 3 + ulen) return;
				const plen = buf[2 + ulen];
				if (buf.length < 3 + ulen + plen) return;
				const user = buf.subarray(2, 2 + ulen).toString();
				const pass = buf.subarray(3 + ulen, 3 + ulen + plen).toString();
				buf = buf.subarray(3 + ulen + plen);
				const ok = user === auth!.username && pass === auth!.password;
				client.write(Buffer.from([1, ok ? 0 : 1]));
				if (!ok) return void client.end();
				stage = 'request';
			}
			if (stage === 'request' && buf.length >= 5) {
				const atyp = buf[3];
				let host: string;
				let offset: number;
				if (atyp === 1) {
					if (buf.length < 10) return;
					host = [...buf.subarray(4, 8)].join('.');
					offset = 8;
				} else if (atyp === 3) {
					if (buf.length < 5 + buf[4] + 2) return;
					host = buf.subarray(5, 5 + buf[4]).toString();
					offset = 5 + buf[4];
				} else {
					return void client.end(Buffer.from([5, 8, 0, 1, 0, 0, 0, 0, 0, 0]));
				}
				const port = buf.readUInt16BE(offset);
				const rest = buf.subarray(offset + 2);
				stage = 'done';
				client.off('data', onData);
				this.connects.push(`${host}:${port}`);
				let linked = false;
				const upstream = connect(port, host, () => {
					linked = true;
					client.write(Buffer.from([5, 0, 0, 1, 127, 0, 0, 1, 0, 0]));
					if (rest.length) upstream.write(rest);
					client.pipe(upstream).pipe(client);
				});
				this.sockets.add(upstream);
				upstream.on('close', () => {
					this.sockets.delete(upstream);
					if (linked) client.destroy();
				});
				// As RFC 1928 says: a target that refuses is answered with reply 5 (connection refused).
				upstream.on('error', () => (linked ? client.destroy() : client.end(Buffer.from([5, 5, 0, 1, 0, 0, 0, 0, 0, 0]))));
			}
		};
		client.on('data', onData);
	}
}
