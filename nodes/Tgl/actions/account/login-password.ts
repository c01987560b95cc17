// The 2FA step the two finishing login operations share (Sign In, Wait for QR Scan): the same
// "2FA Password" field, and the password checked with SRP (only the proof goes to Telegram).
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { Api } from 'telegram';
import { checkPassword, passwordState } from '../../login/password';
import type { LoginConnection } from './login-link';

export const passwordProperty: INodeProperties = {
	displayName: '2FA Password',
	name: 'password',
	type: 'string',
	typeOptions: { password: true },
	default: '',
	description: "The account's two-step verification password, when it has one",
};

/** The item's 2FA Password ('' when none was given). */
export function passwordOf(ctx: IExecuteFunctions, i: number): string {
	return String(ctx.getNodeParameter('password', i, ''));
}

/**
 * After SESSION_PASSWORD_NEEDED: without a password the item fails saying how to start again
 * (`retry`, which differs per operation); the password's own errors (a wrong one:
 * PASSWORD_HASH_INVALID) are told by loginError.
 */
export async function passwordStep(
	ctx: IExecuteFunctions,
	i: number,
	login: LoginConnection,
	password: string,
	retry: string,
): Promise<Api.TypeUser> {
	if (!password) {
		throw new NodeOperationError(ctx.getNode(), `This account has a two-step verification (2FA) password: ${retry}`, { itemIndex: i });
	}
	return checkPassword(login, await passwordState(login), password);
}
