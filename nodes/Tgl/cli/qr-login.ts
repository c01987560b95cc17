// Login by QR code (core.telegram.org/api/qr-login): auth.exportLoginToken gives a token to show
// as tg://login?token=…; when the phone scans it, Telegram pushes updateLoginToken and the next
// export answers loginTokenSuccess, or loginTokenMigrateTo when the account lives on another
// DC (switch there, then auth.importLoginToken). An expired token is replaced by a new one.
import { Api, type TelegramClient } from 'telegram';
import { Raw } from 'telegram/events';
import { withTimeout, type LoginLink } from './client';
import { loginFailed } from './io';
import { checkPassword } from './password';
import { drawQr, loginUrl } from './qr';
import { call, duration, errorName, failure, type LoginSteps } from './steps';

const MAX_TOKEN_WAIT_MS = 30_000;

export async function loginWithQr(steps: LoginSteps, giveUpMs: number): Promise<Api.TypeUser> {
	const scan = new ScanSignal(steps.link);
	const giveUpAt = Date.now() + giveUpMs;
	let shown = '';
	try {
		for (;;) {
			let result = await call(steps, new Api.auth.ExportLoginToken({ apiId: steps.apiId, apiHash: steps.apiHash, exceptIds: [] }));
			if (result instanceof Api.auth.LoginTokenMigrateTo) {
				await withTimeout(steps.link.moveTo(result.dcId), steps.requestMs, `could not reach data centre ${result.dcId}`);
				result = await call(steps, new Api.auth.ImportLoginToken({ token: result.token }));
			}
			if (result instanceof Api.auth.LoginTokenSuccess) {
				if (result.authorization instanceof Api.auth.Authorization) return result.authorization.user;
				throw loginFailed('Telegram answered the QR login with a sign-up request');
			}
			if (!(result instanceof Api.auth.LoginToken)) throw loginFailed(`unexpected answer to the QR login (${result.className})`);
			const url = loginUrl(Buffer.from(result.token));
			if (url !== shown) {
				show(steps, url, shown !== '');
				shown = url;
			}
			const left = giveUpAt - Date.now();
			if (left <= 0) throw loginFailed(`nobody scanned the QR code within ${duration(Math.round(giveUpMs / 1000))}`);
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

/** Wakes the QR loop as soon as updateLoginToken arrives (else when the token expires). */
class ScanSignal {
	private readonly event = new Raw({ types: [Api.UpdateLoginToken] });
	private scanned = false;
	private wake: (() => void) | undefined;
	private client: TelegramClient | undefined;

	constructor(private readonly link: LoginLink) {
		this.follow();
	}

	wait(ms: number): Promise<void> {
		this.follow();
		if (this.scanned) {
			this.scanned = false;
			return Promise.resolve();
		}
		return new Promise<void>((resolve) => {
			const timer = setTimeout(done, ms);
			this.wake = done;
			function done() {
				clearTimeout(timer);
				resolve();
			}
		}).then(() => {
			this.wake = undefined;
			this.scanned = false;
		});
	}

	stop(): void {
		this.client?.removeEventHandler(this.onUpdate, this.event);
		this.client = undefined;
		this.wake?.();
	}

	/** Listens on the link's current client (it changes when the login moves to another DC). */
	private follow(): void {
		if (this.client === this.link.client) return;
		this.client?.removeEventHandler(this.onUpdate, this.event);
		this.client = this.link.client;
		this.client.addEventHandler(this.onUpdate, this.event);
	}

	private readonly onUpdate = () => {
		this.scanned = true;
		this.wake?.();
	};
}
