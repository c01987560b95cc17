// Account → Log In: Show QR Code: a QR code (PNG in a binary field, and its tg://login link) to
// scan with Telegram on a phone (Settings → Devices → Link Desktop Device), and the login token
// that Log In: Wait for QR Scan continues with. Telegram's QR tokens last about 30 seconds.
import { updateDisplayOptions } from 'n8n-workflow';
import { loginUrl, exportQr } from '../../login/qr';
import { qrPng } from '../../login/qr-png';
import type { TglOperation } from '../types';
import { loggedIn, loginError, loginTokenOf, openLogin } from './login-link';

export const loginQr: TglOperation = {
	withoutSession: true,
	description: updateDisplayOptions({ show: { resource: ['account'], operation: ['loginQr'] } }, [
		{
			displayName: 'Put QR Code in Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			required: true,
			hint: 'The name of the output binary field for the QR code image (PNG)',
		},
	]),

	async execute(i) {
		const field = String(this.getNodeParameter('binaryPropertyName', i, 'data')) || 'data';
		let login;
		try {
			login = await openLogin(this);
		} catch (error) {
			throw loginError(this, error, i);
		}
		try {
			const result = await exportQr(login);
			if ('user' in result) return [{ json: { loggedIn: true, ...loggedIn(result.user, login) } }];
			const token = Buffer.from(result.token);
			const url = loginUrl(token);
			const loginToken = loginTokenOf(login, 'qr', { qrToken: token.toString('base64url') });
			const binary = await this.helpers.prepareBinaryData(qrPng(url), 'telegram-login-qr.png', 'image/png');
			return [
				{
					json: { loggedIn: false, loginToken, url, expires: new Date(result.expires * 1000).toISOString() },
					binary: { [field]: binary },
				},
			];
		} catch (error) {
			throw loginError(this, error, i);
		} finally {
			await login.link.close();
		}
	},
};
