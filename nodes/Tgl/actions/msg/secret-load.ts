// Msg → load* on a message of a secret chat (a Msg whose dest is the secret chat Peer, type 4):
// the file is found in the saved history, then downloaded and decrypted (helpers/secret-file).
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { secretChatTarget } from '../../helpers/secret-peer';
import { secretFileOf } from '../../helpers/secret-file';
import type { LoadTarget } from '../../tgl/media';
import type { AccountClient } from '../../transport/account-client';

/** The Msg object given, when it is one of a secret chat. */
export function secretMsgOf(raw: unknown): { id: number; dest: Record<string, unknown> } | undefined {
	let value = raw;
	if (typeof raw === 'string' && raw.trim().startsWith('{')) {
		try {
			value = JSON.parse(raw);
		} catch {
			return undefined;
		}
	}
	if (!value || typeof value !== 'object') return undefined;
	const msg = value as { id?: unknown; dest?: Record<string, unknown> };
	const secret = msg.dest && (msg.dest.type_name === 'secret_chat' || Number(msg.dest.type) === 4);
	return secret ? { id: Number(msg.id), dest: msg.dest! } : undefined;
}

/** undefined when the message is not a secret chat's; else the file as the load operations give it. */
export async function loadSecretFile(
	fn: IExecuteFunctions,
	i: number,
	account: AccountClient,
	target: LoadTarget,
	property: string,
	maxMb: number,
): Promise<INodeExecutionData[] | undefined> {
	const given = secretMsgOf(fn.getNodeParameter('message', i) as unknown);
	if (!given) return undefined;
	const fail = (message: string) => new NodeOperationError(fn.getNode(), message, { itemIndex: i, description: `Item ${i}` });
	const chat = await secretChatTarget(account, given.dest);
	if (!chat) throw fail('The message names no secret chat');
	const stored = chat.record.history.find((m) => m.id === given.id);
	if (!stored) throw fail(`Message ${given.id} is not in the saved history of the secret chat "${chat.name}"`);
	const file = secretFileOf(account, chat.record.id, stored);
	if (!file) throw fail(`Message ${given.id} of "${chat.name}" has no file`);
	if (target.endsWith('_thumb')) {
		// The thumbnail travels inside the encrypted message (decryptedMessageMediaDocument.thumb): nothing to download.
		const media = stored.message._ === 'message' ? stored.message.media : undefined;
		if (!media || media._ !== 'document') throw fail(`Message ${given.id} of "${chat.name}" holds a ${file.kind}, not a ${target === 'video_thumb' ? 'video' : 'document'}`);
		const isVideo = media.attributes.some((a) => a._ === 'video');
		if (target === 'video_thumb' && !isVideo) throw fail(`Message ${given.id} of "${chat.name}" holds a document, not a video`);
		if (!media.thumb.length) throw fail(`Message ${given.id} of "${chat.name}" has no thumbnail: its sender sent none`);
		const fileName = `thumb_${chat.record.id}_${given.id}.jpg`;
		const binary = await fn.helpers.prepareBinaryData(media.thumb, fileName, 'image/jpeg');
		return [{ json: { file_name: fileName, mime_type: 'image/jpeg', size: media.thumb.length, width: media.thumbW, height: media.thumbH, msg_id: given.id }, binary: { [property]: binary } }];
	}
	if ((target === 'photo') !== (file.kind === 'photo')) throw fail(`Message ${given.id} of "${chat.name}" holds a ${file.kind}, not a ${target}`);
	if (file.size > maxMb * 1024 * 1024) throw fail(`The file of message ${given.id} is over the limit of ${maxMb} MB (option "Max File Size (MB)"): nothing was downloaded`);
	const bytes = await file.download();
	const { fileName, mimeType } = file;
	const binary = await fn.helpers.prepareBinaryData(bytes, fileName, mimeType);
	return [{ json: { file_name: fileName, mime_type: mimeType, size: bytes.length, msg_id: given.id }, binary: { [property]: binary } }];
}
