// A process that opens an account's secret chats (their state file and its lock) and then waits,
// like an n8n process with a secret-chat trigger: started by test/secret/state-lock-process.test.ts,
// which plays other hosts against it and then sends it SIGTERM. Reads TGL_CHILD_CREDENTIALS
// (tglApi JSON); TGL_STATE_DIR and TGL_LOCK_HOST_ID come from the test. Prints `ready <lock path>`
// once it holds the state, or `refused <reason>` and exits when it cannot; n8n's log lines go to
// stdout as `log <level> <message>`. With TGL_CHILD_HOST_EXITS=1 it plays n8n at SIGTERM: a
// host that handles the signal and calls process.exit(0) at once.
import { join } from 'path';
import { LoggerProxy } from 'n8n-workflow';
import { SecretChatError } from '../../nodes/Tgl/secret/errors';
import { stateDir, stateFileName } from '../../nodes/Tgl/secret/state-file';
import { clientPool } from '../../nodes/Tgl/transport/client-pool';
import { toTglCredentials } from '../../nodes/Tgl/transport/credentials';
import { secretChatsOf } from '../../nodes/Tgl/transport/secret-chats';

const logTo = (level: string) => (message: string) => void process.stdout.write(`log ${level} ${message}\n`);
LoggerProxy.init({ error: logTo('error'), warn: logTo('warn'), info: logTo('info'), debug: logTo('debug') } as unknown as Parameters<typeof LoggerProxy.init>[0]);

async function main(): Promise<void> {
	if (process.env.TGL_CHILD_HOST_EXITS === '1') process.once('SIGTERM', () => process.exit(0));
	const account = await clientPool.acquire(toTglCredentials(JSON.parse(process.env.TGL_CHILD_CREDENTIALS ?? '{}')));
	const lockPath = `${join(stateDir(), stateFileName(account.client.session.getAuthKey()!.getKey()!))}.lock`;
	try {
		await secretChatsOf(account);
	} catch (error) {
		process.stdout.write(`refused ${error instanceof SecretChatError ? error.reason : String(error)}\n`);
		process.exit(3);
	}
	// Alive like a server would be, until a signal ends it.
	setInterval(() => undefined, 60_000);
	process.stdout.write(`ready ${lockPath}\n`);
}

main().catch((error) => {
	process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
	process.exit(2);
});
