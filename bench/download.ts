// Download figure: a large document through Load Document (n8n's filesystem binary mode) against
// raw GramJS downloadFile into a Buffer, in the same run: time, and the peak of memory held
// outside the V8 heap too (buffers), sampled while each download runs.
import { randomBytes } from 'crypto';
import { Api, TelegramClient } from 'telegram';
import { Logger, LogLevel } from 'telegram/extensions/Logger';
import { StringSession } from 'telegram/sessions';
import { connectionTo } from '../nodes/Tgl/transport/server-connection';
import { destroyClient } from '../nodes/Tgl/transport/destroy-client';
import { byId, chain, tgl, type TestEnv } from '../test/support/env';
import { measured } from './memory';

const MB = 2 ** 20;

export async function downloadFigure(env: TestEnv, sizeMb = 100): Promise<string> {
	const me = env.world.addUser({ firstName: 'Archiver' });
	const friend = env.world.addUser({ firstName: 'Sender' });
	const bytes = randomBytes(sizeMb * MB);
	const sent = env.world.sendMedia(friend.id, { userId: me.id }, { document: bytes, mimeType: 'application/zip', fileName: 'big.zip' });
	const messageId = sent.boxes[me.id];

	const creds = await env.tg.credentialsFor(me.id);
	const client = new TelegramClient(new StringSession(creds.session), creds.apiId, creds.apiHash, {
		connection: connectionTo(creds.serverHost, creds.serverPort),
		baseLogger: new Logger(LogLevel.NONE),
	});
	await client.connect();
	const raw = await measured(async () => {
		const got = (await client.invoke(new Api.messages.GetMessages({ id: [new Api.InputMessageID({ id: messageId })] }))) as Api.messages.Messages;
		const message = got.messages[0] as Api.Message;
		const doc = (message.media as Api.MessageMediaDocument).document as Api.Document;
		const location = new Api.InputDocumentFileLocation({ id: doc.id, accessHash: doc.accessHash, fileReference: doc.fileReference, thumbSize: '' });
		const out = (await client.downloadFile(location, { dcId: doc.dcId, fileSize: doc.size })) as Buffer;
		return out.length;
	});
	await destroyClient(client);
	if (raw.value !== bytes.length) throw new Error(`raw GramJS downloaded ${raw.value} of ${bytes.length} bytes`);

	const ours = await measured(async () => {
		const run = await env.run(chain([{}], tgl('Load', 'msg', 'loadDocument', { message: `${messageId}`, peer: byId(friend.id) })), me.id);
		if (run.error) throw run.error;
		return run.output('Load')[0].json.size as number;
	});
	if (ours.value !== bytes.length) throw new Error(`Load Document gave ${ours.value} of ${bytes.length} bytes`);
	return (
		`(f) ${sizeMb} MB document: Load Document ${(ours.ms / 1000).toFixed(2)} s, peak memory +${ours.peakMb.toFixed(0)} MB ` +
		`(streamed to n8n's filesystem binary store); raw GramJS downloadFile ${(raw.ms / 1000).toFixed(2)} s, peak +${raw.peakMb.toFixed(0)} MB (a Buffer); ` +
		`time ratio ${(ours.ms / raw.ms).toFixed(2)}`
	);
}
