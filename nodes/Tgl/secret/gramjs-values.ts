// Conversions between GramJS's values (big-integer longs, Api classes) and the plain ones saved here.
import { randomBytes } from 'crypto';
import bigInt from 'big-integer';
import { Api } from 'telegram';
import type { SecretChatRecord, StoredMessage } from './records';

export const big = (v: bigint) => bigInt(v.toString());
export const native = (v: bigInt.BigInteger) => BigInt(v.toString());
/** A new random_id for a message we send. */
export const randomId = () => randomBytes(8).readBigInt64LE();

export const storedFile = (file: Api.EncryptedFile): NonNullable<StoredMessage['file']> => ({
	id: native(file.id),
	accessHash: native(file.accessHash),
	size: file.size.toJSNumber(),
	dcId: file.dcId,
	keyFingerprint: file.keyFingerprint,
});

/** The chat as the peer of messages.sendEncrypted* and acceptEncryption. */
export function inputChat(record: SecretChatRecord): Api.InputEncryptedChat {
	return new Api.InputEncryptedChat({ chatId: record.id, accessHash: big(record.accessHash) });
}
