// What the six Load operations share (tgl msg.load_*): fetch the message once, check that its
// media is of the asked kind, download it, and hand it out as n8n binary data (file_cb).
import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { Api } from 'telegram';
import { mediaFileOf, TELEGRAM_MAX_FILE_MB, writeToDirectory } from '../../helpers/download';
import { binaryContent, downloadToBinary } from '../../helpers/download-binary';
import { requireMessage } from '../../helpers/fetch-message';
import { messageProperty, resolveMessage } from '../../helpers/message-ref';
import { loadError, type LoadTarget } from '../../tgl/media';
import type { TglOperation } from '../types';
import { messageChatLocator } from './message-chat';
import { loadSecretFile } from './secret-load';
import { optionsCollection } from '../../descriptions/options-collection';

function loadProperties(): INodeProperties[] {
	return [
		messageProperty,
		messageChatLocator(),
		{
			displayName: 'Put Output File in Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			required: true,
			hint: 'The name of the output binary field to put the file in',
		},
		optionsCollection([
			{
				displayName: 'Max File Size (MB)',
				name: 'maxFileSizeMb',
				type: 'number',
				typeOptions: { minValue: 0.001 },
				default: TELEGRAM_MAX_FILE_MB,
				description: "Refuse files larger than this, before downloading anything (default: Telegram's own limit of 2000 MB)",
			},
			{
				displayName: 'Also Write To Directory',
				name: 'directory',
				type: 'string',
				default: '',
				placeholder: 'e.g. /data/telegram',
				description:
					'Also save the file in this existing directory on the n8n server (subject to N8N_RESTRICT_FILE_ACCESS_TO); the file name from Telegram is made safe first and an existing file is never overwritten',
			},
		]),
	];
}

function megabytes(bytes: number): string {
	return `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 3 : 1)} MB`;
}

export function loadOperation(operation: string, target: LoadTarget): TglOperation {
	return {
		description: updateDisplayOptions({ show: { resource: ['msg'], operation: [operation] } }, loadProperties()),

		async execute(i, account) {
			const node = this.getNode();
			const property = (this.getNodeParameter('binaryPropertyName', i, 'data') as string).trim();
			if (!property) throw new NodeOperationError(node, 'Put Output File in Field is empty', { itemIndex: i });
			const options = this.getNodeParameter('options', i, {}) as { maxFileSizeMb?: number; directory?: string };
			const maxMb = options.maxFileSizeMb ?? TELEGRAM_MAX_FILE_MB;
			if (!(maxMb > 0)) throw new NodeOperationError(node, 'Max File Size (MB) must be more than 0', { itemIndex: i });

			const secret = await loadSecretFile(this, i, account, target, property, maxMb);
			if (secret) return secret;
			const ref = await resolveMessage(this, i, account, 'peer');
			const { message } = await requireMessage(this, i, account, ref);
			const refused = loadError(message, target);
			if (refused) throw new NodeOperationError(node, refused, { itemIndex: i });
			const file = mediaFileOf(message as Api.Message, target);
			if (file.size > maxMb * 1024 * 1024) {
				throw new NodeOperationError(
					node,
					`The ${file.label} of message ${message.id} is ${megabytes(file.size)}, over the limit of ${maxMb} MB (option "Max File Size (MB)"): nothing was downloaded`,
					{ itemIndex: i },
				);
			}

			const { binary, fileName, mimeType, size } = await downloadToBinary(this.helpers, account, file, message.id);
			const json: Record<string, string | number> = { file_name: fileName, mime_type: mimeType, size, msg_id: message.id };
			if (options.directory?.trim()) {
				json.file_path = await writeToDirectory(this, i, options.directory.trim(), fileName, await binaryContent(this.helpers, binary));
			}
			return [{ json, binary: { [property]: binary } }];
		},
	};
}
