// upload.*: file parts in, file ranges out.
import { Api } from 'telegram';
import { RpcError } from '../types';
import type { World } from '../world';
import { storageType } from '../world/imageInfo';
import { resolvePeer } from '../world/inputs';
import { sameLong, toNumber } from '../world/util';
import { me, type Handlers } from './common';

/** The bytes an InputFileLocation names (a photo size, a document or one of its thumbs) and the DC storing them. */
function locationFile(world: World, viewerId: number, raw: unknown): { bytes: Buffer; dcId: number } {
	const location = raw as Api.TypeInputFileLocation;
	const files = world.db.files;
	switch (location.className) {
		case 'InputPhotoFileLocation': {
			const photo = files.photos.get(toNumber(location.id));
			if (!photo || !sameLong(photo.accessHash, location.accessHash)) throw new RpcError(400, 'LOCATION_INVALID');
			const size = location.thumbSize ? photo.sizes.find((s) => s.type === location.thumbSize) : photo.sizes.at(-1);
			if (!size) throw new RpcError(400, 'LOCATION_INVALID');
			return { bytes: size.bytes, dcId: photo.dcId };
		}
		case 'InputDocumentFileLocation': {
			const document = files.documents.get(toNumber(location.id));
			if (!document || !sameLong(document.accessHash, location.accessHash)) throw new RpcError(400, 'LOCATION_INVALID');
			if (!location.thumbSize) return { bytes: document.bytes, dcId: document.dcId };
			const thumb = document.thumbs.find((t) => t.type === location.thumbSize);
			if (!thumb) throw new RpcError(400, 'LOCATION_INVALID');
			return { bytes: thumb.bytes, dcId: document.dcId };
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
			return { bytes: (location.big ? photo.sizes.at(-1) : photo.sizes[0])!.bytes, dcId: photo.dcId };
		}
		default:
			throw new RpcError(400, 'LOCATION_INVALID');
	}
}

const KB = 1024;
const MB = 1024 * 1024;

/**
 * Telegram's rules for a part (core.telegram.org/api/files): offset and limit multiples of 4 KB,
 * 1 MB a multiple of limit, and the part within one 1 MB block; `precise` relaxes them to
 * multiples of 1 KB, at most 1 MB, still within one 1 MB block.
 */
function checkPart(offset: number, limit: number, precise: boolean): void {
	if (offset < 0 || offset % (precise ? KB : 4 * KB) !== 0) throw new RpcError(400, 'OFFSET_INVALID');
	if (limit <= 0 || limit > MB || limit % (precise ? KB : 4 * KB) !== 0 || (!precise && MB % limit !== 0)) {
		throw new RpcError(400, 'LIMIT_INVALID');
	}
	if (Math.floor(offset / MB) !== Math.floor((offset + limit - 1) / MB)) throw new RpcError(400, 'LIMIT_INVALID');
}

/** upload.* of the server for DC `thisDc`: files stored elsewhere answer FILE_MIGRATE_X. */
export function uploadHandlers(world: World, thisDc = world.settings.dcId): Handlers {
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
			checkPart(offset, request.limit, !!request.precise);
			const { bytes, dcId } = locationFile(world, viewerId, request.location);
			if (dcId !== thisDc) throw new RpcError(303, `FILE_MIGRATE_${dcId}`);
			return new Api.upload.File({
				type: storageType(bytes),
				mtime: 0,
				bytes: bytes.subarray(Math.min(offset, bytes.length), Math.min(offset + request.limit, bytes.length)),
			});
		},
	};
}
