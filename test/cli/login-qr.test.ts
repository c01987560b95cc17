// `n8n-nodes-tgl login --qr` against the loopback Telegram: the CLI shows tg://login?token=…,
// the test plays the phone that scans it (world.acceptLoginToken), the session string works.
import { LOOPBACK_API_HASH, LoopbackTelegram } from '../telegram/loopback';
import { expectOnlySessionPrinted, loopbackFlags, runInProcess, whoseSession } from './cli-run';

const TOKEN_URL = /tg:\/\/login\?token=([A-Za-z0-9_-]+)/;

let tg: LoopbackTelegram;

beforeAll(async () => {
	tg = await LoopbackTelegram.start();
});

afterAll(async () => {
	await tg.stop();
});

describe('login by QR code', () => {
	it('shows the QR code and the link; once the phone accepts the token, prints a working session', async () => {
		const user = tg.world.addUser({ firstName: 'Quinn', username: 'quinn_qr' });
		const run = runInProcess(['login', '--qr', ...loopbackFlags(tg)]);
		const [, token] = await run.waitFor(TOKEN_URL);
		await run.waitFor(/Waiting for the scan…/);
		expect(run.stderr).toContain('Settings → Devices → Link Desktop Device');
		// The drawing: half-block characters, one row per two QR modules.
		expect(run.stderr).toMatch(/[▀▄█]{20,}/);
		tg.world.acceptLoginToken(token, user.id);
		expect(await run.done).toBe(0);
		expect(run.stderr).toContain(`Logged in as Quinn (@quinn_qr), user id ${user.id}.`);
		const session = expectOnlySessionPrinted(run, [LOOPBACK_API_HASH]);
		expect(await whoseSession(tg, session)).toEqual({ id: user.id, dcId: 2 });
		// Woken by updateLoginToken, not by the token's 30 s expiry.
		expect(tg.server.callCount('auth.ExportLoginToken')).toBe(2);
	});

	it('asks for the 2FA password after the scan when the account has one', async () => {
		const user = tg.world.addUser({ firstName: 'Rita' });
		tg.world.setPassword(user.id, 'qr and a password', 'both');
		const run = runInProcess(['login', '--qr', ...loopbackFlags(tg)]);
		const [, token] = await run.waitFor(TOKEN_URL);
		tg.world.acceptLoginToken(token, user.id);
		await run.waitFor(/2FA password \(hint: both\): $/);
		run.answer('not it');
		await run.waitFor(/Wrong password\. Type it again\.\n2FA password \(hint: both\): $/);
		run.answer('qr and a password');
		expect(await run.done).toBe(0);
		const session = expectOnlySessionPrinted(run, ['qr and a password', 'not it', LOOPBACK_API_HASH]);
		expect((await whoseSession(tg, session)).id).toBe(user.id);
	});

	it('follows loginTokenMigrateTo to the account\'s data centre and imports the token there', async () => {
		const user = tg.world.addUser({ firstName: 'Sam' });
		tg.world.setHomeDc(user.id, 5);
		const run = runInProcess(['login', '--qr', ...loopbackFlags(tg)]);
		const [, token] = await run.waitFor(TOKEN_URL);
		tg.world.acceptLoginToken(token, user.id);
		expect(await run.done).toBe(0);
		expect(run.stderr).toContain("Your account lives in Telegram's data centre 5: continuing there.");
		expect(tg.server.callCount('auth.ImportLoginToken')).toBe(1);
		const session = expectOnlySessionPrinted(run, [LOOPBACK_API_HASH]);
		expect(await whoseSession(tg, session)).toEqual({ id: user.id, dcId: 5 });
	});

	it('gives up in one line when nobody scans the code in time', async () => {
		const run = runInProcess(['login', '--qr', ...loopbackFlags(tg)], { env: { TGL_QR_TIMEOUT_SECONDS: '1' } });
		await run.waitFor(TOKEN_URL);
		expect(await run.done).toBe(1);
		expect(run.stdout).toBe('');
		expect(run.stderr.trimEnd().split('\n').at(-1)).toBe('n8n-nodes-tgl: login failed: nobody scanned the QR code within 1 s');
	});
});
