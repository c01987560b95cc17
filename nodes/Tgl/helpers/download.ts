// Files out of Telegram: which file of a message a Load operation means, the MIME type and
// extension of what came, and a safe name for it on disk.
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { constants as fsConstants } from 'fs';
import { lstat, stat } from 'fs/promises';
import { extname, join } from 'path';
import type { Readable } from 'stream';
import { Api, utils } from 'telegram';
import type { LoadTarget } from '../tgl/media';

/** Telegram's own limit for a file of a (non-premium) user account. */
export const TELEGRAM_MAX_FILE_MB = 2000;

export interface MediaFile {
	/** Where upload.getFile reads it; absent when the bytes came inline (cached thumbnails). */
	location?: Api.TypeInputFileLocation;
	dcId?: number;
	/** Bytes Telegram says the file has (0 when unknown). */
	size: number;
	/** Set when Telegram sent the bytes with the message itself. */
	bytes?: Buffer;
	/** The name Telegram gave it (unsanitized), if any. */
	name?: string;
	/** From Telegram for documents; photos and thumbnails are sniffed after the download. */
	mimeType?: string;
	/** e.g. "photo", "video", "thumbnail": names files that come without a name. */
	label: string;
}

type Size = Api.TypePhotoSize | Api.TypeVideoSize;
type PickedSize = Api.PhotoSize | Api.PhotoSizeProgressive | Api.PhotoCachedSize | Api.PhotoStrippedSize | Api.VideoSize;

function area(s: { w: number; h: number }): number {
	return s.w * s.h;
}

/** The largest size that upload.getFile serves, else the largest with inline bytes. */
function pickSize(sizes: ReadonlyArray<Size>): PickedSize | undefined {
	const remote = sizes.filter((s): s is Api.PhotoSize | Api.PhotoSizeProgressive => s instanceof Api.PhotoSize || s instanceof Api.PhotoSizeProgressive);
	if (remote.length) return remote.reduce((a, b) => (area(b) > area(a) ? b : a));
	const cached = sizes.filter((s): s is Api.PhotoCachedSize => s instanceof Api.PhotoCachedSize);
	if (cached.length) return cached.reduce((a, b) => (area(b) > area(a) ? b : a));
	return (
		sizes.find((s): s is Api.PhotoStrippedSize => s instanceof Api.PhotoStrippedSize) ??
		sizes.find((s): s is Api.VideoSize => s instanceof Api.VideoSize)
	);
}

function sizeBytes(s: PickedSize): number {
	if (s instanceof Api.PhotoSize || s instanceof Api.VideoSize) return s.size;
	if (s instanceof Api.PhotoSizeProgressive) return Math.max(0, ...s.sizes);
	if (s instanceof Api.PhotoCachedSize || s instanceof Api.PhotoStrippedSize) return s.bytes.length;
	return 0;
}

function inlineBytes(s: PickedSize): Buffer | undefined {
	if (s instanceof Api.PhotoCachedSize) return s.bytes;
	if (s instanceof Api.PhotoStrippedSize) return utils.strippedPhotoToJpg(s.bytes);
	return undefined;
}

function documentName(doc: Api.Document): string | undefined {
	const attr = doc.attributes.find((a): a is Api.DocumentAttributeFilename => a instanceof Api.DocumentAttributeFilename);
	return attr?.fileName || undefined;
}

/**
 * The file a Load operation downloads from a message that `loadError` accepted:
 * the photo's largest size, the document, or the document's largest thumbnail.
 */
export function mediaFileOf(message: Api.Message, target: LoadTarget): MediaFile {
	const media = message.media;
	if (media instanceof Api.MessageMediaPhoto && media.photo instanceof Api.Photo) {
		const photo = media.photo;
		const size = pickSize(photo.sizes);
		if (!size) throw new Error(`Message ${message.id}'s photo has no size that can be downloaded`);
		const bytes = inlineBytes(size);
		return {
			location: bytes
				? undefined
				: new Api.InputPhotoFileLocation({ id: photo.id, accessHash: photo.accessHash, fileReference: photo.fileReference, thumbSize: size.type }),
			bytes,
			dcId: photo.dcId,
			size: sizeBytes(size),
			label: 'photo',
		};
	}
	if (!(media instanceof Api.MessageMediaDocument) || !(media.document instanceof Api.Document)) {
		throw new Error(`Message ${message.id} has no file to download`);
	}
	const doc = media.document;
	const location = (thumbSize: string) =>
		new Api.InputDocumentFileLocation({ id: doc.id, accessHash: doc.accessHash, fileReference: doc.fileReference, thumbSize });
	if (target === 'video_thumb' || target === 'document_thumb') {
		const size = pickSize(doc.thumbs ?? []) ?? pickSize(doc.videoThumbs ?? []);
		if (!size) throw new Error(`Message ${message.id}'s file has no thumbnail`);
		const bytes = inlineBytes(size);
		return {
			location: bytes ? undefined : location(size.type),
			bytes,
			dcId: doc.dcId,
			size: sizeBytes(size),
			mimeType: size instanceof Api.VideoSize ? 'video/mp4' : undefined,
			label: 'thumbnail',
		};
	}
	return {
		location: location(''),
		dcId: doc.dcId,
		size: doc.size.toJSNumber(),
		name: documentName(doc),
		mimeType: doc.mimeType || 'application/octet-stream',
		label: target,
	};
}

