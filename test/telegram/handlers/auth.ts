// auth.* and account.getPassword: logging in by phone code, 2FA password (SRP) and QR token.
// They work before login; success binds the calling auth key to the account. The rules
// (codes, expiry, migration, SRP) live in world/auth.ts.
import { Api } from 'telegram';
import { RpcError, type CallContext } from '../types';
import type { World } from '../world';
import { checkApiCredentials, type ExportedToken, type SignInResult } from '../world/auth';
import { userTl } from '../world/tl';
import { now, randomLong } from '../world/util';
import { me, type Handlers } from './common';

export function authHandlers(world: World): Handlers {
	const desk = world.logins;

	const authorization = (ctx: CallContext, userId: number): Api.auth.Authorization => {
		ctx.bindUser(userId);
		return new Api.auth.Authorization({ user: userTl(world, userId, userId) });
	};

	const signedIn = (ctx: CallContext, result: SignInResult): Api.auth.TypeAuthorization =>
		'signUpRequired' in result ? new Api.auth.AuthorizationSignUpRequired({}) : authorization(ctx, result.userId);

	const loginToken = (ctx: CallContext, result: ExportedToken): Api.auth.TypeLoginToken => {
		if ('userId' in result) return new Api.auth.LoginTokenSuccess({ authorization: authorization(ctx, result.userId) });
		if ('migrateTo' in result) return new Api.auth.LoginTokenMigrateTo({ dcId: result.migrateTo, token: result.token });
		return new Api.auth.LoginToken({ expires: result.expires, token: result.token });
	};

	const sentCode = (sent: { phoneCodeHash: string; length: number }) =>
		new Api.auth.SentCode({ type: new Api.auth.SentCodeTypeApp({ length: sent.length }), phoneCodeHash: sent.phoneCodeHash });

	return {
		'auth.SendCode': (ctx, request: Api.auth.SendCode) => {
			checkApiCredentials(request.apiId, request.apiHash);
			return sentCode(desk.sendCode(ctx, request.phoneNumber));
		},
		'auth.ResendCode': (_ctx, request: Api.auth.ResendCode) => sentCode(desk.resendCode(request.phoneNumber, request.phoneCodeHash)),
		'auth.CancelCode': (_ctx, request: Api.auth.CancelCode) => {
			desk.cancelCode(request.phoneNumber, request.phoneCodeHash);
			return true;
		},
		'auth.SignIn': (ctx, request: Api.auth.SignIn) =>
			signedIn(ctx, desk.signIn(ctx, request.phoneNumber, request.phoneCodeHash, request.phoneCode)),
		'account.GetPassword': (ctx) => desk.getPassword(ctx),
		'auth.CheckPassword': (ctx, request: Api.auth.CheckPassword) => authorization(ctx, desk.checkPassword(ctx, request.password)),
		'auth.ExportLoginToken': (ctx, request: Api.auth.ExportLoginToken) => {
			checkApiCredentials(request.apiId, request.apiHash);
			return loginToken(ctx, desk.exportToken(ctx));
		},
		'auth.ImportLoginToken': (ctx, request: Api.auth.ImportLoginToken) => loginToken(ctx, desk.importToken(ctx, Buffer.from(request.token))),
		// The logged-in phone that scans a QR code.
		'auth.AcceptLoginToken': (ctx, request: Api.auth.AcceptLoginToken) => {
			const userId = me(world, ctx);
			desk.acceptToken(Buffer.from(request.token), userId);
			const date = now();
			return new Api.Authorization({
				hash: randomLong(),
				deviceModel: 'Loopback',
				platform: 'loopback',
				systemVersion: '1',
				apiId: 0,
				appName: 'QR login',
				appVersion: '1',
				dateCreated: date,
				dateActive: date,
				ip: '127.0.0.1',
				country: '',
				region: '',
			});
		},
		'auth.LogOut': (ctx) => {
			desk.logOut(ctx);
			if (ctx.userId === undefined) throw new RpcError(401, 'AUTH_KEY_UNREGISTERED');
			// The key forgets its account: every later call answers AUTH_KEY_UNREGISTERED.
			ctx.bindUser(undefined as unknown as number);
			return new Api.auth.LoggedOut({});
		},
	};
}
