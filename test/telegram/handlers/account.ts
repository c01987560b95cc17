// account.*: the caller's own profile and status. These answer a User, not Updates, so the
// seq-carrying updateUserName goes to every session, the caller's included.
import type { Api } from 'telegram';
import { RpcError } from '../types';
import type { World } from '../world';
import { setStatus, setUsername, setUserName, userOf } from '../world/users';
import { userTl } from '../world/tl';
import { me, type Handlers } from './common';

export function accountHandlers(world: World): Handlers {
	return {
		'account.UpdateStatus': (ctx, request: Api.account.UpdateStatus) => {
			setStatus(world, me(world, ctx), !request.offline);
			return true;
		},
		'account.UpdateProfile': (ctx, request: Api.account.UpdateProfile) => {
			const userId = me(world, ctx);
			const user = userOf(world, userId);
			// Absent flag fields decode as null.
			if (request.about != null) {
				if (request.about.length > 70) throw new RpcError(400, 'ABOUT_TOO_LONG');
				user.about = request.about || undefined;
			}
			if (request.firstName != null || request.lastName != null) {
				const firstName = request.firstName ?? user.firstName;
				const lastName = request.lastName ?? user.lastName;
				if (firstName !== user.firstName || lastName !== user.lastName) setUserName(world, userId, firstName, lastName);
			}
			return userTl(world, userId, userId);
		},
		'account.UpdateUsername': (ctx, request: Api.account.UpdateUsername) => {
			const userId = me(world, ctx);
			setUsername(world, userId, request.username);
			return userTl(world, userId, userId);
		},
	};
}
