// Login by phone number and the code Telegram sends (auth.sendCode, auth.signIn), then the 2FA
// password if the account has one. A wrong code or phone number is asked again, an expired
// code is replaced by a new one; PHONE_MIGRATE_X moves the login to DC X (see LoginLink).
import { Api } from 'telegram';
import { loginFailed } from './io';
import { checkPassword } from './password';
import { answer, call, errorName, failure, type LoginSteps } from './steps';

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
		const sent = await call(
			steps,
			new Api.auth.SendCode({ phoneNumber: phone, apiId: steps.apiId, apiHash: steps.apiHash, settings: new Api.CodeSettings({}) }),
		);
		return sent;
	} catch (error) {
		if (errorName(error) === 'PHONE_NUMBER_INVALID') return 'phone invalid';
		throw failure(error);
	}
}

async function enterCode(steps: LoginSteps, phone: string, phoneCodeHash: string): Promise<Api.TypeUser | 'expired'> {
	for (;;) {
		const code = (await answer(steps, 'code', 'Login code: ', 'the login code')).replace(/[\s-]/g, '');
		if (!code) {
			steps.say('The code is empty.');
			continue;
		}
		let result: Api.auth.TypeAuthorization;
		try {
			result = await call(steps, new Api.auth.SignIn({ phoneNumber: phone, phoneCodeHash, phoneCode: code }));
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
		return userOf(result);
	}
}

function userOf(result: Api.auth.TypeAuthorization): Api.TypeUser {
	if (result instanceof Api.auth.AuthorizationSignUpRequired) {
		throw loginFailed('no Telegram account uses this phone number: sign up in a Telegram app first, then log in here');
	}
	return result.user;
}

function whereSent(type: Api.auth.TypeSentCodeType): string {
	if (type instanceof Api.auth.SentCodeTypeApp) return 'to your Telegram app (in the chat with "Telegram")';
	if (type instanceof Api.auth.SentCodeTypeSms || type instanceof Api.auth.SentCodeTypeFirebaseSms) return 'by SMS';
	if (type instanceof Api.auth.SentCodeTypeCall) return 'by a phone call';
	if (type instanceof Api.auth.SentCodeTypeFlashCall || type instanceof Api.auth.SentCodeTypeMissedCall) {
		return 'as a missed call (the code is the last digits of the calling number)';
	}
	if (type instanceof Api.auth.SentCodeTypeEmailCode) return 'to your login email';
	if (type instanceof Api.auth.SentCodeTypeFragmentSms) return 'through fragment.com';
	return '';
}
