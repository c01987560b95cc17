// The MTProto layer on its own: real GramJS clients over TCP against MtprotoServer with a few
// stand-in handlers (the world's handlers are tested elsewhere).
import bigInt from 'big-integer';
import { Api, TelegramClient } from 'telegram';
import { StringSession } from 'telegram/sessions';
import { Logger, LogLevel } from 'telegram/extensions/Logger';
import { AuthKey } from 'telegram/crypto/AuthKey';
import { MtprotoServer } from './mtproto/server';
import { connectionTo } from '../../nodes/Tgl/transport/server-connection';
import { RpcError } from './types';
import { loopbackConfig } from './handlers/help';

const nearest = () => new Api.NearestDc({ country: 'XX', thisDc: 2, nearestDc: 2 });

function me(id: number) {
	return new Api.User({ id: bigInt(id), self: true, accessHash: bigInt(1), firstName: 'Me' });
}

async function sessionString(server: MtprotoServer, userId?: number): Promise<string> {
	const session = new StringSession('');
	session.setDC(2, '127.0.0.1', 443);
	if (userId !== undefined) {
		const key = new AuthKey();
		await key.setKey(server.keys.create(userId).key);
		session.setAuthKey(key);
	}
	return session.save();
}

function client(port: number, session: string): TelegramClient {
	const c = new TelegramClient(new StringSession(session), 1, 'hash', {
		connection: connectionTo('127.0.0.1', port),
		// GramJS keeps g^ab as minimal bytes: 1 exchange in 256 fails its own check and is retried.
		connectionRetries: 5,
		autoReconnect: false,
		baseLogger: new Logger(LogLevel.NONE),
	});
	return c;
}

describe('loopback MTProto layer', () => {
	let server: MtprotoServer;
	let port: number;
	const clients: TelegramClient[] = [];

	beforeAll(async () => {
		server = new MtprotoServer({
			'help.GetConfig': () => loopbackConfig({ dcId: 2, dcAddress: '127.0.0.1', dcPort: 443 }),
			'help.GetNearestDc': () => nearest(),
			'users.GetUsers': (ctx) => {
				if (ctx.userId === undefined) throw new RpcError(401, 'AUTH_KEY_UNREGISTERED');
				return [me(ctx.userId)];
			},
			// A big, compressible answer: goes back gzip_packed inside rpc_result.
			'help.GetAppConfig': (_ctx, req) =>
				new Api.help.AppConfig({
					hash: req.hash,
					config: new Api.JsonObject({
						value: [new Api.JsonObjectValue({ key: 'pad', value: new Api.JsonString({ value: 'x'.repeat(req.hash * 100) }) })],
					}),
				}),
		});
		port = await server.listen();
	});

	afterEach(async () => {
		await Promise.all(clients.splice(0).map((c) => c.destroy()));
		server.faults.clear();
	});

	afterAll(async () => {
		await server.close();
	});

	it('serves a logged-in session with a pre-shared auth key (bad_server_salt, new session, rpc_result)', async () => {
		const c = client(port, await sessionString(server, 777));
		clients.push(c);
		await c.connect();
		const users = await c.invoke(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] }));
		expect(users[0].id.toJSNumber()).toBe(777);
		expect(server.calls.map((x) => x.method)).toEqual(expect.arrayContaining(['help.GetConfig', 'users.GetUsers']));
	});

	it('creates a new auth key through the DH exchange for a fresh session', async () => {
		const c = client(port, await sessionString(server));
		clients.push(c);
		await c.connect();
		const dc = await c.invoke(new Api.help.GetNearestDc());
		expect(dc.thisDc).toBe(2);
		await expect(c.invoke(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] }))).rejects.toThrow(
			'AUTH_KEY_UNREGISTERED',
		);
		expect((c.session as StringSession).save()).not.toBe('');
	});

	it('answers many concurrent calls (containers both ways) and big gzip-packed results', async () => {
		const c = client(port, await sessionString(server, 5));
		clients.push(c);
		await c.connect();
		const results = await Promise.all(
			Array.from({ length: 50 }, (_, i) => c.invoke(new Api.help.GetAppConfig({ hash: i }))),
		);
		expect(results.map((r) => (r as Api.help.AppConfig).hash)).toEqual(Array.from({ length: 50 }, (_, i) => i));
		const last = results[49] as Api.help.AppConfig;
		const pad = (last.config as Api.JsonObject).value[0].value as Api.JsonString;
		expect(pad.value).toHaveLength(4900);
	});

	it('injects rpc errors and reports unknown methods as errors, never silence', async () => {
		const c = client(port, await sessionString(server, 6));
		clients.push(c);
		await c.connect();
		server.faults.failNext('help.GetNearestDc', 'PEER_ID_INVALID');
		await expect(c.invoke(new Api.help.GetNearestDc())).rejects.toThrow('PEER_ID_INVALID');
		await expect(c.invoke(new Api.help.GetNearestDc())).resolves.toBeInstanceOf(Api.NearestDc);
		await expect(c.invoke(new Api.help.GetSupport())).rejects.toThrow(/METHOD_NOT_SUPPORTED/);
	});

	it('pushes updates to the connected sessions of an account', async () => {
		const c = client(port, await sessionString(server, 8));
		clients.push(c);
		const got: Api.TypeUpdate[] = [];
		c.addEventHandler((u: Api.TypeUpdate) => {
			got.push(u);
		});
		await c.connect();
		await c.invoke(new Api.help.GetNearestDc());
		server.pushToUser(
			8,
			new Api.UpdateShortMessage({ id: 1, userId: bigInt(9), message: 'hi', pts: 1, ptsCount: 1, date: 1 }),
		);
		await waitFor(() => got.some((u) => u instanceof Api.UpdateShortMessage));
	});

	it('answers 401 for a revoked session', async () => {
		const c = client(port, await sessionString(server, 10));
		clients.push(c);
		await c.connect();
		server.revoke(10);
		await expect(c.invoke(new Api.help.GetNearestDc())).rejects.toThrow('SESSION_REVOKED');
	});
});

async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
	const until = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > until) throw new Error('timed out waiting');
		await new Promise((r) => setTimeout(r, 10));
	}
}
