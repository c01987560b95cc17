// The "Thumbnail Binary Field" option of Send Video / Send Audio / Send Document: an image of the
// item scaled into the file's preview, the same in a cloud chat (uploaded as the document's thumb)
// and in a secret chat (carried inside the encrypted message).
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { Api } from 'telegram';
import type { Thumbnail } from '../secret/thumbnail';
import { makeThumbnailOffThread } from '../secret/thumbnail-off-thread';
import type { AccountClient } from '../transport/account-client';
import { openBinaryProperty } from './file-input';
import { toNodeError } from './telegram-errors';
import { bufferSource, uploadFile } from './upload';

/** A bigger "image" is not read at all: a 40 MP photo is well under this as JPEG or PNG. */
const MAX_THUMBNAIL_SOURCE_BYTES = 100 * 1024 * 1024;

export const thumbnailOption: INodeProperties = {
	displayName: 'Thumbnail Binary Field',
	name: 'thumbnailBinaryField',
	type: 'string',
	default: '',
	placeholder: 'e.g. thumbnail',
	description:
		'Name of an input binary field holding a JPEG or PNG image to show as the file\'s preview in chats (secret chats too). It is scaled down to a JPEG of at most 90 px on its long side, turned upright as its EXIF Orientation says. An image that cannot be used (another format, damaged, over 40 megapixels or too large for the JPEG decoder) sends the file without a preview. Empty: no preview.',
};

/** The item's thumbnail when the option names a binary field; undefined when it names none or the image cannot be used. */
export async function readThumbnail(ctx: IExecuteFunctions, i: number): Promise<Thumbnail | undefined> {
	const { thumbnailBinaryField: field } = ctx.getNodeParameter('options', i, {}) as { thumbnailBinaryField?: string };
	if (!field?.trim()) return undefined;
	// A field that is not there is the user's mistake, and the item's error (from n8n, naming it).
	const source = await openBinaryProperty(ctx, i, field.trim());
	if (source.size > MAX_THUMBNAIL_SOURCE_BYTES) return undefined;
	const chunks: Buffer[] = [];
	for await (const chunk of await source.open()) chunks.push(chunk as Buffer);
	const thumbnail = await makeThumbnailOffThread(Buffer.concat(chunks));
	return thumbnail.bytes.length ? thumbnail : undefined;
}

/** Uploads a thumbnail for InputMediaUploadedDocument.thumb (a JPEG well under Telegram's 200 KB and 320 px). */
export async function uploadThumbnail(ctx: IExecuteFunctions, i: number, account: AccountClient, thumbnail: Thumbnail | undefined): Promise<Api.TypeInputFile | undefined> {
	if (!thumbnail) return undefined;
	try {
		return await uploadFile(account, bufferSource(thumbnail.bytes, 'thumb.jpg'));
	} catch (error) {
		throw toNodeError(ctx.getNode(), error, i, [], 'uploading the thumbnail');
	}
}
