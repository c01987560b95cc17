// A Telegram file as n8n binary data. Documents (videos, audio, files: up to 2000 MB) are streamed
// from the download (AccountClient.download) into n8n's binary data store, with backpressure, so
// that in n8n's filesystem mode a large file never sits in memory. Photos and thumbnails are small
// and are buffered: their type is sniffed from the first bytes.
import type { IBinaryData, IExecuteFunctions, ITriggerFunctions } from 'n8n-workflow';
import { BINARY_ENCODING } from 'n8n-workflow';
import { once } from 'events';
import { PassThrough, type Readable } from 'stream';
import { Api } from 'telegram';
import type { AccountClient } from '../transport/account-client';
import { extensionOf, safeFileName, sniffImageType, type MediaFile } from './download';

type BinaryHelpers = (IExecuteFunctions | ITriggerFunctions)['helpers'];

export interface DownloadedBinary {
	binary: IBinaryData;
	fileName: string;
	mimeType: string;
	size: number;
}

/** The name for a file Telegram sent without one: "photo_12.jpg". */
function fallbackName(file: MediaFile, messageId: number, mimeType: string): string {
	const ext = extensionOf(mimeType);
	return `${file.label}_${messageId}${ext ? `.${ext}` : ''}`;
}

/** The whole file in memory (photos and thumbnails: small, and their type is sniffed from the bytes). */
async function downloadBytes(account: AccountClient, file: MediaFile): Promise<Buffer> {
	if (file.bytes) return file.bytes;
	if (!file.location) throw new Error('Telegram gave no location for this file');
	const chunks: Buffer[] = [];
	await account.download(file.location, { dcId: file.dcId, fileSize: file.size }, (chunk) => void chunks.push(chunk));
	return Buffer.concat(chunks);
}

/** Downloads the file into n8n binary data; throws when fewer bytes arrive than Telegram announced. */
export async function downloadToBinary(
	helpers: BinaryHelpers,
	account: AccountClient,
	file: MediaFile,
	messageId: number,
): Promise<DownloadedBinary> {
	if (file.mimeType && !file.bytes && file.location) return streamed(helpers, account, file, file.mimeType, messageId);
	const bytes = await downloadBytes(account, file);
	const mimeType = file.mimeType ?? sniffImageType(bytes);
	const fileName = safeFileName(file.name, fallbackName(file, messageId, mimeType));
	const binary = await helpers.prepareBinaryData(bytes, fileName, mimeType);
	return { binary, fileName, mimeType, size: bytes.length };
}

async function streamed(
	helpers: BinaryHelpers,
	account: AccountClient,
	file: MediaFile,
	mimeType: string,
	messageId: number,
): Promise<DownloadedBinary> {
	const fileName = safeFileName(file.name, fallbackName(file, messageId, mimeType));
	const out = new PassThrough({ highWaterMark: 1024 * 1024 });
	// A download can fail before n8n starts reading the stream; the error reaches the item
	// through `download` below, not as an unhandled stream error.
	out.on('error', () => undefined);
	const location = file.location!;
	const download = account
		.download(location, { dcId: file.dcId, fileSize: file.size }, async (chunk) => {
			if (!out.write(chunk)) await once(out, 'drain');
		})
		.then(
			(bytes) => {
				out.end();
				return bytes;
			},
			(error: Error) => {
				out.destroy(error);
				throw error;
			},
		);
	const [binary, size] = await Promise.all([helpers.prepareBinaryData(out, fileName, mimeType), download]);
	const isThumb = location instanceof Api.InputDocumentFileLocation && location.thumbSize !== '';
	if (!isThumb && file.size && size !== file.size) {
		throw new Error(`The download of message ${messageId} is incomplete: ${size} of ${file.size} bytes`);
	}
	return { binary, fileName, mimeType, size };
}

/** The binary data's bytes as a stream (filesystem mode) or a buffer (memory mode), e.g. to write a copy. */
export async function binaryContent(helpers: BinaryHelpers, binary: IBinaryData): Promise<Buffer | Readable> {
	if (binary.id) return await helpers.getBinaryStream(binary.id);
	return Buffer.from(binary.data, BINARY_ENCODING);
}
