// Account → Log In: Send Code. Telegram sends a login code to the phone's Telegram app (or by
// SMS); the item carries the login token that Log In: Sign In continues with.
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { Api } from 'telegram';
import { codeKind, sendCode, userOf, whereSent } from '../../login/code';
import { errorName } from '../../login/errors';
import type { TglOperation } from '../types';
import { loggedIn, loginError, loginTokenOf, openLogin } from './login-link';

export const loginSendCode: TglOperation = {
	withoutSession: true,
	description: updateDisplayOptions({ show: { resource: ['account'], operation: ['loginSendCode'] } }, [
		{
			displayName: 'Phone Number',
			name: 'phone',
			type: 'string',
			default: '',
			required: true,
			placeholder: '+44 7700 900123',
			description: 'The phone number of the Telegram account, in international format with the country code',
		},
	]),

	async execute(i) {
		const phone = String(this.getNodeParameter('phone', i, '')).trim();
		if (!phone) throw new NodeOperationError(this.getNode(), 'The phone number is empty', { itemIndex: i });
		let login;
		try {
			login = await openLogin(this);
		} catch (error) {
			throw loginError(this, error, i);
		}
		try {
			let sent: Api.auth.TypeSentCode;
			try {
				sent = await sendCode(login, phone);
			} catch (error) {
				if (errorName(error) === 'PHONE_NUMBER_INVALID') {
					throw new NodeOperationError(
						this.getNode(),
						'Telegram does not accept this phone number: give it in international format, with the country code (PHONE_NUMBER_INVALID)',
						{ itemIndex: i },
					);
				}
				throw loginError(this, error, i);
			}
			// Telegram may log a known device in at once (a future auth token): then there is no code.
			if (sent instanceof Api.auth.SentCodeSuccess) {
				return [{ json: { loggedIn: true, ...loggedIn(userOf(sent.authorization), login) } }];
			}
			const loginToken = loginTokenOf(login, 'code', { phone, phoneCodeHash: sent.phoneCodeHash });
			const length = 'length' in sent.type ? sent.type.length : undefined;
			return [
				{
					json: {
						loggedIn: false,
						loginToken,
						codeType: codeKind(sent.type),
						sentTo: `Telegram sent a login code ${whereSent(sent.type)}`.trim(),
						codeLength: length ?? null,
						nextType: sent.nextType ? lowerFirst(sent.nextType.className.replace('auth.CodeType', '')) : null,
						timeout: sent.timeout ?? null,
					},
				},
			];
		} catch (error) {
			throw loginError(this, error, i);
		} finally {
			await login.link.close();
		}
	},
};

/** CodeTypeSms → "sms", CodeTypeFlashCall → "flashCall", as codeType names them. */
function lowerFirst(name: string): string {
	return name.charAt(0).toLowerCase() + name.slice(1);
}
