import type { Api } from 'telegram';
import { CustomFile } from 'telegram/client/uploads';
import type { AccountClient } from '../transport/account-client';

/** Uploads bytes in parts (GramJS picks part size and saveBigFilePart past 10 MB). */
export function uploadBuffer(account: AccountClient, buffer: Buffer, fileName: string): Promise<Api.TypeInputFile> {
	return account.track(() =>
		account.client.uploadFile({ file: new CustomFile(fileName, buffer.length, '', buffer), workers: 4 }),
	);
}
