// `n8n-nodes-tgl login` by phone code against the loopback Telegram, the CLI run in this process
// with in-memory streams: the user answers the prompts, the printed session string then works.
import { LOOPBACK_API_HASH, LOOPBACK_API_ID, LoopbackTelegram } from '../telegram/loopback';
import { expectOnlySessionPrinted, loopbackFlags, runInProcess, whoseSession } from './cli-run';

let tg: LoopbackTelegram;
let phones = 0;

/** A new account with its own phone number (codes pinned by the test where it says so). */
function account(firstName = 'Alice') {
	const phone = `+4477009${String(++phones).padStart(5, '0')}`;
	return { phone, user: tg.world.addUser({ firstName, lastName: 'Liddell', username: `${firstName.toLowerCase()}${phones}x`, phone }) };
}

beforeAll(async () => {
	tg = await LoopbackTelegram.start();
});

afterAll(async () => {
	await tg.stop();
});

afterEach(() => {
	tg.faults.clear();
});

describe('login by phone code', () => {
	it('asks for the code Telegram sent and prints a session string that works', async () => {
		const { phone, user } = account();
		tg.world.setLoginCode(phone, '92741');
		const run = runInProcess(['login', ...loopbackFlags(tg), '--phone', phone]);
		await run.waitFor(/sent a login code to your Telegram app/);
		await run.waitFor(/Login code: $/);
		expect(tg.world.lastLoginCode(phone)).toBe('92741');
		run.answer('92741');
		expect(await run.done).toBe(0);
		expect(run.stderr).toContain(`Logged in as Alice Liddell (@${user.username}), user id ${user.id}.`);
		const session = expectOnlySessionPrinted(run, ['92741', LOOPBACK_API_HASH]);
		expect(await whoseSession(tg, session)).toEqual({ id: user.id, dcId: 2 });
	});

	it('asks again after a wrong code, then logs in with the right one', async () => {
		const { phone, user } = account();
		tg.world.setLoginCode(phone, '80357');
		const run = runInProcess(['login', ...loopbackFlags(tg), '--phone', phone]);
		await run.waitFor(/Login code: $/);
		run.answer('99999');
		await run.waitFor(/That code is not right\. Type the code again\.\nLogin code: $/);
		run.answer('80357');
		expect(await run.done).toBe(0);
		const session = expectOnlySessionPrinted(run, ['80357', '99999', LOOPBACK_API_HASH]);
		expect((await whoseSession(tg, session)).id).toBe(user.id);
	});

	it('gets a new code when the code expired', async () => {
		const { phone, user } = account();
		const run = runInProcess(['login', ...loopbackFlags(tg), '--phone', phone]);
		await run.waitFor(/Login code: $/);
		const first = tg.world.lastLoginCode(phone)!;
		tg.world.expireLoginCode(phone);
		run.answer(first);
		await run.waitFor(/The code has expired\. Asking Telegram for a new one\.\n.*sent a login code.*\nLogin code: $/);
		expect(tg.server.callCount('auth.SendCode')).toBeGreaterThanOrEqual(2);
		run.answer(tg.world.lastLoginCode(phone)!);
		expect(await run.done).toBe(0);
		expect((await whoseSession(tg, run.stdout.trim())).id).toBe(user.id);
	});

	it('asks again for a phone number Telegram does not accept', async () => {
		const { phone, user } = account();
		tg.world.setLoginCode(phone, '71635');
		const run = runInProcess(['login', ...loopbackFlags(tg), '--phone', 'not a phone']);
		await run.waitFor(/does not accept this phone number.*\nPhone number \(international format, e\.g\. \+44 7700 900123\): $/);
		run.answer(phone);
		await run.waitFor(/Login code: $/);
		run.answer('71635');
		expect(await run.done).toBe(0);
		expect((await whoseSession(tg, run.stdout.trim())).id).toBe(user.id);
	});

	it('tells that a phone without an account must sign up first', async () => {
		const phone = '+44 7700 955555';
		tg.world.setLoginCode(phone, '66778');
		const run = runInProcess(['login', ...loopbackFlags(tg), '--phone', phone]);
		await run.waitFor(/Login code: $/);
		run.answer('66778');
		expect(await run.done).toBe(1);
		expect(run.stdout).toBe('');
		expect(lastLine(run.stderr)).toBe(
			'n8n-nodes-tgl: login failed: no Telegram account uses this phone number: sign up in a Telegram app first, then log in here',
		);
	});

	it('reads every answer from standard input when no flag is given (API ID, hash, phone, code)', async () => {
		const { phone, user } = account();
		tg.world.setLoginCode(phone, '83920');
		const run = runInProcess(['login', '--server', `${tg.host}:${tg.port}`]);
		await run.waitFor(/API ID: $/);
		run.answer('not a number');
		await run.waitFor(/The API ID is a number\.\nAPI ID: $/);
		run.answer(String(LOOPBACK_API_ID));
		await run.waitFor(/API hash: $/);
		run.answer(LOOPBACK_API_HASH);
		await run.waitFor(/Phone number .*: $/);
		run.answer(phone);
		await run.waitFor(/Login code: $/);
		run.answer('83920');
		expect(await run.done).toBe(0);
		const session = expectOnlySessionPrinted(run, ['83920', LOOPBACK_API_HASH]);
		expect((await whoseSession(tg, session)).id).toBe(user.id);
	});

	it('takes everything from the environment (TGL_API_ID, TGL_API_HASH, TGL_PHONE, TGL_CODE, TGL_SERVER)', async () => {
		const { phone, user } = account();
		tg.world.setLoginCode(phone, '75391');
		const run = runInProcess(['login'], {
			env: {
				TGL_API_ID: String(LOOPBACK_API_ID),
				TGL_API_HASH: LOOPBACK_API_HASH,
				TGL_PHONE: phone,
				TGL_CODE: '75391',
				TGL_SERVER: `${tg.host}:${tg.port}`,
			},
		});
		run.endInput();
		expect(await run.done).toBe(0);
		const session = expectOnlySessionPrinted(run, ['75391', LOOPBACK_API_HASH]);
		expect((await whoseSession(tg, session)).id).toBe(user.id);
	});

	it('fails with one line when input ends while the code is wanted', async () => {
		const { phone } = account();
		tg.world.setLoginCode(phone, '12121');
		const run = runInProcess(['login', ...loopbackFlags(tg), '--phone', phone, '--code', '00000']);
		run.endInput();
		expect(await run.done).toBe(1);
		expect(run.stderr).toContain('That code is not right');
		expect(lastLine(run.stderr)).toBe('n8n-nodes-tgl: login failed: standard input ended while waiting for the login code');
		expect(run.stdout).toBe('');
	});
});

