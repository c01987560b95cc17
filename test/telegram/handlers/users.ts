// users.*: profiles as the caller sees them.
import { Api } from 'telegram';
import { RpcError } from '../types';
import type { World } from '../world';
import { resolveUser } from '../world/inputs';
import { photoTl, userTl } from '../world/tl';
import { long } from '../world/util';
import { me, type Handlers } from './common';

export function userFullTl(world: World, viewerId: number, userId: number): Api.UserFull {
	const user = world.db.users.get(userId);
	if (!user) throw new RpcError(400, 'USER_ID_INVALID');
	const photo = user.photoId !== undefined ? world.db.files.photos.get(user.photoId) : undefined;
	let common = 0;
	for (const chat of world.db.chats.values()) if (chat.participants.has(userId) && chat.participants.has(viewerId)) common++;
	for (const channel of world.db.channels.values()) {
		if (channel.megagroup && channel.members.has(userId) && channel.members.has(viewerId)) common++;
	}
	const viewer = world.db.accounts.get(viewerId);
	const contact = viewer?.contacts.has(userId) || userId === viewerId;
	return new Api.UserFull({
		blocked: viewer?.blocked.has(userId) || undefined,
		id: long(userId),
		about: user.about,
		settings: new Api.PeerSettings(contact ? {} : { addContact: true, blockContact: true }),
		profilePhoto: photo ? photoTl(photo) : undefined,
		notifySettings: new Api.PeerNotifySettings({}),
		commonChatsCount: userId === viewerId ? 0 : common,
	});
}

export function usersHandlers(world: World): Handlers {
	return {
		'users.GetUsers': (ctx, request: Api.users.GetUsers) => {
			const viewerId = me(world, ctx);
			const found: Api.TypeUser[] = [];
			for (const input of request.id) {
				// Telegram leaves out users it cannot resolve instead of failing the call.
				try {
					found.push(userTl(world, viewerId, resolveUser(world, viewerId, input)));
				} catch (error) {
					if (!(error instanceof RpcError)) throw error;
				}
			}
			return found;
		},
		'users.GetFullUser': (ctx, request: Api.users.GetFullUser) => {
			const viewerId = me(world, ctx);
			const userId = resolveUser(world, viewerId, request.id);
			return new Api.users.UserFull({
				fullUser: userFullTl(world, viewerId, userId),
				chats: [],
				users: [userTl(world, viewerId, userId)],
			});
		},
	};
}
