// Login by phone number and the code Telegram sends (../login/code), then the 2FA password if
// the account has one. A wrong code or phone number is asked again, an expired code is
// replaced by a new one; PHONE_MIGRATE_X moves the login to DC X (see LoginLink).
import { Api } from 'telegram';
import { cleanCode, sendCode as requestCode, signIn, userOf, whereSent } from '../login/code';
import { errorName, failure } from '../login/errors';
import { checkPassword } from './password';
import { answer, type LoginSteps } from './steps';

const PHONE_QUESTION = 'Phone number (international format, e.g. +44 7700 900123): ';

export async function loginWithCode(steps: LoginSteps): Promise<Api.TypeUser> {
	let phone = await answer(steps, 'phone', PHONE_QUESTION, 'the phone number');
	for (;;) {
		const sent = await sendCode(steps, phone);
		if (sent === 'phone invalid') {
			steps.say('Telegram does not accept this phone number: type it in international format, with the country code.');
			phone = await answer(steps, 'phone', PHONE_QUESTION, 'the phone number');
			continue;
		}
		if (sent instanceof Api.auth.SentCodeSuccess) return userOf(sent.authorization);
		steps.say(`Telegram sent a login code ${whereSent(sent.type)}.`);
		const outcome = await enterCode(steps, phone, sent.phoneCodeHash);
		if (outcome === 'expired') {
			steps.say('The code has expired. Asking Telegram for a new one.');
			continue;
		}
		return outcome;
	}
}

async function sendCode(steps: LoginSteps, phone: string): Promise<Api.auth.TypeSentCode | 'phone invalid'> {
	try {
		return await requestCode(steps, phone);
	} catch (error) {
		if (errorName(error) === 'PHONE_NUMBER_INVALID') return 'phone invalid';
		throw failure(error);
	}
}

async function enterCode(steps: LoginSteps, phone: string, phoneCodeHash: string): Promise<Api.TypeUser | 'expired'> {
	for (;;) {
		const code = cleanCode(await answer(steps, 'code', 'Login code: ', 'the login code'));
		if (!code) {
			steps.say('The code is empty.');
			continue;
		}
		try {
			return await signIn(steps, phone, phoneCodeHash, code);
		} catch (error) {
			const name = errorName(error);
			if (name === 'PHONE_CODE_INVALID' || name === 'PHONE_CODE_EMPTY') {
				steps.say('That code is not right. Type the code again.');
				continue;
			}
			if (name === 'PHONE_CODE_EXPIRED') return 'expired';
			if (name === 'SESSION_PASSWORD_NEEDED') return checkPassword(steps);
			throw failure(error);
		}
	}
}
