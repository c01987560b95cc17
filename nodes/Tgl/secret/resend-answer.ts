// Answering the peer's resend request with the very bytes we sent under those numbers.
import { Api } from 'telegram';
import { attempt } from './attempt';
import type { SecretChat } from './chat';
import { SecretChatError } from './errors';
import { big, inputChat } from './gramjs-values';
import type { SecretChatRecord } from './records';
import type { DecryptedMessageLayer } from './schema';
import type { SecretCore } from './service-core';

export const isResend = (layer: DecryptedMessageLayer) => layer.message._ === 'service' && layer.message.action._ === 'resend';

/**
 * Answers a resend request with the stored bytes of each number asked. Numbers we never sent
 * (a protocol violation) or whose bytes are gone (pruned, or lost in a crash between sending
 * and saving) cannot be satisfied: the refusal comes back and the chat is discarded, since
 * the peer's hole would never fill. Nothing is sent unless everything can be.
 */
export async function answerResend(core: SecretCore, record: SecretChatRecord, chat: SecretChat, layer: DecryptedMessageLayer): Promise<SecretChatError | undefined> {
	if (layer.message._ !== 'service' || layer.message.action._ !== 'resend') return undefined;
	const { startSeqNo, endSeqNo } = layer.message.action;
	const wanted = attempt(() => chat.seq.resendWanted(startSeqNo, endSeqNo, layer.inSeqNo));
	if ('refusal' in wanted) return wanted.refusal;
	const missing = wanted.value.filter((n) => !record.sent[n]);
	if (missing.length) return new SecretChatError('RESEND_UNAVAILABLE', `resend asks for out_seq_no ${missing.join(', ')}, whose bytes are no longer kept`);
	for (const n of wanted.value) {
		const sent = record.sent[n];
		const body = { peer: inputChat(record), randomId: big(sent.randomId), data: sent.data };
		if (sent.file) {
			const file = new Api.InputEncryptedFile({ id: big(sent.file.id), accessHash: big(sent.file.accessHash) });
			await core.client.invoke(new Api.messages.SendEncryptedFile({ ...body, file }));
		} else {
			await core.client.invoke(sent.service ? new Api.messages.SendEncryptedService(body) : new Api.messages.SendEncrypted(body));
		}
	}
	return undefined;
}
