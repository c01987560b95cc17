// photos.*: the caller's profile photo.
import { Api } from 'telegram';
import { RpcError } from '../types';
import type { World } from '../world';
import { watchers } from '../world/users';
import { Entities } from '../world/entities';
import { photoTl, userTl } from '../world/tl';
import { long } from '../world/util';
import { me, type Handlers } from './common';

export function photosHandlers(world: World): Handlers {
	return {
		'photos.UploadProfilePhoto': (ctx, request: Api.photos.UploadProfilePhoto) => {
			const userId = me(world, ctx);
			if (!request.file) throw new RpcError(400, 'PHOTO_FILE_MISSING');
			const files = world.db.files;
			const photo = files.addPhoto(files.assemble(userId, request.file), userId);
			world.db.users.get(userId)!.photoId = photo.id;
			// Everyone who follows the profile refetches it on updateUser (the caller too: the answer is no Updates).
			for (const viewerId of watchers(world, userId)) {
				world.delivery.send(viewerId, [new Api.UpdateUser({ userId: long(userId) })], new Entities().user(userId));
			}
			return new Api.photos.Photo({ photo: photoTl(photo), users: [userTl(world, userId, userId)] });
		},
	};
}
