// Uploaded parts and the photos and documents made from them.
import type { Api } from 'telegram';
import { createHash, randomBytes } from 'crypto';
import { RpcError } from '../types';
import { imageSize } from './imageInfo';
import type { DocumentRecord, PhotoRecord, PhotoSizeRecord } from './records';
import { now, randomLong } from './util';

interface Upload {
	parts: Map<number, Buffer>;
	/** Declared by saveBigFilePart. */
	totalParts?: number;
	big: boolean;
}

/** core.telegram.org/api/files: parts of at most 512 KB; upload_max_fileparts_default (no Premium in this world). */
const PART_MAX = 512 * 1024;
const PARTS_MAX = 4000;

/** A part size Telegram accepts for every part but the last: a multiple of 1 KB that divides 512 KB. */
function validPartSize(size: number): boolean {
	return size > 0 && size % 1024 === 0 && PART_MAX % size === 0;
}

/** Fallback when the bytes are no image this world can measure. */
const unknownSize = { w: 512, h: 512 };

export class FileStore {
	private readonly uploads = new Map<string, Upload>();
	readonly photos = new Map<number, PhotoRecord>();
	readonly documents = new Map<number, DocumentRecord>();
	private nextId = 5_000_000_001;

	/** `dcOf(uploader)`: the DC that stores what that user uploads. */
	constructor(private readonly dcOf: (uploaderId: number | undefined) => number = () => 2) {}

	/** upload.saveFilePart (no totalParts) and upload.saveBigFilePart, with their errors. */
	savePart(owner: number, fileId: string, part: number, bytes: Buffer, totalParts?: number): void {
		if (part < 0 || part >= PARTS_MAX) throw new RpcError(400, 'FILE_PART_INVALID');
		if (totalParts !== undefined && (totalParts < 1 || totalParts > PARTS_MAX || part >= totalParts)) {
			throw new RpcError(400, 'FILE_PARTS_INVALID');
		}
		if (bytes.length === 0) throw new RpcError(400, 'FILE_PART_EMPTY');
		if (bytes.length > PART_MAX) throw new RpcError(400, 'FILE_PART_TOO_BIG');
		// Only the last part may have another size; saveBigFilePart says which one that is.
		if (totalParts !== undefined && part < totalParts - 1 && !validPartSize(bytes.length)) {
			throw new RpcError(400, 'FILE_PART_SIZE_INVALID');
		}
		const key = `${owner}:${fileId}`;
		let upload = this.uploads.get(key);
		if (!upload) {
			upload = { parts: new Map(), big: totalParts !== undefined };
			this.uploads.set(key, upload);
		}
		if (upload.big !== (totalParts !== undefined)) throw new RpcError(400, 'FILE_PARTS_INVALID');
		if (totalParts !== undefined && upload.totalParts !== undefined && upload.totalParts !== totalParts) {
			throw new RpcError(400, 'FILE_PARTS_INVALID');
		}
		upload.parts.set(part, Buffer.from(bytes));
		if (totalParts !== undefined) upload.totalParts = totalParts;
	}

	/** The bytes of an InputFile / InputFileBig this owner uploaded (what sendMedia checks). */
	assemble(owner: number, file: Api.TypeInputFile): Buffer {
		if (file.className !== 'InputFile' && file.className !== 'InputFileBig') {
			throw new RpcError(400, 'FILE_PARTS_INVALID');
		}
		const upload = this.uploads.get(`${owner}:${file.id.toString()}`);
		const parts = file.parts;
		if (parts < 1 || parts > PARTS_MAX) throw new RpcError(400, 'FILE_PARTS_INVALID');
		if (!upload) throw new RpcError(400, 'FILE_PARTS_INVALID');
		// Parts saved with saveBigFilePart make an InputFileBig, saveFilePart an InputFile.
		if (upload.big !== (file.className === 'InputFileBig') || upload.parts.size > parts) throw new RpcError(400, 'FILE_PARTS_INVALID');
		if (upload.totalParts !== undefined && upload.totalParts !== parts) throw new RpcError(400, 'FILE_PARTS_INVALID');
		const chunks: Buffer[] = [];
		for (let i = 0; i < parts; i++) {
			const chunk = upload.parts.get(i);
			if (!chunk) throw new RpcError(400, `FILE_PART_${i}_MISSING`);
			chunks.push(chunk);
		}
		// All parts but the last share one valid size; the last is no bigger.
		const partSize = chunks[0].length;
		if (parts > 1 && !validPartSize(partSize)) throw new RpcError(400, 'FILE_PART_SIZE_INVALID');
		if (chunks.some((c, i) => (i < parts - 1 ? c.length !== partSize : c.length > partSize))) {
			throw new RpcError(400, 'FILE_PART_SIZE_CHANGED');
		}
		const bytes = Buffer.concat(chunks);
		// md5_checksum is optional (empty); when given it must match.
		const md5 = file.className === 'InputFile' ? file.md5Checksum : '';
		if (md5 && md5.toLowerCase() !== createHash('md5').update(bytes).digest('hex')) throw new RpcError(400, 'MD5_CHECKSUM_INVALID');
		return bytes;
	}

	addPhoto(bytes: Buffer, uploaderId?: number): PhotoRecord {
		const size = imageSize(bytes) ?? unknownSize;
		const photo: PhotoRecord = {
			id: this.nextId++,
			accessHash: randomLong(),
			fileReference: randomBytes(8),
			date: now(),
			dcId: this.dcOf(uploaderId),
			sizes: [{ type: 'x', w: size.w, h: size.h, bytes: Buffer.from(bytes) }],
			stripped: strippedOf(size),
		};
		this.photos.set(photo.id, photo);
		return photo;
	}

	addDocument(input: {
		bytes: Buffer;
		mimeType: string;
		attributes: Api.TypeDocumentAttribute[];
		thumb?: Buffer;
		uploaderId?: number;
	}): DocumentRecord {
		const thumbs: PhotoSizeRecord[] = [];
		if (input.thumb) {
			const size = imageSize(input.thumb) ?? { w: 90, h: 90 };
			thumbs.push({ type: 'm', w: size.w, h: size.h, bytes: Buffer.from(input.thumb) });
		}
		const document: DocumentRecord = {
			id: this.nextId++,
			accessHash: randomLong(),
			fileReference: randomBytes(8),
			date: now(),
			mimeType: input.mimeType || 'application/octet-stream',
			bytes: Buffer.from(input.bytes),
			dcId: this.dcOf(input.uploaderId),
			attributes: input.attributes,
			thumbs,
		};
		this.documents.set(document.id, document);
		return document;
	}
}

/** A stand-in for Telegram's stripped thumbnail: header byte 1, then h and w, then filler. */
function strippedOf(size: { w: number; h: number }): Buffer {
	const scale = 40 / Math.max(size.w, size.h, 1);
	return Buffer.from([1, Math.max(1, Math.round(size.h * scale)), Math.max(1, Math.round(size.w * scale)), 0, 0]);
}
