// Files into Telegram part by part (core.telegram.org/api/files), read from a stream as they go:
// never the whole file in memory, and every part a normal call (request timeout, FLOOD_WAIT
// threshold, error mapping) instead of GramJS's uploadFile, which waits out any FLOOD_WAIT and
// retries forever while disconnected.
import { Api } from 'telegram';
import { RPCError } from 'telegram/errors';
import { generateRandomLong } from 'telegram/Helpers';
import type { AccountClient } from '../transport/account-client';

/** The largest part Telegram takes, and the one it recommends. */
export const PART_SIZE = 512 * 1024;
/** Files above this go with saveBigFilePart / InputFileBig. */
const BIG_FILE_BYTES = 10 * 1024 * 1024;
/** upload_max_fileparts_default / _premium. */
const MAX_PARTS = 4000;
const MAX_PARTS_PREMIUM = 8000;
/** Tries of one part that got no answer; Telegram's own errors are never retried here. */
const PART_ATTEMPTS = 3;
const RETRY_PAUSE_MS = 1000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface UploadSource {
	fileName: string;
	/** Exact size in bytes: it decides small or big file and the number of parts. */
	size: number;
	/** The bytes from the start, in chunks of any size. */
	open(): Promise<AsyncIterable<Buffer>>;
}

/** Saves the file in 512 KB parts and returns the InputFile that sendMedia & co. take. */
export async function uploadFile(account: AccountClient, source: UploadSource): Promise<Api.TypeInputFile> {
	const totalParts = Math.ceil(source.size / PART_SIZE);
	const premium = !!(await account.me()).premium;
	const maxParts = premium ? MAX_PARTS_PREMIUM : MAX_PARTS;
	if (totalParts > maxParts) {
		throw new Error(
			`The file "${source.fileName}" has ${megabytes(source.size)}; Telegram takes files up to ${megabytes(maxParts * PART_SIZE)}` +
				(premium ? '' : ` (${megabytes(MAX_PARTS_PREMIUM * PART_SIZE)} with Premium)`),
		);
	}
	const big = source.size > BIG_FILE_BYTES;
	const fileId = generateRandomLong(true);
	const savePart = async (filePart: number, bytes: Buffer) => {
		const request = big
			? new Api.upload.SaveBigFilePart({ fileId, filePart, fileTotalParts: totalParts, bytes })
			: new Api.upload.SaveFilePart({ fileId, filePart, bytes });
		for (let attempt = 1; ; attempt++) {
			try {
				if (!(await account.call(request))) throw new Error(`Telegram did not store part ${filePart + 1}`);
				return;
			} catch (error) {
				// FLOOD_WAIT past the threshold, FILE_PART_…: Telegram's answer stands (and keeps its name).
				if (error instanceof RPCError) throw error;
				if (attempt >= PART_ATTEMPTS) {
					throw new Error(
						`Uploading "${source.fileName}" failed at part ${filePart + 1} of ${totalParts} after ${attempt} attempts: ${(error as Error).message}`,
					);
				}
				// A moment for GramJS to reconnect when the connection was the trouble.
				await sleep(RETRY_PAUSE_MS * attempt);
			}
		}
	};
	// Counted in flight for the whole upload: the pool must not close the connection between parts.
	return account.track(async () => {
		let filePart = 0;
		// One part at a time: GramJS drops the other answers of a container once one of them is an
		// rpc_error (a FLOOD_WAIT), so parallel parts would lose answers and wait out the timeout.
		for await (const bytes of partsOf(await source.open(), PART_SIZE)) {
			if (filePart >= totalParts) throw new Error(`The file "${source.fileName}" is longer than its size (${source.size} bytes) says`);
			await savePart(filePart++, bytes);
		}
		if (filePart !== totalParts) throw new Error(`The file "${source.fileName}" ended before its size (${source.size} bytes) says`);
		// md5_checksum is optional: computing it would mean reading the file twice.
		return big
			? new Api.InputFileBig({ id: fileId, parts: totalParts, name: source.fileName })
			: new Api.InputFile({ id: fileId, parts: totalParts, name: source.fileName, md5Checksum: '' });
	});
}

/** Re-cuts chunks of any size into parts of exactly `size` bytes (the last may be shorter). */
export async function* partsOf(chunks: AsyncIterable<Buffer>, size: number): AsyncGenerator<Buffer> {
	let pending: Buffer[] = [];
	let length = 0;
	for await (const chunk of chunks) {
		pending.push(chunk);
		length += chunk.length;
		while (length >= size) {
			const joined = pending.length === 1 ? pending[0] : Buffer.concat(pending, length);
			yield joined.subarray(0, size);
			const rest = joined.subarray(size);
			pending = rest.length ? [rest] : [];
			length = rest.length;
		}
	}
	if (length) yield pending.length === 1 ? pending[0] : Buffer.concat(pending, length);
}

/** Bytes in memory as an UploadSource. */
export function bufferSource(buffer: Buffer, fileName: string): UploadSource {
	return {
		fileName,
		size: buffer.length,
		open: async () =>
			(async function* () {
				yield buffer;
			})(),
	};
}

function megabytes(bytes: number): string {
	return `${Math.round(bytes / 2 ** 20)} MB`;
}
