// The message a send created, taken from the call's own result: no extra request to fetch it.
import { Api } from 'telegram';
import type bigInt from 'big-integer';

/** Finds the new message in Updates by its random_id (AccountClient.call expands updateShortSentMessage). */
export function sentMessage(result: Api.TypeUpdates, randomId: bigInt.BigInteger): Api.Message | Api.MessageService {
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
		if (u instanceof Api.UpdateNewMessage || u instanceof Api.UpdateNewChannelMessage) {
			const m = u.message;
			if ((m instanceof Api.Message || m instanceof Api.MessageService) && (!idUpdate || m.id === idUpdate.id)) return m;
		}
	}
	throw new Error('Telegram accepted the message but its answer did not contain it');
}
