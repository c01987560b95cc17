// The 2FA step (after a code or a QR scan): account.getPassword, then auth.checkPassword with
// the SRP proof GramJS computes (telegram/Password). The password never leaves checkPassword:
// only the proof (A, M1) goes to Telegram.
import { Api } from 'telegram';
import { computeCheck } from 'telegram/Password';
import { invoke, type LoginCaller } from './call';
import { failure, LoginFailure } from './errors';

/** The account's password parameters and a fresh SRP challenge (one check per challenge). */
export async function passwordState(caller: LoginCaller): Promise<Api.account.Password> {
	const state = await invoke(caller, new Api.account.GetPassword()).catch((error) => {
		throw failure(error);
	});
	if (!state.hasPassword) throw new LoginFailure('Telegram asked for a 2FA password but the account has none');
	return state;
}

/** The account, or Telegram's error (PASSWORD_HASH_INVALID for a wrong password). */
export async function checkPassword(caller: LoginCaller, state: Api.account.Password, password: string): Promise<Api.TypeUser> {
	let proof: Api.InputCheckPasswordSRP;
	try {
		proof = await computeCheck(state, password);
	} catch (error) {
		throw new LoginFailure(`cannot check the password with the parameters Telegram sent: ${(error as Error).message}`);
	}
	const result = await invoke(caller, new Api.auth.CheckPassword({ password: proof }));
	if (result instanceof Api.auth.Authorization) return result.user;
	throw new LoginFailure('Telegram answered the password with a sign-up request');
}
