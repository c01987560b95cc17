// A process that holds a deletion in its undo window and nothing else, like a script that uses the
// pack without n8n: started by test/process-stop.test.ts, which then sends it SIGTERM.
// Reads TGL_CHILD_CREDENTIALS (tglApi JSON) and TGL_CHILD_MESSAGE (an id in the account's box);
// with TGL_CHILD_HOST_EXITS=1 it plays a host that handles SIGTERM by calling process.exit(0) at
// once, the hardest case (n8n does the same after its own shutdown steps).
import { Api } from 'telegram';
import { clientPool } from '../../nodes/Tgl/transport/client-pool';
import { toTglCredentials } from '../../nodes/Tgl/transport/credentials';
import { pendingDeletionsOf } from '../../nodes/Tgl/transport/pending-deletions';

async function main(): Promise<void> {
	const account = await clientPool.acquire(toTglCredentials(JSON.parse(process.env.TGL_CHILD_CREDENTIALS ?? '{}')));
	const id = Number(process.env.TGL_CHILD_MESSAGE);
	if (process.env.TGL_CHILD_HOST_EXITS === '1') process.once('SIGTERM', () => process.exit(0));
	pendingDeletionsOf(account).schedule(`${id}`, 600, () => account.call(new Api.messages.DeleteMessages({ id: [id], revoke: true })));
	// Alive like a server would be, until a signal ends it.
	setInterval(() => undefined, 60_000);
	process.stdout.write('scheduled\n');
}

main().catch((error) => {
	process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
	process.exit(2);
});
