// Files into Telegram: an n8n binary property of the item (default), or a local path when the
// user asks for one and n8n's file-access restrictions allow it.
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { stat } from 'fs/promises';
import { basename } from 'path';
import { bufferSource, PART_SIZE, type UploadSource } from './upload';

export interface InputFileData {
	buffer: Buffer;
	fileName: string;
	mimeType: string;
}

/** A file to upload, read as a stream when it is on disk (n8n's filesystem binary mode, a local path). */
export interface InputFileStream extends UploadSource {
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

/** The whole file in memory: for what needs all its bytes at once (a text to split, a photo). */
export async function readInputFile(ctx: IExecuteFunctions, i: number): Promise<InputFileData> {
	const file = await openInputFile(ctx, i);
	const chunks: Buffer[] = [];
	for await (const chunk of await file.open()) chunks.push(chunk);
	return { buffer: Buffer.concat(chunks), fileName: file.fileName, mimeType: file.mimeType };
}

/**
 * The item's file without reading it: its name, type, exact size, and a way to stream it. Binary
 * data n8n keeps on disk (it has an id) and local files are streamed; binary data held in the
 * item is already in memory.
 */
export async function openInputFile(ctx: IExecuteFunctions, i: number): Promise<InputFileStream> {
	const options = ctx.getNodeParameter('fileOptions', i, {}) as { filePath?: string; fileName?: string };
	if (options.filePath) {
		const resolved = await ctx.helpers.resolvePath(options.filePath);
		if (ctx.helpers.isFilePathBlocked(resolved)) {
			throw new NodeOperationError(ctx.getNode(), `Access to the file "${options.filePath}" is not allowed by n8n's file access settings`, {
				itemIndex: i,
			});
		}
		const { size } = await stat(resolved);
		return {
			fileName: options.fileName || basename(options.filePath),
			mimeType: 'application/octet-stream',
			size,
			open: async () => await ctx.helpers.createReadStream(resolved),
		};
	}
	const property = ctx.getNodeParameter('binaryPropertyName', i, 'data') as string;
	return await openBinaryProperty(ctx, i, property, options.fileName);
}

/** One binary property of the item, as openInputFile opens it (several files: an album). */
export async function openBinaryProperty(ctx: IExecuteFunctions, i: number, property: string, nameOverride?: string): Promise<InputFileStream> {
	const meta = ctx.helpers.assertBinaryData(i, property);
	const fileName = nameOverride || meta.fileName || 'file';
	const mimeType = meta.mimeType || 'application/octet-stream';
	const id = meta.id;
	if (id) {
		const { fileSize } = await ctx.helpers.getBinaryMetadata(id);
		return { fileName, mimeType, size: fileSize, open: async () => await ctx.helpers.getBinaryStream(id, PART_SIZE) };
	}
	const buffer = await ctx.helpers.getBinaryDataBuffer(i, property);
	return { ...bufferSource(buffer, fileName), mimeType };
}