describe('two-step verification (2FA)', () => {
	it('asks for the password after the code and checks it with SRP', async () => {
		const { phone, user } = account('Bob');
		tg.world.setLoginCode(phone, '68024');
		tg.world.setPassword(user.id, 'correct horse battery', 'stable');
		const run = runInProcess(['login', ...loopbackFlags(tg), '--phone', phone]);
		await run.waitFor(/Login code: $/);
		run.answer('68024');
		await run.waitFor(/two-step verification \(2FA\) password\.\n2FA password \(hint: stable\): $/);
		run.answer('correct horse battery');
		expect(await run.done).toBe(0);
		const session = expectOnlySessionPrinted(run, ['68024', 'correct horse battery', LOOPBACK_API_HASH]);
		expect((await whoseSession(tg, session)).id).toBe(user.id);
		expect(tg.server.callCount('auth.CheckPassword')).toBeGreaterThanOrEqual(1);
	});

	it('asks again after a wrong password', async () => {
		const { phone, user } = account('Carol');
		tg.world.setLoginCode(phone, '97531');
		tg.world.setPassword(user.id, 'hunter2-but-longer');
		const run = runInProcess(['login', ...loopbackFlags(tg), '--phone', phone, '--code', '97531', '--password', 'guess-one']);
		await run.waitFor(/Wrong password\. Type it again\.\n2FA password: $/);
		run.answer('hunter2-but-longer');
		expect(await run.done).toBe(0);
		const session = expectOnlySessionPrinted(run, ['97531', 'guess-one', 'hunter2-but-longer', LOOPBACK_API_HASH]);
		expect((await whoseSession(tg, session)).id).toBe(user.id);
	});

	it('masks the password on a terminal (raw mode, one * per character, backspace works)', async () => {
		const { phone, user } = account('Dave');
		tg.world.setLoginCode(phone, '86315');
		tg.world.setPassword(user.id, 'open sesame');
		const run = runInProcess(['login', ...loopbackFlags(tg), '--phone', phone], { tty: true });
		await run.waitFor(/Login code: $/);
		run.type('86315\r');
		await run.waitFor(/2FA password: $/);
		run.type('open sesamX\u007fe\r');
		expect(await run.done).toBe(0);
		expect(run.stderr).toContain('2FA password: ***********\b \b*\n');
		expect(run.rawModes).toEqual([true, false, true, false]);
		const session = expectOnlySessionPrinted(run, ['open sesame', 'open sesamX', LOOPBACK_API_HASH]);
		expect((await whoseSession(tg, session)).id).toBe(user.id);
	});
});

