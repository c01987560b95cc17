// Account → Log In operations through the n8n engine, over MTProto to the loopback Telegram,
// on a credential with only the API ID and hash. Each step runs in its own execution (the
// login token is all that goes from one to the next), as a form workflow would run them.
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { runWorkflow } from '../harness';
import { chain, eventually, nodeTypes, TestEnv, tgl } from '../support/env';
import { Socks5Proxy } from '../support/socks5-proxy';
import { LOOPBACK_API_HASH, LOOPBACK_API_ID } from '../telegram/loopback';
import { whoseSession } from '../cli/cli-run';

const COF = { onError: 'continueRegularOutput' as const };

let env: TestEnv;
let phones = 0;

beforeAll(async () => {
	env = await TestEnv.start();
});

afterAll(async () => {
	await env.stop();
});

afterEach(() => {
	env.faults.clear();
});

/** The credential before any login: API ID, API hash and the loopback's address, no session. */
function apiOnly(): Record<string, IDataObject> {
	return { tglApi: { apiId: LOOPBACK_API_ID, apiHash: LOOPBACK_API_HASH, session: '', serverHost: env.tg.host, serverPort: env.tg.port } };
}

function account(firstName: string) {
	const phone = `+4477008${String(++phones).padStart(5, '0')}`;
	return { phone, user: env.world.addUser({ firstName, username: `${firstName.toLowerCase()}_l${phones}`, phone }) };
}

/** One execution of one login operation on the API-only credential; its items and error. */
async function step(operation: string, parameters: IDataObject, extra = {}) {
	const run = await runWorkflow(chain([{}], tgl('Login', 'account', operation, parameters as never, extra)), {
		nodeTypes,
		credentials: apiOnly(),
	});
	return { error: run.error, items: run.output('Login') };
}

async function sendCode(phone: string): Promise<IDataObject> {
	const { error, items } = await step('loginSendCode', { phone });
	expect(error).toBeUndefined();
	return items[0].json;
}

function expectLoggedIn(items: INodeExecutionData[], userId: number): string {
	expect(items).toHaveLength(1);
	const json = items[0].json;
	expect(json.user).toMatchObject({ id: String(userId) });
	expect(json.session).toMatch(/^1[A-Za-z0-9+/=_-]{300,}$/);
	return json.session as string;
}

