// Login by QR code (core.telegram.org/api/qr-login): auth.exportLoginToken gives a token to show
// as tg://login?token=…; when the phone scans it, Telegram pushes updateLoginToken and the next
// export answers loginTokenSuccess, or loginTokenMigrateTo when the account lives on another
// DC (switch there, then auth.importLoginToken). Telegram's errors are left to the caller
// (SESSION_PASSWORD_NEEDED when the 2FA password comes next).
import { Api, type TelegramClient } from 'telegram';
import { Raw } from 'telegram/events';
import { invoke, type LoginCaller } from './call';
import { LoginFailure, withTimeout } from './errors';
import type { LoginLink } from './link';

/** The token to show (not scanned yet), or the account once it was. */
export async function exportQr(caller: LoginCaller): Promise<Api.auth.LoginToken | { user: Api.TypeUser }> {
	let result = await invoke(caller, new Api.auth.ExportLoginToken({ apiId: caller.apiId, apiHash: caller.apiHash, exceptIds: [] }));
	if (result instanceof Api.auth.LoginTokenMigrateTo) {
		await withTimeout(caller.link.moveTo(result.dcId), caller.requestMs, `could not reach data centre ${result.dcId}`);
		result = await invoke(caller, new Api.auth.ImportLoginToken({ token: result.token }));
	}
	if (result instanceof Api.auth.LoginTokenSuccess) {
		if (result.authorization instanceof Api.auth.Authorization) return { user: result.authorization.user };
		throw new LoginFailure('Telegram answered the QR login with a sign-up request');
	}
	if (!(result instanceof Api.auth.LoginToken)) throw new LoginFailure(`unexpected answer to the QR login (${result.className})`);
	return result;
}

export function loginUrl(token: Buffer): string {
	return `tg://login?token=${token.toString('base64url')}`;
}

/** Wakes a QR wait as soon as updateLoginToken arrives (else when its time is up). */
export class ScanSignal {
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
