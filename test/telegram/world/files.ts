// Uploaded parts and the photos and documents made from them.
import type { Api } from 'telegram';
import { randomBytes } from 'crypto';
import { RpcError } from '../types';
import { imageSize } from './imageInfo';
import type { DocumentRecord, PhotoRecord, PhotoSizeRecord } from './records';
import { now, randomLong } from './util';

interface Upload {
	parts: Map<number, Buffer>;
	/** Declared by saveBigFilePart. */
	totalParts?: number;
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

	savePart(owner: number, fileId: string, part: number, bytes: Buffer, totalParts?: number): void {
		if (part < 0 || part >= 8000) throw new RpcError(400, 'FILE_PART_INVALID');
		if (totalParts !== undefined && (totalParts < 1 || totalParts > 8000 || part >= totalParts)) {
			throw new RpcError(400, 'FILE_PARTS_INVALID');
		}
		const key = `${owner}:${fileId}`;
		let upload = this.uploads.get(key);
		if (!upload) {
			upload = { parts: new Map() };
			this.uploads.set(key, upload);
		}
		upload.parts.set(part, Buffer.from(bytes));
		if (totalParts !== undefined) upload.totalParts = totalParts;
	}

	/** The bytes of an InputFile / InputFileBig this owner uploaded. */
	assemble(owner: number, file: Api.TypeInputFile): Buffer {
		if (file.className !== 'InputFile' && file.className !== 'InputFileBig') {
			throw new RpcError(400, 'FILE_PARTS_INVALID');
		}
		const upload = this.uploads.get(`${owner}:${file.id.toString()}`);
		const parts = file.parts;
		if (!upload || parts < 1 || upload.parts.size > parts) throw new RpcError(400, 'FILE_PARTS_INVALID');
		if (file.className === 'InputFileBig' && upload.totalParts !== undefined && upload.totalParts !== parts) {
			throw new RpcError(400, 'FILE_PARTS_INVALID');
		}
		const chunks: Buffer[] = [];
		for (let i = 0; i < parts; i++) {
			const chunk = upload.parts.get(i);
			if (!chunk) throw new RpcError(400, `FILE_PART_${i}_MISSING`);
			chunks.push(chunk);
		}
		return Buffer.concat(chunks);
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
