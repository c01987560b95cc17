// The message a send created, taken from the call's own result: no extra request to fetch it.
// A send is identified by its random_id, so that a repeat of it is never a second message.
import { Api } from 'telegram';
import { RPCError } from 'telegram/errors';
import { returnBigInt } from 'telegram/Helpers';
import type bigInt from 'big-integer';
import type { AccountClient } from '../transport/account-client';

type Sent = Api.Message | Api.MessageService;
export type SendRequest = Api.messages.SendMessage | Api.messages.SendMedia | Api.messages.ForwardMessages;

/** Finds the new message in Updates by its random_id (AccountClient.call expands updateShortSentMessage). */
export function sentMessage(result: Api.TypeUpdates, randomId: bigInt.BigInteger): Sent {
	const updates =
		result instanceof Api.Updates || result instanceof Api.UpdatesCombined
			? result.updates
			: result instanceof Api.UpdateShort
				? [result.update]
				: [];
	const idUpdate = updates.find(
		(u): u is Api.UpdateMessageID => u instanceof Api.UpdateMessageID && !!u.randomId?.equals(randomId),
	);
	for (const u of updates) {
		// A scheduled send answers the message of the scheduled list instead.
		if (u instanceof Api.UpdateNewMessage || u instanceof Api.UpdateNewChannelMessage || u instanceof Api.UpdateNewScheduledMessage) {
			const m = u.message;
			if ((m instanceof Api.Message || m instanceof Api.MessageService) && (!idUpdate || m.id === idUpdate.id)) return m;
		}
	}
	throw new Error('Telegram accepted the message but its answer did not contain it');
}

/** How far back (seconds, server clock) a message already sent may be dated. */
const ALREADY_SENT_WINDOW = 300;
const HISTORY_LOOKUP = 20;

/**
 * Sends one message (the request carries one random_id, built once per item and kept for every
 * attempt). GramJS re-sends a pending request with the same bytes after a reconnect, and call()
 * repeats it after a FLOOD_WAIT: when an earlier attempt was stored but its answer was lost,
 * Telegram answers RANDOM_ID_DUPLICATE, and the answer is the message already sent, found in the
 * chat's latest messages, instead of an error or a second message.
 */
export async function sendOnce(account: AccountClient, request: SendRequest): Promise<Sent> {
	// GramJS fills a missing random_id when the request is built; the request keeps it from then on.
	const randomId = request instanceof Api.messages.ForwardMessages ? request.randomId[0] : request.randomId;
	if (!randomId) throw new Error(`${request.className} was built without a random_id`);
	const started = Math.floor(Date.now() / 1000);
	try {
		return sentMessage(await account.call(request), randomId);
	} catch (error) {
		if (!(error instanceof RPCError) || error.errorMessage !== 'RANDOM_ID_DUPLICATE') throw error;
		const found = await alreadySent(account, request, started - ALREADY_SENT_WINDOW);
		if (found) return found;
		throw new Error(
			'Telegram says this message was already sent (RANDOM_ID_DUPLICATE: an earlier attempt got through), ' +
				'but it is not among the latest messages of the chat',
		);
	}
}

/** The newest outgoing message in the chat since `since` that looks like what `request` sends. */
async function alreadySent(account: AccountClient, request: SendRequest, since: number): Promise<Sent | undefined> {
	const peer = request instanceof Api.messages.ForwardMessages ? request.toPeer : request.peer;
	const candidates = await recentOutgoing(account, peer, { scheduled: !!request.scheduleDate, since, limit: HISTORY_LOOKUP });
	return candidates.filter((m) => looksSent(m, request)).sort((a, b) => b.id - a.id)[0];
}

/**
 * Our own messages among the chat's latest `limit` sent since `since` (unix seconds), where an
 * attempt that got through would show; a scheduled one is in the chat's scheduled list (all of
 * it, whatever its date), not yet in its history.
 */
export async function recentOutgoing(
	account: AccountClient,
	peer: Api.messages.GetHistory['peer'],
	where: { scheduled: boolean; since: number; limit: number },
): Promise<Api.Message[]> {
	const page = await account.call(
		where.scheduled
			? new Api.messages.GetScheduledHistory({ peer, hash: returnBigInt(0) })
			: new Api.messages.GetHistory({ peer, offsetId: 0, offsetDate: 0, addOffset: 0, limit: where.limit, maxId: 0, minId: 0, hash: returnBigInt(0) }),
	);
	if (page instanceof Api.messages.MessagesNotModified) return [];
	return page.messages.filter((m): m is Api.Message => m instanceof Api.Message && !!m.out && (where.scheduled || m.date >= where.since));
}

function looksSent(m: Api.Message, request: SendRequest): boolean {
	if (request instanceof Api.messages.SendMessage) {
		return (!m.media || m.media instanceof Api.MessageMediaWebPage) && m.message.trim() === request.message.trim();
	}
	if (request instanceof Api.messages.SendMedia) return m.message.trim() === request.message.trim() && sameMediaKind(m.media, request.media);
	return request.dropAuthor ? true : !!m.fwdFrom;
}

function sameMediaKind(media: Api.TypeMessageMedia | undefined, input: Api.TypeInputMedia): boolean {
	if (input instanceof Api.InputMediaUploadedPhoto || input instanceof Api.InputMediaPhoto) return media instanceof Api.MessageMediaPhoto;
	if (input instanceof Api.InputMediaUploadedDocument || input instanceof Api.InputMediaDocument) return media instanceof Api.MessageMediaDocument;
	if (input instanceof Api.InputMediaGeoPoint) return media instanceof Api.MessageMediaGeo;
	if (input instanceof Api.InputMediaContact) return media instanceof Api.MessageMediaContact;
	return !!media;
}
