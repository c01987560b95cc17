// The message an edit changed, taken from the call's own answer: no extra request to fetch it.
import { Api } from 'telegram';

export function editedMessage(result: Api.TypeUpdates, id: number): Api.Message | Api.MessageService {
	const updates =
		result instanceof Api.Updates || result instanceof Api.UpdatesCombined ? result.updates : result instanceof Api.UpdateShort ? [result.update] : [];
	for (const u of updates) {
		if ((u instanceof Api.UpdateEditMessage || u instanceof Api.UpdateEditChannelMessage) && u.message.id === id) {
			const m = u.message;
			if (m instanceof Api.Message || m instanceof Api.MessageService) return m;
		}
	}
	throw new Error('Telegram accepted the edit but its answer did not contain the message');
}
