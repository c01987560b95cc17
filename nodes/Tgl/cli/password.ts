// The 2FA step (after a code or a QR scan): account.getPassword, then auth.checkPassword with
// the SRP proof GramJS computes (telegram/Password). The password never leaves this function:
// only the proof (A, M1) goes to Telegram.
import { Api } from 'telegram';
import { computeCheck } from 'telegram/Password';
import { loginFailed } from './io';
import { answer, call, errorName, failure, type LoginSteps } from './steps';

export async function checkPassword(steps: LoginSteps): Promise<Api.TypeUser> {
	steps.say('This account has a two-step verification (2FA) password.');
	for (;;) {
		const state = await call(steps, new Api.account.GetPassword()).catch((error) => {
			throw failure(error);
		});
		if (!state.hasPassword) throw loginFailed('Telegram asked for a 2FA password but the account has none');
		const hint = state.hint ? ` (hint: ${state.hint})` : '';
		const password = await answer(steps, 'password', `2FA password${hint}: `, 'the 2FA password');
		if (!password) {
			steps.say('The password is empty.');
			continue;
		}
		let proof: Api.InputCheckPasswordSRP;
		try {
			proof = await computeCheck(state, password);
		} catch (error) {
			throw loginFailed(`cannot check the password with the parameters Telegram sent: ${(error as Error).message}`);
		}
		try {
			const result = await call(steps, new Api.auth.CheckPassword({ password: proof }));
			if (result instanceof Api.auth.Authorization) return result.user;
			throw loginFailed('Telegram answered the password with a sign-up request');
		} catch (error) {
			if (errorName(error) === 'PASSWORD_HASH_INVALID') {
				steps.say('Wrong password. Type it again.');
				continue;
			}
			throw failure(error);
		}
	}
}