describe('Log In: Send Code, then Sign In in another execution', () => {
	it('logs in with the code Telegram sent; the session string works', async () => {
		const { phone, user } = account('Lena');
		env.world.setLoginCode(phone, '41526');
		const sent = await sendCode(phone);
		expect(sent).toMatchObject({ loggedIn: false, codeType: 'app', codeLength: 5 });
		expect(sent.sentTo).toBe('Telegram sent a login code to your Telegram app (in the chat with "Telegram")');
		expect(sent.loginToken).toMatch(/^tgl-login-1\./);
		// The token is opaque: neither the phone nor the hash shows in it.
		expect(sent.loginToken).not.toContain(phone.slice(1));
		expect(env.world.lastLoginCode(phone)).toBe('41526');

		const { error, items } = await step('loginSignIn', { loginToken: sent.loginToken, code: '41-526' });
		expect(error).toBeUndefined();
		const session = expectLoggedIn(items, user.id);
		expect(items[0].json).toMatchObject({ dcId: 2, user: { firstName: 'Lena', username: user.username, phone: phone.slice(1) } });
		expect(await whoseSession(env.tg, session)).toEqual({ id: user.id, dcId: 2 });
	});

	it('a wrong code fails the item with a sentence; the same token then takes the right code', async () => {
		const { phone, user } = account('Mona');
		env.world.setLoginCode(phone, '70312');
		const { loginToken } = await sendCode(phone);
		const wrong = await step('loginSignIn', { loginToken, code: '11111' }, COF);
		expect(wrong.items.map((i) => i.json)).toEqual([{ error: 'The login code is not right (PHONE_CODE_INVALID)', description: null }]);
		const right = await step('loginSignIn', { loginToken, code: '70312' });
		expect(right.error).toBeUndefined();
		expect((await whoseSession(env.tg, expectLoggedIn(right.items, user.id))).id).toBe(user.id);
	});

	it('checks the 2FA password with SRP; a wrong or missing password is an item error', async () => {
		const { phone, user } = account('Nadia');
		env.world.setPassword(user.id, 'tiny pony 7', 'pony');
		env.world.setLoginCode(phone, '55301');
		let { loginToken } = await sendCode(phone);
		const missing = await step('loginSignIn', { loginToken, code: '55301' }, COF);
		expect(missing.items[0].json.error).toBe(
			'This account has a two-step verification (2FA) password: send a new code, then sign in with that code and the password in 2FA Password',
		);

		({ loginToken } = await sendCode(phone));
		const wrong = await step('loginSignIn', { loginToken, code: '55301', password: 'big pony' }, COF);
		expect(wrong.items[0].json.error).toBe('The 2FA password is wrong (PASSWORD_HASH_INVALID)');
		expect(JSON.stringify(wrong.items)).not.toContain('big pony');

		({ loginToken } = await sendCode(phone));
		const right = await step('loginSignIn', { loginToken, code: '55301', password: 'tiny pony 7' });
		expect(right.error).toBeUndefined();
		const session = expectLoggedIn(right.items, user.id);
		expect(JSON.stringify(right.items)).not.toContain('tiny pony 7');
		expect((await whoseSession(env.tg, session)).id).toBe(user.id);
		expect(env.server.callCount('auth.CheckPassword')).toBeGreaterThanOrEqual(2);
	});

	it("follows PHONE_MIGRATE to the account's data centre; Sign In continues there", async () => {
		const { phone, user } = account('Olga');
		env.world.setHomeDc(user.id, 4);
		env.world.setLoginCode(phone, '60606');
		const { loginToken } = await sendCode(phone);
		const { error, items } = await step('loginSignIn', { loginToken, code: '60606' });
		expect(error).toBeUndefined();
		expect(items[0].json.dcId).toBe(4);
		expect(await whoseSession(env.tg, expectLoggedIn(items, user.id))).toEqual({ id: user.id, dcId: 4 });
	});

	it('tells FLOOD_WAIT with the wait, and a phone number Telegram refuses', async () => {
		env.faults.failNext('auth.SendCode', 'FLOOD_WAIT_30');
		const flood = await step('loginSendCode', { phone: '+447700812345' }, COF);
		expect(flood.items[0].json.error).toBe('Telegram asks to wait 30 s before the next attempt (FLOOD_WAIT_30): try again after that');
		const invalid = await step('loginSendCode', { phone: 'not a phone' }, COF);
		expect(invalid.items[0].json.error).toMatch(/^Telegram does not accept this phone number.*\(PHONE_NUMBER_INVALID\)$/);
	});

	it('an expired code, a token from another API hash or a changed token is an item error', async () => {
		const { phone } = account('Pia');
		const { loginToken } = await sendCode(phone);
		env.world.expireLoginCode(phone);
		const expired = await step('loginSignIn', { loginToken, code: env.world.lastLoginCode(phone)! }, COF);
		expect(expired.items[0].json.error).toBe('The login code has expired: send a new one and log in with that (PHONE_CODE_EXPIRED)');
		const changed = await step('loginSignIn', { loginToken: `${String(loginToken).slice(0, -4)}AAAA`, code: '12345' }, COF);
		expect(changed.items[0].json.error).toMatch(/^The login token is not one this node made with this credential/);
	});
});

