// Sending one media message (messages.sendMedia) and the Msg it created, from the answer alone.
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { Api } from 'telegram';
import { generateRandomLong } from 'telegram/Helpers';
import { toMsg } from '../tgl/msg';
import type { AccountClient } from '../transport/account-client';
import { peerLocator } from '../descriptions/peer-locator';
import { fileInputProperties, openInputFile, type InputFileStream } from './file-input';
import { resolvePeer } from './resolve-peer';
import { uploadFile } from './upload';
import { jsonItems } from './items';
import type { TargetPeer } from './resolve-peer';
import { markScheduled, readSendOptions, sendOptionProperties, type SendOptions } from './send-options';
import { sendOnce } from './sent-message';
import { toNodeError } from './telegram-errors';
import { LIMITS, withinLimit } from './telegram-limits';
import { optionsCollection } from '../descriptions/options-collection';
import { formatItemText, parseModeOption, type FormattedText } from './parse-mode';

export const captionOption: INodeProperties = {
	displayName: 'Caption',
	name: 'caption',
	type: 'string',
	typeOptions: { rows: 2 },
	default: '',
	description: 'Text shown under the media (at most 1024 characters, not counting Parse Mode markup)',
};

/** `sendOptions`: as the operation read them before its other work (read here when it did not). */
export async function sendMedia(
	ctx: IExecuteFunctions,
	i: number,
	account: AccountClient,
	target: TargetPeer,
	media: Api.TypeInputMedia,
	caption = '',
	entities?: Api.TypeMessageEntity[],
	sendOptions: SendOptions = readSendOptions(ctx, i),
): Promise<INodeExecutionData[]> {
	const mapCtx = await account.mapContext();
	// One random_id for every attempt of this item's send: a repeat is never a second message.
	const request = new Api.messages.SendMedia({ peer: target.input, media, message: caption, entities: entities?.length ? entities : undefined, randomId: generateRandomLong(), ...sendOptions });
	return jsonItems(markScheduled(toMsg(await sendOnce(account, request), mapCtx), sendOptions));
}

/** What every "send a file" operation shows: the peer, the file, and options (caption first). */
export function sendFileProperties(extraOptions: INodeProperties[] = []): INodeProperties[] {
	return [
		peerLocator(),
		...fileInputProperties(),
		optionsCollection([captionOption, parseModeOption, ...extraOptions, ...sendOptionProperties]),
	];
}

/** The shared first half of a file send: the file (refused when empty), options, target, upload. */
export async function uploadForSend<O extends { caption?: string }>(
	ctx: IExecuteFunctions,
	i: number,
	account: AccountClient,
): Promise<{ file: InputFileStream; options: O; caption: FormattedText; sendOptions: SendOptions; target: TargetPeer; uploaded: Api.TypeInputFile }> {
	const file = await openFileToSend(ctx, i);
	const options = ctx.getNodeParameter('options', i, {}) as O;
	// Before the upload: a caption or date Telegram would refuse must not cost the file's transfer.
	// The caption as Telegram counts it: without its Parse Mode markup.
	const caption = formatItemText(ctx, i, options.caption ?? '');
	withinLimit(ctx.getNode(), i, LIMITS.caption, caption.text);
	const sendOptions = readSendOptions(ctx, i);
	const target = await resolvePeer(account, ctx.getNodeParameter('peer', i, undefined, { extractValue: false }));
	let uploaded: Api.TypeInputFile;
	try {
		uploaded = await uploadFile(account, file);
	} catch (error) {
		throw toNodeError(ctx.getNode(), error, i, [], `uploading "${file.fileName}"`);
	}
	return { file, options, caption, sendOptions, target, uploaded };
}

/** The item's file, not yet read; an empty one is refused here, before anything is uploaded. */
async function openFileToSend(ctx: IExecuteFunctions, i: number): Promise<InputFileStream> {
	const file = await openInputFile(ctx, i);
	if (file.size === 0) {
		throw new NodeOperationError(ctx.getNode(), `The file "${file.fileName}" is empty`, { itemIndex: i, description: `Item ${i}` });
	}
	return file;
}

const EXTENSION_TYPES: Record<string, string> = {
	mp4: 'video/mp4',
	m4v: 'video/x-m4v',
	mov: 'video/quicktime',
	webm: 'video/webm',
	mkv: 'video/x-matroska',
	avi: 'video/x-msvideo',
	mp3: 'audio/mpeg',
	m4a: 'audio/mp4',
	ogg: 'audio/ogg',
	oga: 'audio/ogg',
	opus: 'audio/ogg',
	flac: 'audio/flac',
	wav: 'audio/wav',
};

/**
 * A MIME type of the wanted family ('video' / 'audio'): the binary data's own when it is one,
 * else guessed from the file name (local files and generic binaries say octet-stream), else
 * the family's most common type, so that apps play the file instead of offering a download.
 */
export function mediaMimeType(file: { fileName: string; mimeType: string }, family: 'video' | 'audio'): string {
	if (file.mimeType.startsWith(`${family}/`)) return file.mimeType;
	const byName = EXTENSION_TYPES[file.fileName.split('.').pop()?.toLowerCase() ?? ''];
	if (byName?.startsWith(`${family}/`)) return byName;
	return family === 'video' ? 'video/mp4' : 'audio/mpeg';
}
