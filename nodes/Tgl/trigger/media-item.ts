// "Download Media": the file of a received photo, video, audio or document as binary data.
import type { IBinaryKeyData, ITriggerFunctions } from 'n8n-workflow';
import { Api } from 'telegram';
import { mediaFileOf } from '../helpers/download';
import { downloadToBinary } from '../helpers/download-binary';
import type { AccountClient } from '../transport/account-client';
import { withCallOptions } from '../transport/call-options';

export interface MediaOptions {
	binaryPropertyName: string;
	maxBytes: number;
}

/** A trigger has no Request Settings: a rate limit on a download is waited out this long at most. */
const FLOOD_WAIT_MAX_SECONDS = 10;

/** Binary data for the message's file, or a note saying why there is none. */
export async function mediaBinary(
	fn: ITriggerFunctions,
	account: AccountClient,
	message: Api.Message | Api.MessageService,
	options: MediaOptions,
): Promise<{ binary?: IBinaryKeyData; note?: string }> {
	if (!(message instanceof Api.Message)) return {};
	const media = message.media;
	const isFile =
		(media instanceof Api.MessageMediaPhoto && media.photo instanceof Api.Photo) ||
		(media instanceof Api.MessageMediaDocument && media.document instanceof Api.Document);
	if (!isFile) return {};
	try {
		const file = mediaFileOf(message, media instanceof Api.MessageMediaPhoto ? 'photo' : 'document');
		if (file.size > options.maxBytes) {
			return { note: `not downloaded: ${file.size} bytes is over the ${options.maxBytes} byte limit` };
		}
		const { binary } = await withCallOptions({ floodWaitMaxSeconds: FLOOD_WAIT_MAX_SECONDS }, () =>
			downloadToBinary(fn.helpers, account, file, message.id),
		);
		return { binary: { [options.binaryPropertyName]: binary } };
	} catch (error) {
		return { note: `not downloaded: ${(error as Error).message}` };
	}
}
