// Login by phone number and code (auth.sendCode, auth.signIn). Telegram's errors are left to
// the caller: the terminal asks again, an operation fails the item.
import { Api } from 'telegram';
import { invoke, type LoginCaller } from './call';
import { LoginFailure } from './errors';

export function sendCode(caller: LoginCaller, phone: string): Promise<Api.auth.TypeSentCode> {
	return invoke(
		caller,
		new Api.auth.SendCode({ phoneNumber: phone, apiId: caller.apiId, apiHash: caller.apiHash, settings: new Api.CodeSettings({}) }),
	);
}

/** The account, or Telegram's error (SESSION_PASSWORD_NEEDED when the 2FA password comes next). */
export async function signIn(caller: LoginCaller, phone: string, phoneCodeHash: string, code: string): Promise<Api.TypeUser> {
	return userOf(await invoke(caller, new Api.auth.SignIn({ phoneNumber: phone, phoneCodeHash, phoneCode: code })));
}

export function userOf(result: Api.auth.TypeAuthorization): Api.TypeUser {
	if (result instanceof Api.auth.AuthorizationSignUpRequired) {
		throw new LoginFailure('no Telegram account uses this phone number: sign up in a Telegram app first, then log in here');
	}
	return result.user;
}

/** A code wipes out typing mistakes: spaces and dashes as in "12 345" or "12-345". */
export function cleanCode(code: string): string {
	return code.replace(/[\s-]/g, '');
}

/** Where the code went, as the end of "Telegram sent a login code …". */
export function whereSent(type: Api.auth.TypeSentCodeType): string {
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

/** A short name of the code's way: app, sms, call, flashCall, missedCall, email, fragmentSms. */
export function codeKind(type: Api.auth.TypeSentCodeType): string {
	if (type instanceof Api.auth.SentCodeTypeApp) return 'app';
	if (type instanceof Api.auth.SentCodeTypeSms || type instanceof Api.auth.SentCodeTypeFirebaseSms) return 'sms';
	if (type instanceof Api.auth.SentCodeTypeCall) return 'call';
	if (type instanceof Api.auth.SentCodeTypeFlashCall) return 'flashCall';
	if (type instanceof Api.auth.SentCodeTypeMissedCall) return 'missedCall';
	if (type instanceof Api.auth.SentCodeTypeEmailCode) return 'email';
	if (type instanceof Api.auth.SentCodeTypeFragmentSms) return 'fragmentSms';
	return type.className;
}
