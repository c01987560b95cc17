// InputMedia → the world's media records (uploads are assembled into photos and documents).
import { Api } from 'telegram';
import { RpcError } from '../types';
import type { World } from '../world';
import type { MediaRecord } from '../world/records';
import { normalizePhone } from '../world/users';
import { pollFromInput } from '../world/polls';
import { sameLong, toNumber } from '../world/util';

export function mediaFromInput(world: World, userId: number, raw: unknown): MediaRecord {
	const media = raw as Api.TypeInputMedia;
	const files = world.db.files;
	switch (media.className) {
		case 'InputMediaUploadedPhoto': {
			const photo = files.addPhoto(files.assemble(userId, media.file), userId);
			return { kind: 'photo', photoId: photo.id };
		}
		case 'InputMediaUploadedDocument': {
			const bytes = files.assemble(userId, media.file);
			const thumb = media.thumb ? files.assemble(userId, media.thumb) : undefined;
			const attributes = [...media.attributes];
			const name = (media.file as Api.InputFile).name;
			if (name && !attributes.some((a) => a.className === 'DocumentAttributeFilename')) {
				attributes.push(new Api.DocumentAttributeFilename({ fileName: name }));
			}
			const document = files.addDocument({ bytes, mimeType: media.mimeType, attributes, thumb, uploaderId: userId });
			return { kind: 'document', documentId: document.id };
		}
		case 'InputMediaPhoto': {
			const input = media.id;
			const photo = input.className === 'InputPhoto' ? files.photos.get(toNumber(input.id)) : undefined;
			if (!photo || input.className !== 'InputPhoto' || !sameLong(photo.accessHash, input.accessHash)) throw new RpcError(400, 'MEDIA_INVALID');
			return { kind: 'photo', photoId: photo.id };
		}
		case 'InputMediaDocument': {
			const input = media.id;
			const document = input.className === 'InputDocument' ? files.documents.get(toNumber(input.id)) : undefined;
			if (!document || input.className !== 'InputDocument' || !sameLong(document.accessHash, input.accessHash)) {
				throw new RpcError(400, 'MEDIA_INVALID');
			}
			return { kind: 'document', documentId: document.id };
		}
		case 'InputMediaGeoPoint': {
			const point = media.geoPoint;
			if (point.className !== 'InputGeoPoint') throw new RpcError(400, 'MEDIA_INVALID');
			return { kind: 'geo', lat: point.lat, long: point.long };
		}
		case 'InputMediaContact':
			return {
				kind: 'contact',
				phone: media.phoneNumber,
				firstName: media.firstName,
				lastName: media.lastName,
				vcard: media.vcard,
				userId: world.db.phones.get(normalizePhone(media.phoneNumber)) ?? 0,
			};
		case 'InputMediaPoll':
			return { kind: 'poll', poll: pollFromInput(media) };
		default:
			throw new RpcError(400, 'MEDIA_INVALID');
	}
}

/** InputChatPhoto → a photo id (undefined removes the photo). */
export function chatPhotoFromInput(world: World, userId: number, raw: unknown): number | undefined {
	const input = raw as Api.TypeInputChatPhoto;
	const files = world.db.files;
	switch (input.className) {
		case 'InputChatPhotoEmpty':
			return undefined;
		case 'InputChatUploadedPhoto':
			if (!input.file) throw new RpcError(400, 'PHOTO_INVALID');
			return files.addPhoto(files.assemble(userId, input.file), userId).id;
		case 'InputChatPhoto': {
			const id = input.id;
			const photo = id.className === 'InputPhoto' ? files.photos.get(toNumber(id.id)) : undefined;
			if (!photo || id.className !== 'InputPhoto' || !sameLong(photo.accessHash, id.accessHash)) throw new RpcError(400, 'PHOTO_INVALID');
			return photo.id;
		}
	}
}