describe('data centres and limits', () => {
	it('follows PHONE_MIGRATE to the account\'s data centre and logs in there', async () => {
		const { phone, user } = account('Erin');
		tg.world.setLoginCode(phone, '90817');
		tg.world.setHomeDc(user.id, 4);
		const run = runInProcess(['login', ...loopbackFlags(tg), '--phone', phone]);
		await run.waitFor(/Your account lives in Telegram's data centre 4: continuing there\./);
		await run.waitFor(/Login code: $/);
		run.answer('90817');
		expect(await run.done).toBe(0);
		const session = expectOnlySessionPrinted(run, ['90817', LOOPBACK_API_HASH]);
		expect(await whoseSession(tg, session)).toEqual({ id: user.id, dcId: 4 });
	});

	it('explains FLOOD_WAIT with the wait, in one line, and exits 1', async () => {
		const { phone } = account();
		tg.faults.failNext('auth.SendCode', 'FLOOD_WAIT_30');
		const run = runInProcess(['login', ...loopbackFlags(tg), '--phone', phone]);
		expect(await run.done).toBe(1);
		expect(run.stdout).toBe('');
		expect(lastLine(run.stderr)).toBe(
			'n8n-nodes-tgl: login failed: Telegram asks to wait 30 s before the next attempt (FLOOD_WAIT_30): try again after that',
		);
	});

	it('tells long waits in hours and minutes', async () => {
		const { phone } = account();
		tg.world.setLoginCode(phone, '70000');
		tg.faults.failNext('auth.SignIn', 'FLOOD_WAIT_12000');
		const run = runInProcess(['login', ...loopbackFlags(tg), '--phone', phone, '--code', '70000']);
		expect(await run.done).toBe(1);
		expect(lastLine(run.stderr)).toContain('wait 3 h 20 min before the next attempt (FLOOD_WAIT_12000)');
	});
});

describe('usage', () => {
	it.each([
		[['login', '--bogus'], 'n8n-nodes-tgl: unknown option --bogus'],
		[['login', '--api-id', 'abc'], 'n8n-nodes-tgl: the API ID is a positive number (my.telegram.org → API development tools)'],
		[['login', '--api-hash', 'short'], 'n8n-nodes-tgl: the API hash is 32 hexadecimal characters (my.telegram.org → API development tools)'],
		[['login', '--server', 'nowhere'], 'n8n-nodes-tgl: --server wants host:port, not "nowhere"'],
		[['login', '--qr', '--phone', '+1'], 'n8n-nodes-tgl: --qr and --phone exclude each other'],
		[['logout'], 'n8n-nodes-tgl: unknown command "logout": try "n8n-nodes-tgl login"'],
		[[], 'n8n-nodes-tgl: no command given: try "n8n-nodes-tgl login"'],
	])('%j exits 2 with one line', async (argv, line) => {
		const run = runInProcess(argv);
		expect(await run.done).toBe(2);
		expect(run.stderr).toBe(`${line}\n`);
		expect(run.stdout).toBe('');
	});

	it('prints its help on standard output', async () => {
		const run = runInProcess(['login', '--help']);
		expect(await run.done).toBe(0);
		expect(run.stdout).toContain('Usage: n8n-nodes-tgl login [options]');
		expect(run.stdout).toContain('--qr');
	});

	it('fails in one line when the server cannot be reached', async () => {
		const run = runInProcess(['login', '--server', '127.0.0.1:1', '--api-id', '1', '--api-hash', LOOPBACK_API_HASH], {
			env: { TGL_CONNECT_TIMEOUT_SECONDS: '5' },
		});
		expect(await run.done).toBe(1);
		expect(lastLine(run.stderr)).toMatch(/^n8n-nodes-tgl: login failed: could not reach 127\.0\.0\.1:1/);
	});
});

function lastLine(text: string): string {
	return text.trimEnd().split('\n').at(-1) ?? '';
}