const SNIFFED: [string, (b: Buffer) => boolean][] = [
	['image/jpeg', (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff],
	['image/png', (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))],
	['image/webp', (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP'],
	['image/gif', (b) => b.subarray(0, 4).toString('latin1') === 'GIF8'],
];

/** The MIME type of photo and thumbnail bytes (Telegram sends JPEG unless it says otherwise). */
export function sniffImageType(bytes: Buffer): string {
	return SNIFFED.find(([, test]) => test(bytes))?.[0] ?? 'image/jpeg';
}

/** File extension (without dot) for a MIME type, '' when unknown. */
export function extensionOf(mimeType: string): string {
	const known: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'image/gif': 'gif', 'video/mp4': 'mp4' };
	if (known[mimeType]) return known[mimeType];
	if (mimeType === 'application/octet-stream') return '';
	// GramJS answers an extension for a Document's MIME type.
	const ext = utils.getExtension(new Api.Document({ mimeType } as never));
	return ext.replace(/^\./, '');
}

const MAX_NAME_BYTES = 200;

/**
 * A file name that cannot leave its directory: no path separators, no control characters,
 * no ".." anywhere, no leading dot, not empty. Names from Telegram are chosen by the sender.
 */
export function safeFileName(name: string | undefined, fallback: string): string {
	let clean = (name ?? '')
		.normalize('NFC')
		.replace(/[\u0000-\u001f\u007f-\u009f]/g, '_')
		// Direction overrides would let "evil\u202Etxt.exe" pass for "evilexe.txt".
		.replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '_')
		.replace(/[/\\:*?"<>|]/g, '_')
		.replace(/\.{2,}/g, '.')
		.replace(/^[.\s]+/, '')
		.replace(/[.\s]+$/, '');
	if (Buffer.byteLength(clean) > MAX_NAME_BYTES) {
		const ext = extname(clean).slice(0, 16);
		const stem = [...clean.slice(0, clean.length - ext.length)];
		while (Buffer.byteLength(stem.join('') + ext) > MAX_NAME_BYTES) stem.pop();
		clean = stem.join('') + ext;
	}
	if (!clean || clean === '.' || clean === '..') return fallback;
	return clean;
}

/**
 * Writes the content into `directory` under `fileName` (already safe), never over an existing
 * file ("name_1.ext" etc. instead), and within n8n's file-access restrictions. Returns the path.
 */
export async function writeToDirectory(
	ctx: IExecuteFunctions,
	i: number,
	directory: string,
	fileName: string,
	content: Buffer | Readable,
): Promise<string> {
	const fail = (text: string) => new NodeOperationError(ctx.getNode(), text, { itemIndex: i });
	const missing = () => fail(`The directory "${directory}" does not exist (Also Write To Directory)`);
	let dir: Awaited<ReturnType<typeof ctx.helpers.resolvePath>>;
	try {
		dir = await ctx.helpers.resolvePath(directory);
	} catch {
		throw missing();
	}
	// Refused before looking: whether a forbidden directory exists is not the node's to tell.
	if (ctx.helpers.isFilePathBlocked(dir)) {
		throw fail(`Writing to "${directory}" is not allowed by n8n's file access settings (N8N_RESTRICT_FILE_ACCESS_TO)`);
	}
	if (!(await stat(dir).then((s) => s.isDirectory(), () => false))) throw missing();
	const ext = extname(fileName);
	const stem = fileName.slice(0, fileName.length - ext.length);
	for (let n = 0; n < 1000; n++) {
		// `dir` is a real path and the name has no separator: for a new file this is what
		// resolvePath would answer. Any existing entry (file or symlink) is skipped, never followed.
		const resolved = join(dir, n ? `${stem}_${n}${ext}` : fileName) as typeof dir;
		if (await exists(resolved)) continue;
		if (ctx.helpers.isFilePathBlocked(resolved)) {
			throw fail(`Writing to "${resolved}" is not allowed by n8n's file access settings (N8N_RESTRICT_FILE_ACCESS_TO)`);
		}
		try {
			// O_EXCL: fails instead of overwriting a file that appeared meanwhile.
			await ctx.helpers.writeContentToFile(resolved, content, fsConstants.O_EXCL);
			return resolved;
		} catch (error) {
			if ((error as { code?: string }).code === 'EEXIST') continue;
			throw error;
		}
	}
	throw fail(`Could not find a free file name for "${fileName}" in "${directory}"`);
}

async function exists(path: string): Promise<boolean> {
	try {
		await lstat(path);
		return true;
	} catch (error) {
		if ((error as { code?: string }).code === 'ENOENT') return false;
		throw error;
	}
}
