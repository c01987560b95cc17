// The loopback Telegram for the upload figure, in its own process: the bytes it receives and
// stores must not count in the memory of the process that uploads. Talks over IPC.
import { createHash, randomBytes } from 'crypto';
import { LoopbackTelegram } from '../test/telegram/loopback';

export interface UploadServerReady {
	credentials: Awaited<ReturnType<LoopbackTelegram['credentialsFor']>>;
	receiver: string;
	source: { fromId: number; messageId: number; sha256: string };
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function main(): Promise<void> {
	const sizeMb = Number(process.argv[2] ?? 100);
	const tg = await LoopbackTelegram.start();
	const uploader = tg.world.addUser({ firstName: 'Uploader' });
	const receiver = tg.world.addUser({ firstName: 'Receiver', username: 'receiver_bench' });
	const friend = tg.world.addUser({ firstName: 'Friend' });
	tg.world.sendMessage(receiver.id, { userId: uploader.id }, 'hi');
	// The file the node sends: downloaded first into n8n's binary store, as a workflow would.
	const bytes = randomBytes(sizeMb * 2 ** 20);
	const sent = tg.world.sendMedia(friend.id, { userId: uploader.id }, { document: bytes, mimeType: 'application/zip', fileName: 'big.zip' });
	const ready: UploadServerReady = {
		credentials: await tg.credentialsFor(uploader.id),
		receiver: 'receiver_bench',
		source: { fromId: friend.id, messageId: sent.boxes[uploader.id], sha256: sha256(bytes) },
	};
	process.send!(ready);
	process.on('message', (message: string) => {
		if (message === 'received') {
			// sha256 of every document the receiver got from the uploader, oldest first.
			const got = tg.world
				.history(receiver.id, { userId: uploader.id })
				.filter((m) => m.media)
				.reverse()
				.map((m) => sha256(tg.world.fileBytes(m)!));
			process.send!({ got });
		} else if (message === 'stop') {
			void tg.stop().then(() => process.exit(0));
		}
	});
}

main().catch((error) => {
	process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
	process.exit(1);
});
