// The 2FA step on a terminal: the password is asked (masked) until it is right; the check
// itself (SRP) is ../login/password.
import type { Api } from 'telegram';
import { errorName, failure } from '../login/errors';
import { checkPassword as check, passwordState } from '../login/password';
import { answer, type LoginSteps } from './steps';

export async function checkPassword(steps: LoginSteps): Promise<Api.TypeUser> {
	steps.say('This account has a two-step verification (2FA) password.');
	for (;;) {
		const state = await passwordState(steps);
		const hint = state.hint ? ` (hint: ${state.hint})` : '';
		const password = await answer(steps, 'password', `2FA password${hint}: `, 'the 2FA password');
		if (!password) {
			steps.say('The password is empty.');
			continue;
		}
		try {
			return await check(steps, state, password);
		} catch (error) {
			if (errorName(error) === 'PASSWORD_HASH_INVALID') {
				steps.say('Wrong password. Type it again.');
				continue;
			}
			throw failure(error);
		}
	}
}
