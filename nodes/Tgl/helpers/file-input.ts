// Files into Telegram: an n8n binary property of the item (default), or a local path when the
// user asks for one and n8n's file-access restrictions allow it.
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { basename } from 'path';

export interface InputFileData {
	buffer: Buffer;
	fileName: string;
	mimeType: string;
}

/** The parameters every "file in" operation shows. */
export function fileInputProperties(defaultName = 'data'): INodeProperties[] {
	return [
		{
			displayName: 'Input Binary Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: defaultName,
			required: true,
			hint: 'The name of the input binary field containing the file',
		},
		{
			displayName: 'File Options',
			name: 'fileOptions',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'Local File Path',
					name: 'filePath',
					type: 'string',
					default: '',
					description: 'Read the file from this path on the n8n server instead of the binary field (subject to N8N_RESTRICT_FILE_ACCESS_TO)',
				},
				{
					displayName: 'File Name',
					name: 'fileName',
					type: 'string',
					default: '',
					description: 'Name to send the file under (default: the binary field\'s file name)',
				},
			],
		},
	];
}

export async function readInputFile(ctx: IExecuteFunctions, i: number): Promise<InputFileData> {
	const options = ctx.getNodeParameter('fileOptions', i, {}) as { filePath?: string; fileName?: string };
	if (options.filePath) {
		const resolved = await ctx.helpers.resolvePath(options.filePath);
		if (ctx.helpers.isFilePathBlocked(resolved)) {
			throw new NodeOperationError(ctx.getNode(), `Access to the file "${options.filePath}" is not allowed by n8n's file access settings`, {
				itemIndex: i,
			});
		}
		const buffer = await ctx.helpers.binaryToBuffer(await ctx.helpers.createReadStream(resolved));
		return { buffer, fileName: options.fileName || basename(options.filePath), mimeType: 'application/octet-stream' };
	}
	const property = ctx.getNodeParameter('binaryPropertyName', i, 'data') as string;
	const meta = ctx.helpers.assertBinaryData(i, property);
	const buffer = await ctx.helpers.getBinaryDataBuffer(i, property);
	return {
		buffer,
		fileName: options.fileName || meta.fileName || 'file',
		mimeType: meta.mimeType || 'application/octet-stream',
	};
}
