import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { Api } from 'telegram';
import { generateRandomLong } from 'telegram/Helpers';
import { peerLocator } from '../../descriptions/peer-locator';
import { openBinaryProperty, type InputFileStream } from '../../helpers/file-input';
import { jsonItems } from '../../helpers/items';
import { resolvePeer } from '../../helpers/resolve-peer';
import { sendAlbumOnce, storedMedia } from '../../helpers/send-album';
import { captionOption, mediaMimeType } from '../../helpers/send-media';
import { formatItemText, parseModeOption } from '../../helpers/parse-mode';
import { markScheduled, readSendOptions, sendOptionProperties } from '../../helpers/send-options';
import { toNodeError } from '../../helpers/telegram-errors';
import { LIMITS, withinLimit } from '../../helpers/telegram-limits';
import { uploadFile } from '../../helpers/upload';
import { toMsg } from '../../tgl/msg';
import type { TglOperation } from '../types';
import { optionsCollection } from '../../descriptions/options-collection';

/** core.telegram.org/api/files#albums-grouped-media: an album holds 2 to 10 photos and videos. */
const ALBUM_MIN = 2;
const ALBUM_MAX = 10;
const VIDEO_NAME = /\.(mp4|m4v|mov|webm|mkv|avi)$/i;
const PHOTO_NAME = /\.(jpe?g|png|webp|gif|bmp)$/i;

const properties: INodeProperties[] = [
	peerLocator(),
	{
		displayName: 'Input Binary Fields',
		name: 'binaryPropertyNames',
		type: 'string',
		default: '',
		placeholder: 'photo1, photo2, clip',
		description: 'Comma-separated binary fields of the item, in album order; empty takes every binary field of the item, in order',
	},
	optionsCollection([{ ...captionOption, description: 'Text shown under the album (on its first photo or video; at most 1024 characters)' }, parseModeOption, ...sendOptionProperties]),
];

type Kind = 'photo' | 'video';

function kindOf(file: InputFileStream): Kind | undefined {
	if (file.mimeType.startsWith('image/') && file.mimeType !== 'image/svg+xml') return 'photo';
	if (file.mimeType.startsWith('video/')) return 'video';
	if (PHOTO_NAME.test(file.fileName)) return 'photo';
	if (VIDEO_NAME.test(file.fileName)) return 'video';
	return undefined;
}

export const sendAlbum: TglOperation = {
	description: updateDisplayOptions({ show: { resource: ['peer'], operation: ['sendAlbum'] } }, properties),

	async execute(i, account) {
		const fail = (message: string) => new NodeOperationError(this.getNode(), message, { itemIndex: i, description: `Item ${i}` });
		const listed = String(this.getNodeParameter('binaryPropertyNames', i, ''))
			.split(',')
			.map((s) => s.trim())
			.filter(Boolean);
		const names = listed.length ? listed : Object.keys(this.getInputData()[i]?.binary ?? {});
		if (names.length < ALBUM_MIN || names.length > ALBUM_MAX) {
			throw fail(`An album holds ${ALBUM_MIN} to ${ALBUM_MAX} photos or videos; this item gives ${names.length} (${names.join(', ') || 'no binary fields'})`);
		}
		const options = this.getNodeParameter('options', i, {}) as { caption?: string };
		const caption = formatItemText(this, i, options.caption ?? '');
		withinLimit(this.getNode(), i, LIMITS.caption, caption.text);
		const sendOptions = readSendOptions(this, i);
		// Every file is checked before any is uploaded: a bad one must not cost the others' transfer.
		const files: Array<{ file: InputFileStream; kind: Kind }> = [];
		for (const name of names) {
			const file = await openBinaryProperty(this, i, name);
			if (file.size === 0) throw fail(`The file "${file.fileName}" (binary field "${name}") is empty`);
			const kind = kindOf(file);
			if (!kind) throw fail(`The file "${file.fileName}" (binary field "${name}", ${file.mimeType}) is neither a photo nor a video; an album holds only those`);
			files.push({ file, kind });
		}
		const target = await resolvePeer(account, this.getNodeParameter('peer', i, undefined, { extractValue: false }));
		const multiMedia: Api.InputSingleMedia[] = [];
		for (const [n, { file, kind }] of files.entries()) {
			let media: Api.TypeInputMedia;
			try {
				const uploaded = await uploadFile(account, file);
				const fresh =
					kind === 'photo'
						? new Api.InputMediaUploadedPhoto({ file: uploaded })
						: new Api.InputMediaUploadedDocument({
								file: uploaded,
								mimeType: mediaMimeType(file, 'video'),
								attributes: [
									new Api.DocumentAttributeVideo({ duration: 0, w: 0, h: 0, supportsStreaming: true }),
									new Api.DocumentAttributeFilename({ fileName: file.fileName }),
								],
							});
				media = await storedMedia(account, target.input, fresh);
			} catch (error) {
				throw toNodeError(this.getNode(), error, i, [], `uploading "${file.fileName}"`);
			}
			// One random_id per media, kept for every attempt of the album.
			multiMedia.push(new Api.InputSingleMedia({ media, randomId: generateRandomLong(), message: n === 0 ? caption.text : '', entities: n === 0 && caption.entities.length ? caption.entities : undefined }));
		}
		const ctx = await account.mapContext();
		const request = new Api.messages.SendMultiMedia({ peer: target.input, multiMedia, ...sendOptions });
		const sent = await sendAlbumOnce(account, request);
		return jsonItems(sent.map((m) => markScheduled(toMsg(m, ctx), sendOptions)));
	},
};
