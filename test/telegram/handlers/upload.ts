// upload.*: file parts in, file ranges out.
import { Api } from 'telegram';
import { RpcError } from '../types';
import type { World } from '../world';
import { storageType } from '../world/imageInfo';
import { resolvePeer } from '../world/inputs';
import { sameLong, toNumber } from '../world/util';
import { me, type Handlers } from './common';

/** The bytes an InputFileLocation names: a photo size, a document or one of its thumbs. */
function locationBytes(world: World, viewerId: number, raw: unknown): Buffer {
	const location = raw as Api.TypeInputFileLocation;
	const files = world.db.files;
	switch (location.className) {
		case 'InputPhotoFileLocation': {
			const photo = files.photos.get(toNumber(location.id));
			if (!photo || !sameLong(photo.accessHash, location.accessHash)) throw new RpcError(400, 'LOCATION_INVALID');
			const size = location.thumbSize ? photo.sizes.find((s) => s.type === location.thumbSize) : photo.sizes.at(-1);
			if (!size) throw new RpcError(400, 'LOCATION_INVALID');
			return size.bytes;
		}
		case 'InputDocumentFileLocation': {
			const document = files.documents.get(toNumber(location.id));
			if (!document || !sameLong(document.accessHash, location.accessHash)) throw new RpcError(400, 'LOCATION_INVALID');
			if (!location.thumbSize) return document.bytes;
			const thumb = document.thumbs.find((t) => t.type === location.thumbSize);
			if (!thumb) throw new RpcError(400, 'LOCATION_INVALID');
			return thumb.bytes;
		}
		case 'InputPeerPhotoFileLocation': {
			const peer = resolvePeer(world, viewerId, location.peer);
			const photoId =
				'userId' in peer
					? world.db.users.get(peer.userId)?.photoId
					: 'chatId' in peer
						? world.db.chats.get(peer.chatId)?.photoId
						: world.db.channels.get(peer.channelId)?.photoId;
			const photo = photoId !== undefined ? files.photos.get(photoId) : undefined;
			if (!photo || photo.id !== toNumber(location.photoId)) throw new RpcError(400, 'LOCATION_INVALID');
			return (location.big ? photo.sizes.at(-1) : photo.sizes[0])!.bytes;
		}
		default:
			throw new RpcError(400, 'LOCATION_INVALID');
	}
}

export function uploadHandlers(world: World): Handlers {
	return {
		'upload.SaveFilePart': (ctx, request: Api.upload.SaveFilePart) => {
			world.db.files.savePart(me(world, ctx), request.fileId.toString(), request.filePart, request.bytes);
			return true;
		},
		'upload.SaveBigFilePart': (ctx, request: Api.upload.SaveBigFilePart) => {
			world.db.files.savePart(me(world, ctx), request.fileId.toString(), request.filePart, request.bytes, request.fileTotalParts);
			return true;
		},
		'upload.GetFile': (ctx, request: Api.upload.GetFile) => {
			const viewerId = me(world, ctx);
			const offset = toNumber(request.offset);
			if (offset < 0) throw new RpcError(400, 'OFFSET_INVALID');
			if (request.limit <= 0 || request.limit > 1024 * 1024) throw new RpcError(400, 'LIMIT_INVALID');
			const bytes = locationBytes(world, viewerId, request.location);
			return new Api.upload.File({
				type: storageType(bytes),
				mtime: 0,
				bytes: bytes.subarray(Math.min(offset, bytes.length), Math.min(offset + request.limit, bytes.length)),
			});
		},
	};
}
