// One album (messages.sendMultiMedia): each file is put on the server first (messages.uploadMedia,
// as sendMultiMedia takes no fresh uploads), then all go in one request, one random_id per media.
import { Api } from 'telegram';
import { RPCError } from 'telegram/errors';
import type bigInt from 'big-integer';
import type { AccountClient } from '../transport/account-client';
import { recentOutgoing, sentMessage } from './sent-message';

/** How far back (seconds) an album already sent may be dated, as in sendOnce. */
const ALREADY_SENT_WINDOW = 300;
const HISTORY_LOOKUP = 30;

/** An uploaded photo or video as the media sendMultiMedia takes (a reference to what is stored). */
export async function storedMedia(account: AccountClient, peer: Api.TypeInputPeer, media: Api.TypeInputMedia): Promise<Api.TypeInputMedia> {
	const stored = await account.call(new Api.messages.UploadMedia({ peer, media }));
	if (stored instanceof Api.MessageMediaPhoto && stored.photo instanceof Api.Photo) {
		const { id, accessHash, fileReference } = stored.photo;
		return new Api.InputMediaPhoto({ id: new Api.InputPhoto({ id, accessHash, fileReference }) });
	}
	if (stored instanceof Api.MessageMediaDocument && stored.document instanceof Api.Document) {
		const { id, accessHash, fileReference } = stored.document;
		return new Api.InputMediaDocument({ id: new Api.InputDocument({ id, accessHash, fileReference }) });
	}
	throw new Error(`Telegram stored the file as ${stored.className}, which cannot go into an album`);
}

/**
 * Sends the album once: its random_ids are built once per item and kept for every attempt; when
 * an earlier attempt got through and its answer was lost (RANDOM_ID_DUPLICATE), the answer is the
 * album already sent, found in the chat's latest messages (or the scheduled list).
 */
export async function sendAlbumOnce(account: AccountClient, request: Api.messages.SendMultiMedia): Promise<Api.Message[]> {
	const randomIds = request.multiMedia.map((m) => (m as Api.InputSingleMedia).randomId as bigInt.BigInteger);
	const started = Math.floor(Date.now() / 1000);
	try {
		const result = await account.call(request);
		return randomIds.map((id) => sentMessage(result, id) as Api.Message);
	} catch (error) {
		if (!(error instanceof RPCError) || error.errorMessage !== 'RANDOM_ID_DUPLICATE') throw error;
		const found = await albumAlreadySent(account, request, started - ALREADY_SENT_WINDOW);
		if (found) return found;
		throw new Error(
			'Telegram says this album was already sent (RANDOM_ID_DUPLICATE: an earlier attempt got through), but it is not among the latest messages of the chat',
		);
	}
}

async function albumAlreadySent(account: AccountClient, request: Api.messages.SendMultiMedia, since: number): Promise<Api.Message[] | undefined> {
	const sent = await recentOutgoing(account, request.peer, { scheduled: !!request.scheduleDate, since, limit: HISTORY_LOOKUP });
	const parts = sent.filter((m) => !!m.groupedId);
	const newest = parts.sort((a, b) => b.id - a.id)[0];
	if (!newest) return undefined;
	const album = parts.filter((m) => m.groupedId!.equals(newest.groupedId!)).sort((a, b) => a.id - b.id);
	return album.length === request.multiMedia.length ? album : undefined;
}
