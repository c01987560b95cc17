// npm run bench: the nodes against raw GramJS on the same loopback Telegram, in the same run.
// Figures are printed, never asserted: these machines are shared and noisy.
import { Api, TelegramClient } from 'telegram';
import { generateRandomLong } from 'telegram/Helpers';
import { Logger, LogLevel } from 'telegram/extensions/Logger';
import { StringSession } from 'telegram/sessions';
import { connectionTo } from '../nodes/Tgl/transport/server-connection';
import { destroyClient } from '../nodes/Tgl/transport/destroy-client';
import { byUsername, chain, TestEnv, tgl } from '../test/support/env';
import { downloadFigure } from './download';
import { uploadFigure } from './upload';
import { queueFigures } from './queue';
import { updateFigures } from './updates';
import { secretFigure, secretHistoryFigure } from './secret';

const N_SENDS = 1000;
const N_EXECUTIONS = 100;

async function rawGramJs(env: TestEnv, userId: number, username: string): Promise<number> {
	const creds = await env.tg.credentialsFor(userId);
	const client = new TelegramClient(new StringSession(creds.session), creds.apiId, creds.apiHash, {
		connection: connectionTo(creds.serverHost, creds.serverPort),
		baseLogger: new Logger(LogLevel.NONE),
	});
	await client.connect();
	const resolved = await client.invoke(new Api.contacts.ResolveUsername({ username }));
	const user = resolved.users[0] as Api.User;
	const peer = new Api.InputPeerUser({ userId: user.id, accessHash: user.accessHash! });
	const start = process.hrtime.bigint();
	for (let n = 0; n < N_SENDS; n++) {
		await client.invoke(new Api.messages.SendMessage({ peer, message: `raw ${n}`, randomId: generateRandomLong() }));
	}
	const ms = Number(process.hrtime.bigint() - start) / 1e6;
	await destroyClient(client);
	return ms;
}

async function main(): Promise<void> {
	const env = await TestEnv.start();
	const alice = env.world.addUser({ firstName: 'Alice', username: 'alice_bench' });
	env.world.addUser({ firstName: 'Bob', username: 'bob_bench' });
	try {
		// Warm both paths once (JIT, first connection) so the ratio compares steady states.
		await env.run(chain([{}], tgl('Send', 'peer', 'sendMsg', { peer: byUsername('@bob_bench'), text: 'warm' })), alice.id);

		const rawMs = await rawGramJs(env, alice.id, 'bob_bench');
		const items = Array.from({ length: N_SENDS }, (_, n) => ({ n }));
		const workflow = chain(items, tgl('Send', 'peer', 'sendMsg', { peer: byUsername('@bob_bench'), text: '=node {{ $json.n }}' }));
		let start = process.hrtime.bigint();
		const run = await env.run(workflow, alice.id);
		const nodeMs = Number(process.hrtime.bigint() - start) / 1e6;
		if (run.error) throw run.error;

		const openedBefore = env.server.connectionsOpened;
		env.server.resetStats();
		const single = chain([{}], tgl('Send', 'peer', 'sendMsg', { peer: byUsername('@bob_bench'), text: 'one' }));
		start = process.hrtime.bigint();
		const rpcs: number[] = [];
		for (let n = 0; n < N_EXECUTIONS; n++) {
			const before = env.server.calls.length;
			const r = await env.run(single, alice.id);
			if (r.error) throw r.error;
			rpcs.push(env.server.calls.length - before);
		}
		const execMs = Number(process.hrtime.bigint() - start) / 1e6;

		const lines = [
			`(a) ${N_SENDS} sends: one workflow execution ${nodeMs.toFixed(0)} ms, raw GramJS ${rawMs.toFixed(0)} ms, ratio ${(nodeMs / rawMs).toFixed(2)}`,
			`(b) ${N_EXECUTIONS} executions: ${env.server.connectionsOpened} new TCP connection(s) ` +
				`(${openedBefore + env.server.connectionsOpened} in the whole run, one of them raw GramJS's), ` +
				`RPCs per execution ${Math.min(...rpcs)}–${Math.max(...rpcs)} (mean ${(rpcs.reduce((a, b) => a + b, 0) / rpcs.length).toFixed(2)}), ` +
				`${(execMs / N_EXECUTIONS).toFixed(1)} ms per execution`,
		];
		process.stdout.write(lines.join('\n') + '\n');
		process.stdout.write((await updateFigures(env)).join('\n') + '\n');
		process.stdout.write((await downloadFigure(env)) + '\n');
		process.stdout.write((await uploadFigure()) + '\n');
		process.stdout.write((await secretFigure(env)) + '\n');
		process.stdout.write((await secretHistoryFigure()) + '\n');
		process.stdout.write((await queueFigures()).join('\n') + '\n');
	} finally {
		await env.stop();
	}
}

main().catch((error) => {
	process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
	process.exit(1);
});
