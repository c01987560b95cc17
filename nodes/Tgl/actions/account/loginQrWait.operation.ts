// Account → Log In: Wait for QR Scan. Continues a Log In: Show QR Code on the auth key its token
// carries: waits (woken by Telegram's updateLoginToken) until the phone scans the code or the
// time is up, follows the account to its DC, checks the 2FA password when there is one, and
// outputs the session string.
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import type { Api } from 'telegram';
import { duration, errorName, LoginFailure } from '../../login/errors';
import { exportQr, ScanSignal } from '../../login/qr';
import { openLoginToken, type LoginState } from '../../login/token';
import type { TglOperation } from '../types';
import { apiHashOf, loggedIn, loginError, openLogin, type LoginConnection } from './login-link';
import { passwordOf, passwordProperty, passwordStep } from './login-password';

/** Between two looks at the token when no update came (an update wakes the wait at once). */
const MAX_QUIET_MS = 10_000;

export const loginQrWait: TglOperation = {
	withoutSession: true,
	description: updateDisplayOptions({ show: { resource: ['account'], operation: ['loginQrWait'] } }, [
		{
			displayName: 'Login Token',
			name: 'loginToken',
			type: 'string',
			default: '',
			required: true,
			description: 'The login token that Log In: Show QR Code put in its item',
		},
		{
			displayName: 'Wait (Seconds)',
			name: 'waitSeconds',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 600 },
			default: 60,
			description: 'How long to wait for the scan before the item fails',
		},
		passwordProperty,
	]),

	async execute(i) {
		const token = String(this.getNodeParameter('loginToken', i, ''));
		const waitMs = Math.max(1, Number(this.getNodeParameter('waitSeconds', i, 60)) || 60) * 1000;
		const password = passwordOf(this, i);
		let state: LoginState;
		let login: LoginConnection;
		try {
			state = openLoginToken(token, await apiHashOf(this));
			if (state.kind !== 'qr') {
				throw new NodeOperationError(this.getNode(), 'This login token is from Log In: Send Code: continue it with Log In: Sign In', { itemIndex: i });
			}
			login = await openLogin(this, state.session);
		} catch (error) {
			throw loginError(this, error, i);
		}
		try {
			let user: Api.TypeUser;
			try {
				user = await waitForScan(login, state, waitMs);
			} catch (error) {
				if (errorName(error) !== 'SESSION_PASSWORD_NEEDED') throw loginError(this, error, i);
				user = await passwordStep(this, i, login, password, 'show a new QR code, then wait for the scan with the password in 2FA Password');
			}
			return [{ json: loggedIn(user, login) }];
		} catch (error) {
			throw loginError(this, error, i);
		} finally {
			await login.link.close();
		}
	},
};

async function waitForScan(login: LoginConnection, state: LoginState, waitMs: number): Promise<Api.TypeUser> {
	const scan = new ScanSignal(login.link);
	const giveUpAt = Date.now() + waitMs;
	try {
		for (;;) {
			const result = await exportQr(login);
			if ('user' in result) return result.user;
			// Telegram hands out a new token once the shown one expired: nobody can scan that one.
			if (Buffer.from(result.token).toString('base64url') !== state.qrToken) {
				throw new LoginFailure('The QR code expired before it was scanned: show a new one (Log In: Show QR Code) and wait again');
			}
			const left = giveUpAt - Date.now();
			if (left <= 0) throw new LoginFailure(`Nobody scanned the QR code within ${duration(Math.round(waitMs / 1000))}: show a new one and wait again`);
			await scan.wait(Math.min(left, MAX_QUIET_MS));
		}
	} finally {
		scan.stop();
	}
}