describe('Log In: Show QR Code, then Wait for QR Scan', () => {
	const tokenOf = (url: unknown) => /token=([A-Za-z0-9_-]+)/.exec(String(url))![1];

	it('outputs the QR code as a PNG; after the scan, Wait for QR Scan outputs a working session', async () => {
		const { user } = account('Quentin');
		const shown = await step('loginQr', {});
		expect(shown.error).toBeUndefined();
		const [item] = shown.items;
		expect(item.json).toMatchObject({ loggedIn: false, url: expect.stringMatching(/^tg:\/\/login\?token=/) });
		expect(item.binary?.data).toMatchObject({ mimeType: 'image/png', fileName: 'telegram-login-qr.png' });
		expect(item.binary!.data.bytes).toBeGreaterThan(300);

		// The wait starts first; the scan (updateLoginToken) wakes it.
		const before = env.server.callCount('auth.ExportLoginToken');
		const waiting = step('loginQrWait', { loginToken: item.json.loginToken, waitSeconds: 120 });
		await eventually(() => env.server.callCount('auth.ExportLoginToken') > before, 'the wait to look at the token');
		env.world.acceptLoginToken(tokenOf(item.json.url), user.id);
		const { error, items } = await waiting;
		expect(error).toBeUndefined();
		expect(await whoseSession(env.tg, expectLoggedIn(items, user.id))).toEqual({ id: user.id, dcId: 2 });
	});

	it("follows loginTokenMigrateTo to the account's data centre, and checks the 2FA password", async () => {
		const { user } = account('Rosa');
		env.world.setHomeDc(user.id, 5);
		env.world.setPassword(user.id, 'qr pass 9');
		const shown = await step('loginQr', {});
		env.world.acceptLoginToken(tokenOf(shown.items[0].json.url), user.id);
		const { error, items } = await step('loginQrWait', { loginToken: shown.items[0].json.loginToken, password: 'qr pass 9' });
		expect(error).toBeUndefined();
		expect(await whoseSession(env.tg, expectLoggedIn(items, user.id))).toEqual({ id: user.id, dcId: 5 });
	});

	it('fails the item when nobody scans in time', async () => {
		const shown = await step('loginQr', {});
		const { items } = await step('loginQrWait', { loginToken: shown.items[0].json.loginToken, waitSeconds: 1 }, COF);
		expect(items[0].json.error).toBe('Nobody scanned the QR code within 1 s: show a new one and wait again');
	});
});

describe("the credential's proxy", () => {
	it('carries every login step through the SOCKS5 proxy', async () => {
		const proxy = await Socks5Proxy.start({ username: 'n8n', password: 'proxy-pass' });
		try {
			const { phone, user } = account('Vera');
			env.world.setLoginCode(phone, '31415');
			const credentials = { tglApi: { ...apiOnly().tglApi, proxyType: 'socks5', proxyHost: '127.0.0.1', proxyPort: proxy.port, proxyUsername: 'n8n', proxyPassword: 'proxy-pass' } };
			const login = (operation: string, parameters: IDataObject) =>
				runWorkflow(chain([{}], tgl('Login', 'account', operation, parameters as never)), { nodeTypes, credentials });
			const sent = await login('loginSendCode', { phone });
			expect(sent.error).toBeUndefined();
			const signedIn = await login('loginSignIn', { loginToken: sent.output('Login')[0].json.loginToken, code: '31415' });
			expect(signedIn.error).toBeUndefined();
			expectLoggedIn(signedIn.output('Login'), user.id);
			expect(proxy.connects).toEqual([`127.0.0.1:${env.tg.port}`, `127.0.0.1:${env.tg.port}`]);
		} finally {
			await proxy.stop();
		}
	});
});

describe('Continue (using error output)', () => {
	it('a failed login step goes to the error output with its reason, a good one to the main output', async () => {
		const { phone } = account('Uma');
		const run = await runWorkflow(
			chain([{ phone }, { phone: 'not a phone' }], tgl('Login', 'account', 'loginSendCode', { phone: '={{ $json.phone }}' }, { onError: 'continueErrorOutput' })),
			{ nodeTypes, credentials: apiOnly() },
		);
		expect(run.error).toBeUndefined();
		expect(run.output('Login', 0).map((i) => [i.json.codeType, i.pairedItem])).toEqual([['app', { item: 0 }]]);
		expect(run.output('Login', 1).map((i) => [String(i.json.error).split(':')[0], i.pairedItem])).toEqual([
			['Telegram does not accept this phone number', { item: 1 }],
		]);
	});
});

describe('a credential without a session', () => {
	it('fails every other operation with a sentence that says how to log in', async () => {
		const run = await runWorkflow(chain([{}], tgl('Online', 'account', 'statusOnline')), { nodeTypes, credentials: apiOnly() });
		expect(run.error?.message).toMatch(/^The credential has no session string yet: log in with the Telegram TGL node \(Account → Log In: Send Code/);
		expect(run.error?.message).toContain('npx n8n-nodes-tgl login');
	});
});
