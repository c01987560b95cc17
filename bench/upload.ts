// Upload figure: a 100 MB sendDocument through the node (streamed from n8n's filesystem binary
// store, 512 KB parts through the node's calls) against raw GramJS uploadFile + sendMedia with the
// file read into a Buffer (what the node did before), in the same run. The loopback runs in a
// child process so that the bytes it stores do not count.
import { fork, type ChildProcess } from 'child_process';
import { readFile } from 'fs/promises';
import { join } from 'path';
import { Container } from '@n8n/di';
import { BinaryDataService } from 'n8n-core';
import type { IBinaryData } from 'n8n-workflow';
import { Api, TelegramClient } from 'telegram';
import { CustomFile } from 'telegram/client/uploads';
import { generateRandomLong } from 'telegram/Helpers';
import { Logger, LogLevel } from 'telegram/extensions/Logger';
import { StringSession } from 'telegram/sessions';
import { connectionTo } from '../nodes/Tgl/transport/server-connection';
import { destroyClient } from '../nodes/Tgl/transport/destroy-client';
import { clientPool } from '../nodes/Tgl/transport/client-pool';
import { runWorkflow } from '../test/harness';
import { byId, byUsername, chain, nodeTypes, tgl } from '../test/support/env';
import { measured } from './memory';
import type { UploadServerReady } from './upload-server';

function startServer(sizeMb: number): Promise<{ child: ChildProcess; ready: UploadServerReady }> {
	const child = fork(join(__dirname, 'upload-server.ts'), [String(sizeMb)], { execArgv: ['-r', 'ts-node/register/transpile-only'] });
	return new Promise((resolve, reject) => {
		child.once('message', (ready: UploadServerReady) => resolve({ child, ready }));
		child.once('exit', (code) => reject(new Error(`the upload bench's loopback exited with ${code}`)));
	});
}

function ask<T>(child: ChildProcess, message: string): Promise<T> {
	return new Promise((resolve) => {
		child.once('message', (answer: T) => resolve(answer));
		child.send(message);
	});
}

export async function uploadFigure(sizeMb = 100): Promise<string> {
	const { child, ready } = await startServer(sizeMb);
	const credentials = { tglApi: { ...ready.credentials } };
	const run = (workflow: Parameters<typeof runWorkflow>[0]) => runWorkflow(workflow, { nodeTypes, credentials });
	try {
		// The file into n8n's binary store (not measured), as a Load Document node leaves it.
		const loaded = await run(chain([{}], tgl('Load', 'msg', 'loadDocument', { message: `${ready.source.messageId}`, peer: byId(ready.source.fromId) })));
		if (loaded.error) throw loaded.error;
		const binary = loaded.output('Load')[0].binary!.data as IBinaryData;
		const send = { ...chain([], tgl('Send', 'peer', 'sendDocument', { peer: byUsername(ready.receiver) })), pinData: { Start: [{ json: {}, binary: { data: binary } }] } };

		const ours = await measured(async () => {
			const r = await run(send);
			if (r.error) throw r.error;
			return r.output('Send')[0].json.media as { size: number };
		});
		await clientPool.closeAll();

		const path = Container.get(BinaryDataService).getPath(binary.id!);
		const client = new TelegramClient(new StringSession(ready.credentials.session), ready.credentials.apiId, ready.credentials.apiHash, {
			connection: connectionTo(ready.credentials.serverHost, ready.credentials.serverPort),
			baseLogger: new Logger(LogLevel.NONE),
		});
		await client.connect();
		const resolved = await client.invoke(new Api.contacts.ResolveUsername({ username: ready.receiver }));
		const user = resolved.users[0] as Api.User;
		const peer = new Api.InputPeerUser({ userId: user.id, accessHash: user.accessHash! });
		const sendRaw = async (file: CustomFile, maxBufferSize?: number) => {
			const uploaded = await client.uploadFile({ file, workers: 4, maxBufferSize });
			const media = new Api.InputMediaUploadedDocument({ file: uploaded, mimeType: 'application/zip', forceFile: true, attributes: [] });
			await client.invoke(new Api.messages.SendMedia({ peer, media, message: '', randomId: generateRandomLong() }));
		};
		// GramJS reads a CustomFile over 20 MB from its path, a slice per part...
		const rawPath = await measured(async () => sendRaw(new CustomFile('big.zip', ours.value.size, path)));
		// ...or holds it whole when allowed a bigger buffer (a CustomFile without path over 20 MB fails).
		const rawBuffer = await measured(async () => {
			const bytes = await readFile(path);
			await sendRaw(new CustomFile('big.zip', bytes.length, '', bytes), bytes.length + 1);
		});
		await destroyClient(client);

		const { got } = await ask<{ got: string[] }>(child, 'received');
		if (got.length !== 3 || got.some((h) => h !== ready.source.sha256)) throw new Error(`the receiver did not get three intact copies (${got.length})`);
		const figure = (m: Awaited<ReturnType<typeof measured>>) =>
			`${(m.ms / 1000).toFixed(2)} s, peak +${m.peakMb.toFixed(0)} MB heap+buffers (+${m.peakRssMb.toFixed(0)} MB RSS)`;
		return (
			`(g) ${sizeMb} MB sendDocument: node ${figure(ours)}, streamed from n8n's filesystem binary store in 512 KB parts; ` +
			`raw GramJS uploadFile + sendMedia from the file's path ${figure(rawPath)}, from a Buffer ${figure(rawBuffer)}; all three copies arrived intact`
		);
	} finally {
		await new Promise((resolve) => {
			child.once('exit', resolve);
			child.send('stop');
		});
	}
}
