// Msg → load* on a message of a secret chat (a Msg whose dest is the secret chat Peer, type 4):
// the file is found in the saved history, downloaded as ciphertext and decrypted with the key
// and IV its message carried.
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { Api } from 'telegram';
import bigInt from 'big-integer';
import { secretChatTarget } from '../../helpers/secret-peer';
import { decryptFile } from '../../secret/file-crypto';
import type { LoadTarget } from '../../tgl/media';
import type { AccountClient } from '../../transport/account-client';
import { callOptions } from '../options';

/** The Msg object given, when it is one of a secret chat. */
function secretMsgOf(raw: unknown): { id: number; dest: Record<string, unknown> } | undefined {
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
	const media = stored.message._ === 'message' ? stored.message.media : undefined;
	if (!stored.file || !media || (media._ !== 'photo' && media._ !== 'document')) throw fail(`Message ${given.id} of "${chat.name}" has no file`);
	if (target.endsWith('_thumb')) throw fail('Thumbnails of secret-chat files are not loaded yet: load the file itself');
	const kind = media._ === 'photo' ? 'photo' : 'document';
	if ((target === 'photo') !== (kind === 'photo')) throw fail(`Message ${given.id} of "${chat.name}" holds a ${kind}, not a ${target}`);
	if (media.size > maxMb * 1024 * 1024) throw fail(`The file of message ${given.id} is over the limit of ${maxMb} MB (option "Max File Size (MB)"): nothing was downloaded`);
	const chunks: Buffer[] = [];
	const location = new Api.InputEncryptedFileLocation({ id: bigInt(stored.file.id.toString()), accessHash: bigInt(stored.file.accessHash.toString()) });
	const calls = callOptions(fn, i);
	await account.download(location, { dcId: stored.file.dcId, fileSize: stored.file.size, floodWaitMaxSeconds: calls.floodWaitMaxSeconds }, (chunk) => {
		chunks.push(chunk);
	});
	const bytes = decryptFile(Buffer.concat(chunks), media, media.size, stored.file.keyFingerprint);
	const nameAttr = media._ === 'document' ? media.attributes.find((a) => a._ === 'filename') : undefined;
	const fileName = nameAttr && nameAttr._ === 'filename' ? nameAttr.fileName : `secret_${chat.record.id}_${given.id}${kind === 'photo' ? '.jpg' : ''}`;
	const mimeType = media._ === 'document' ? media.mimeType : 'image/jpeg';
	const binary = await fn.helpers.prepareBinaryData(bytes, fileName, mimeType);
	return [{ json: { file_name: fileName, mime_type: mimeType, size: bytes.length, msg_id: given.id }, binary: { [property]: binary } }];
}
