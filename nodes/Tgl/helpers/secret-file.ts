// The file of a secret chat's message: downloaded as ciphertext (upload.getFile with an
// inputEncryptedFileLocation) and decrypted with the key and IV its message carried.
import { big } from '../secret/gramjs-values';
import { Api } from 'telegram';
import { decryptFile } from '../secret/file-crypto';
import type { StoredMessage } from '../secret/service';
import type { AccountClient } from '../transport/account-client';

export interface SecretFile {
	kind: 'photo' | 'document';
	fileName: string;
	mimeType: string;
	size: number;
	download(): Promise<Buffer>;
}

/** The message's file, or undefined when it has none. */
export function secretFileOf(account: AccountClient, chatId: number, stored: StoredMessage): SecretFile | undefined {
	const media = stored.message._ === 'message' ? stored.message.media : undefined;
	const file = stored.file;
	if (!file || !media || (media._ !== 'photo' && media._ !== 'document')) return undefined;
	const kind = media._ === 'photo' ? 'photo' : 'document';
	const named = media._ === 'document' ? media.attributes.find((a) => a._ === 'filename') : undefined;
	return {
		kind,
		fileName: named && named._ === 'filename' ? named.fileName : `secret_${chatId}_${stored.id}${kind === 'photo' ? '.jpg' : ''}`,
		// A secret photo says no type; Telegram's apps send JPEG.
		mimeType: media._ === 'document' ? media.mimeType : 'image/jpeg',
		size: media.size,
		async download() {
			const chunks: Buffer[] = [];
			const location = new Api.InputEncryptedFileLocation({ id: big(file.id), accessHash: big(file.accessHash) });
			await account.download(location, { dcId: file.dcId, fileSize: file.size }, (chunk) => void chunks.push(chunk));
			return decryptFile(Buffer.concat(chunks), media, media.size, file.keyFingerprint);
		},
	};
}
