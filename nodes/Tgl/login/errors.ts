// How a login step fails: Telegram's errors told as sentences a user can act on, the same for
// the terminal login and the node's login operations.
import { FloodTestPhoneWaitError, FloodWaitError, RPCError } from 'telegram/errors';

/** The login cannot go on; the message says why and what to do. */
export class LoginFailure extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'LoginFailure';
	}
}

/** Telegram's error name (GramJS turns FLOOD_WAIT_X into a class with `seconds`), '' for other errors. */
export function errorName(error: unknown): string {
	if (error instanceof FloodWaitError || error instanceof FloodTestPhoneWaitError) return 'FLOOD_WAIT';
	return error instanceof RPCError ? error.errorMessage : '';
}

/** "45 s", "12 min", "3 h 20 min". */
export function duration(seconds: number): string {
	if (seconds < 120) return `${seconds} s`;
	const minutes = Math.ceil(seconds / 60);
	if (minutes < 120) return `${minutes} min`;
	const hours = Math.floor(minutes / 60);
	return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
}

const EXPLAINED: Record<string, string> = {
	API_ID_INVALID: 'Telegram does not accept this API ID / API hash pair: copy both from my.telegram.org → API development tools',
	API_ID_PUBLISHED_FLOOD: 'this API ID was published somewhere and Telegram limits it: create your own at my.telegram.org',
	PHONE_NUMBER_INVALID: 'Telegram does not accept this phone number: give it in international format, with the country code',
	PHONE_NUMBER_BANNED: 'this phone number is banned from Telegram',
	PHONE_NUMBER_FLOOD: 'too many login codes were asked for this phone number lately: try again later',
	PHONE_PASSWORD_FLOOD: 'too many login attempts: try again later',
	PHONE_NUMBER_UNOCCUPIED: 'no Telegram account uses this phone number: sign up in a Telegram app first',
	PHONE_CODE_INVALID: 'the login code is not right',
	PHONE_CODE_EMPTY: 'the login code is empty',
	PHONE_CODE_EXPIRED: 'the login code has expired: send a new one and log in with that',
	AUTH_RESTART: 'Telegram asks to start the login again: start it again',
	AUTH_TOKEN_EXPIRED: 'the QR code expired before it was scanned: start the login again',
	AUTH_TOKEN_INVALID: 'Telegram did not accept the QR login token: start the login again',
	AUTH_TOKEN_ALREADY_ACCEPTED: 'the QR code was already used: start the login again',
	SESSION_PASSWORD_NEEDED: 'the account has a 2FA password',
	PASSWORD_HASH_INVALID: 'the 2FA password is wrong',
	SRP_ID_INVALID: 'the password check expired: start the login again',
	USER_DEACTIVATED: 'this Telegram account was deleted or deactivated',
	USER_DEACTIVATED_BAN: 'this Telegram account is banned',
};

/** A failure that ends the login, with the reason a user can act on (other errors pass as they are). */
export function failure(error: unknown): Error {
	if (error instanceof FloodWaitError || error instanceof FloodTestPhoneWaitError) {
		return new LoginFailure(
			`Telegram asks to wait ${duration(error.seconds)} before the next attempt (FLOOD_WAIT_${error.seconds}): try again after that`,
		);
	}
	if (error instanceof RPCError) {
		const name = error.errorMessage;
		const explained = EXPLAINED[name];
		return new LoginFailure(explained ? `${explained} (${name})` : `Telegram refused the login (${name})`);
	}
	if (error instanceof Error) return error;
	return new LoginFailure(String(error));
}

/** `work`, or a LoginFailure with `message` after `ms`. */
export function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
	return new Promise<T>((resolve, reject) => {
		const timer = setTimeout(() => reject(new LoginFailure(message)), ms);
		work.then(
			(value) => {
				clearTimeout(timer);
				resolve(value);
			},
			(error) => {
				clearTimeout(timer);
				reject(error);
			},
		);
	});
}
