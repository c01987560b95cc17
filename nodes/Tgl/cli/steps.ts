// What every login step shares: the client, the prompter, answers given in advance, calls with
// a time limit, and Telegram's errors told as sentences. No step ever prints what was typed.
import type { Api } from 'telegram';
import { FloodTestPhoneWaitError, FloodWaitError, RPCError } from 'telegram/errors';
import { CliExit, loginFailed } from './io';
import type { Prompter } from './prompt';
import { withTimeout, type LoginLink } from './client';

export type AnswerKind = 'phone' | 'code' | 'password';

export interface LoginSteps {
	readonly link: LoginLink;
	readonly apiId: number;
	readonly apiHash: string;
	readonly prompter: Prompter;
	/** Answers from flags or the environment, each used for the first question of its kind only. */
	readonly given: Partial<Record<AnswerKind, string>>;
	readonly requestMs: number;
	/** A notice on standard error. */
	say(line: string): void;
}

/** The flag's value the first time, then the prompt (a wrong given answer is asked again). */
export async function answer(steps: LoginSteps, kind: AnswerKind, question: string, what: string): Promise<string> {
	const given = steps.given[kind];
	if (given !== undefined) {
		delete steps.given[kind];
		return given;
	}
	return steps.prompter.ask(question, { what, secret: kind === 'password' });
}

export function call<R extends Api.AnyRequest>(steps: LoginSteps, request: R): Promise<R['__response']> {
	const seconds = Math.round(steps.requestMs / 1000);
	return withTimeout(steps.link.invoke(request), steps.requestMs, `Telegram did not answer ${request.className} within ${seconds} s`);
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
	PHONE_NUMBER_BANNED: 'this phone number is banned from Telegram',
	PHONE_NUMBER_FLOOD: 'too many login codes were asked for this phone number lately: try again later',
	PHONE_PASSWORD_FLOOD: 'too many login attempts: try again later',
	PHONE_NUMBER_UNOCCUPIED: 'no Telegram account uses this phone number: sign up in a Telegram app first',
	AUTH_RESTART: 'Telegram asks to start the login again: run the command again',
	AUTH_TOKEN_EXPIRED: 'the QR code expired before it was scanned: run the command again',
	AUTH_TOKEN_INVALID: 'Telegram did not accept the QR login token: run the command again',
	AUTH_TOKEN_ALREADY_ACCEPTED: 'the QR code was already used: run the command again',
	SESSION_PASSWORD_NEEDED: 'the account has a 2FA password',
	PASSWORD_HASH_INVALID: 'the 2FA password is wrong',
	SRP_ID_INVALID: 'the password check expired: run the command again',
	USER_DEACTIVATED: 'this Telegram account was deleted or deactivated',
	USER_DEACTIVATED_BAN: 'this Telegram account is banned',
};

/** A failure that ends the login, with the reason a user can act on. */
export function failure(error: unknown): CliExit {
	if (error instanceof FloodWaitError || error instanceof FloodTestPhoneWaitError) {
		return loginFailed(
			`Telegram asks to wait ${duration(error.seconds)} before the next attempt (FLOOD_WAIT_${error.seconds}): try again after that`,
		);
	}
	if (error instanceof RPCError) {
		const name = error.errorMessage;
		const explained = EXPLAINED[name];
		return loginFailed(explained ? `${explained} (${name})` : `Telegram refused the login (${name})`);
	}
	if (error instanceof CliExit) return error;
	return loginFailed((error as Error)?.message ?? String(error));
}
