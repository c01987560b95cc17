// When Telegram cannot be reached the execution fails at once with the cause, host and port,
// as an error of the credential; nothing dead stays in the pool, and the next execution tries afresh.
import { createServer, type Server, type Socket } from 'net';
import type { IDataObject } from 'n8n-workflow';
import { byUsername, chain, nodeTypes, TestEnv, tgl } from '../support/env';
import { Socks5Proxy } from '../support/socks5-proxy';
import { runWorkflow } from '../harness';
import { Tgl } from '../../nodes/Tgl/Tgl.node';
import { DEFAULT_TIMEOUTS } from '../../nodes/Tgl/transport/account-client';
import { clientPool } from '../../nodes/Tgl/transport/client-pool';
import { toTglCredentials } from '../../nodes/Tgl/transport/credentials';

const CONNECT_S = 3;
// Generous: the requirement is "within the connect timeout + 2 s", asserted loosely on a busy box.
const BOUND_MS = (CONNECT_S + 10) * 1000;

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
	const { port } = server.address() as { port: number };
	await new Promise<void>((r) => server.close(() => r()));
	return port;
}

/** A port that accepts connections and never says a word. */
async function silentServer(): Promise<{ server: Server; port: number; sockets: Set<Socket> }> {
	const sockets = new Set<Socket>();
	const server = createServer((s) => {
		sockets.add(s);
		s.resume(); // reads and drops what the client sends, so its hang-up is seen
		s.on('error', () => undefined);
		s.on('close', () => sockets.delete(s));
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
	return { server, port: (server.address() as { port: number }).port, sockets };
}

describe('connecting fails fast and names the cause', () => {
	let env: TestEnv;
	let alice: { id: number };
	let good: IDataObject;
	const savedConnectMs = DEFAULT_TIMEOUTS.connectMs;

	beforeAll(async () => {
		DEFAULT_TIMEOUTS.connectMs = CONNECT_S * 1000;
		env = await TestEnv.start();
		alice = env.world.addUser({ firstName: 'Alice' });
		env.world.addUser({ firstName: 'Bob', username: 'bob_conn' });
		good = (await env.credentials(alice.id)).tglApi;
	});

	afterAll(async () => {
		DEFAULT_TIMEOUTS.connectMs = savedConnectMs;
		await env.stop();
	});

	const send = () => chain([{}], tgl('Send', 'peer', 'sendMsg', { peer: byUsername('@bob_conn'), text: 'hello' }));

	/** Runs the send twice in a row with these credentials; both must fail with `sentence`. */
	async function failsTwice(creds: IDataObject, sentence: RegExp): Promise<string> {
		const messages: string[] = [];
		for (let n = 0; n < 2; n++) {
			const started = Date.now();
			const run = await runWorkflow(send(), { nodeTypes, credentials: { tglApi: creds } });
			const elapsed = Date.now() - started;
			expect(run.error?.message).toMatch(sentence);
			// Of the credential, not of an item.
			expect(run.error?.message).not.toMatch(/Item \d/);
			expect(String((run.error as { description?: string })?.description ?? '')).not.toMatch(/Item \d/);
			expect(elapsed).toBeLessThan(BOUND_MS);
			// Nothing is left in the pool for this credential: the second run dials again.
			expect(clientPool.size).toBe(0);
			messages.push(run.error!.message);
		}
		return messages[0];
	}

	it('a closed port: "refused", with host and port, twice', async () => {
		const port = await closedPort();
		const sentence = new RegExp(`Telegram at 127\\.0\\.0\\.1:${port} refused the connection`);
		await failsTwice({ ...good, serverPort: port }, sentence);
		// The credential dialog's "Test" says the same.
		const test = await new Tgl().methods.credentialTest.tglApiTest.call({} as never, { id: '1', name: 'x', type: 'tglApi', data: { ...good, serverPort: port } as never });
		expect(test).toEqual({ status: 'Error', message: expect.stringMatching(sentence) });
	});

	it('a port that accepts and never answers: fails after the connect timeout, twice', async () => {
		const silent = await silentServer();
		try {
			await failsTwice(
				{ ...good, serverPort: silent.port },
				new RegExp(`Telegram at 127\\.0\\.0\\.1:${silent.port} accepted the connection but did not answer within ${CONNECT_S} s`),
			);
			// The abandoned clients hang up.
			const until = Date.now() + 5000;
			while (silent.sockets.size && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
			expect(silent.sockets.size).toBe(0);
		} finally {
			silent.server.close();
		}
	});

	it('a SOCKS5 proxy that is not running: "refused", naming the proxy', async () => {
		const port = await closedPort();
		await failsTwice(
			{ ...good, proxyType: 'socks5', proxyHost: '127.0.0.1', proxyPort: port },
			new RegExp(`The SOCKS5 proxy at 127\\.0\\.0\\.1:${port} refused the connection`),
		);
	});

	it('an MTProxy that is not running: "refused", naming the proxy', async () => {
		const port = await closedPort();
		await failsTwice(
			{ ...good, proxyType: 'mtproxy', proxyHost: '127.0.0.1', proxyPort: port, proxySecret: 'dd' + '0123456789abcdef'.repeat(2) },
			new RegExp(`The MTProxy at 127\\.0\\.0\\.1:${port} refused the connection`),
		);
	});

	it('a SOCKS5 proxy that refuses to reach Telegram: says so with both addresses', async () => {
		const proxy = await Socks5Proxy.start();
		const port = await closedPort();
		try {
			await failsTwice(
				{ ...good, serverPort: port, proxyType: 'socks5', proxyHost: '127.0.0.1', proxyPort: proxy.port },
				new RegExp(`The SOCKS5 proxy at 127\\.0\\.0\\.1:${proxy.port} could not reach Telegram at 127\\.0\\.0\\.1:${port} \\(ConnectionRefused\\)`),
			);
		} finally {
			await proxy.stop();
		}
	});

	it('a SOCKS5 proxy that rejects the password: says so, without the password', async () => {
		const proxy = await Socks5Proxy.start({ username: 'n8n', password: 'right-password' });
		try {
			const message = await failsTwice(
				{ ...good, proxyType: 'socks5', proxyHost: '127.0.0.1', proxyPort: proxy.port, proxyUsername: 'n8n', proxyPassword: 'wrong-password' },
				new RegExp(`The SOCKS5 proxy at 127\\.0\\.0\\.1:${proxy.port} rejected the username or password`),
			);
			expect(message).not.toContain('wrong-password');
			expect(proxy.connects).toEqual([]);
		} finally {
			await proxy.stop();
		}
	});

	it('concurrent executions waiting on one failed connect all get the same error', async () => {
		const port = await closedPort();
		const creds = { ...good, serverPort: port };
		const runs = await Promise.all(Array.from({ length: 4 }, () => runWorkflow(send(), { nodeTypes, credentials: { tglApi: creds } })));
		const messages = runs.map((r) => r.error?.message);
		expect(new Set(messages).size).toBe(1);
		expect(messages[0]).toMatch(/refused the connection/);
		expect(clientPool.size).toBe(0);
	});

	it.each([
		['session', { session: 'not-a-session' }, /session string is not a Telegram session.*npx n8n-nodes-tgl login/],
		['session', { session: '1AgAOMTQ5LjE1NC4xNjcuNTABu7' }, /session string is not a Telegram session/],
		['API ID', { apiId: 'abc' }, /API ID is not valid: it is the number shown at my\.telegram\.org/],
		['API hash', { apiHash: 'd524b414d21f4d37' }, /API hash is not valid: it is the 32-character hex string/],
		['MTProxy secret', { proxyType: 'mtproxy', proxyHost: '127.0.0.1', proxyPort: 1, proxySecret: 'not-a-hex-secret' }, /MTProxy secret is not valid/],
	])('a malformed %s is a credential error naming the field, in a run and in the credential test', async (_field, change, sentence) => {
		const creds = { ...good, ...change } as Record<string, string>;
		env.server.resetStats();
		const run = await runWorkflow(send(), { nodeTypes, credentials: { tglApi: creds } });
		expect(run.error?.message).toMatch(sentence);
		expect(run.error?.message).not.toMatch(/Item \d|Not a valid string/);
		const test = await new Tgl().methods.credentialTest.tglApiTest.call({} as never, { id: '1', name: 'x', type: 'tglApi', data: creds });
		expect(test).toEqual({ status: 'Error', message: expect.stringMatching(sentence) });
		// Nothing was dialled.
		expect(env.server.connectionsOpened).toBe(0);
	});

	it('a client whose connection stays down is dropped from the pool and replaced on next use', async () => {
		const creds = toTglCredentials(good as never);
		const first = await clientPool.acquire(creds);
		await first.me();
		clientPool.release(first);
		await env.tg.suspend();
		try {
			// A run while Telegram is away waits for the reconnect up to the connect timeout, then says so.
			const lost = await runWorkflow(send(), { nodeTypes, credentials: { tglApi: good } });
			expect(lost.error?.message).toMatch(
				new RegExp(`Lost the connection to Telegram at 127\\.0\\.0\\.1:${env.tg.port} and could not get it back within ${CONNECT_S} s`),
			);
			// The next one does not reuse the dead client: it dials afresh and is refused at once.
			const refused = await runWorkflow(send(), { nodeTypes, credentials: { tglApi: good } });
			expect(refused.error?.message).toMatch(/refused the connection/);
			expect(clientPool.size).toBe(0);
		} finally {
			await env.tg.resume();
		}
		const back = await runWorkflow(send(), { nodeTypes, credentials: { tglApi: good } });
		expect(back.error).toBeUndefined();
		const again = await clientPool.acquire(creds);
		expect(again).not.toBe(first);
		clientPool.release(again);
	}, 60_000);
});
