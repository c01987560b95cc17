// Account → Log In: Sign In. The code from Log In: Send Code (and the 2FA password when the
// account has one, checked with SRP: only the proof goes to Telegram) on the auth key the
// login token carries; out comes the session string and who logged in.
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import type { Api } from 'telegram';
import { cleanCode, signIn } from '../../login/code';
import { errorName } from '../../login/errors';
import { openLoginToken, type LoginState } from '../../login/token';
import type { TglOperation } from '../types';
import { apiHashOf, loggedIn, loginError, openLogin, type LoginConnection } from './login-link';
import { passwordOf, passwordProperty, passwordStep } from './login-password';

export const loginSignIn: TglOperation = {
	withoutSession: true,
	description: updateDisplayOptions({ show: { resource: ['account'], operation: ['loginSignIn'] } }, [
		{
			displayName: 'Login Token',
			name: 'loginToken',
			type: 'string',
			default: '',
			required: true,
			description: 'The login token that Log In: Send Code put in its item',
		},
		{
			displayName: 'Code',
			name: 'code',
			type: 'string',
			default: '',
			required: true,
			description: 'The login code Telegram sent',
		},
		passwordProperty,
	]),

	async execute(i) {
		const token = String(this.getNodeParameter('loginToken', i, ''));
		const code = cleanCode(String(this.getNodeParameter('code', i, '')));
		const password = passwordOf(this, i);
		let state: LoginState;
		let login: LoginConnection;
		try {
			state = openLoginToken(token, await apiHashOf(this));
			if (state.kind !== 'code' || !state.phone || !state.phoneCodeHash) {
				throw new NodeOperationError(this.getNode(), 'This login token is from Log In: Show QR Code: continue it with Log In: Wait for QR Scan', { itemIndex: i });
			}
			if (!code) throw new NodeOperationError(this.getNode(), 'The code is empty: give the login code Telegram sent', { itemIndex: i });
			login = await openLogin(this, state.session);
		} catch (error) {
			throw loginError(this, error, i);
		}
		try {
			const user = await signInOrPassword(this, i, login, state, code, password);
			return [{ json: loggedIn(user, login) }];
		} catch (error) {
			throw loginError(this, error, i);
		} finally {
			await login.link.close();
		}
	},
};

async function signInOrPassword(
	ctx: IExecuteFunctions,
	i: number,
	login: LoginConnection,
	state: LoginState,
	code: string,
	password: string,
): Promise<Api.TypeUser> {
	try {
		return await signIn(login, state.phone!, state.phoneCodeHash!, code);
	} catch (error) {
		if (errorName(error) !== 'SESSION_PASSWORD_NEEDED') throw loginError(ctx, error, i);
	}
	return passwordStep(ctx, i, login, password, 'send a new code, then sign in with that code and the password in 2FA Password');
}
