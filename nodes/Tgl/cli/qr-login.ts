// Login by QR code on a terminal: the token (../login/qr) drawn as a QR code and printed as a
// link, redrawn when it expires, until the phone scans it or the time is up.
import type { Api } from 'telegram';
import { duration, errorName, failure, LoginFailure } from '../login/errors';
import { exportQr, loginUrl, ScanSignal } from '../login/qr';
import { checkPassword } from './password';
import { drawQr } from './qr';
import type { LoginSteps } from './steps';

const MAX_TOKEN_WAIT_MS = 30_000;

export async function loginWithQr(steps: LoginSteps, giveUpMs: number): Promise<Api.TypeUser> {
	const scan = new ScanSignal(steps.link);
	const giveUpAt = Date.now() + giveUpMs;
	let shown = '';
	try {
		for (;;) {
			const result = await exportQr(steps);
			if ('user' in result) return result.user;
			const url = loginUrl(Buffer.from(result.token));
			if (url !== shown) {
				show(steps, url, shown !== '');
				shown = url;
			}
			const left = giveUpAt - Date.now();
			if (left <= 0) throw new LoginFailure(`nobody scanned the QR code within ${duration(Math.round(giveUpMs / 1000))}`);
			const tokenLeft = result.expires * 1000 - Date.now();
			await scan.wait(Math.min(left, Math.max(1000, Math.min(tokenLeft, MAX_TOKEN_WAIT_MS))));
		}
	} catch (error) {
		if (errorName(error) === 'SESSION_PASSWORD_NEEDED') return checkPassword(steps);
		throw failure(error);
	} finally {
		scan.stop();
	}
}

function show(steps: LoginSteps, url: string, refreshed: boolean): void {
	if (refreshed) steps.say('The QR code expired; here is a new one.');
	const drawing = drawQr(url);
	steps.say('Scan this QR code with Telegram on your phone: Settings → Devices → Link Desktop Device.');
	steps.say(drawing);
	steps.say(`Or open this link on a device where Telegram is logged in: ${url}`);
	steps.say('Waiting for the scan…');
}
