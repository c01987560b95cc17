// `npm start`: the main job. A sandbox Telegram on 127.0.0.1 and a real n8n with this pack on
// http://127.0.0.1:5678, the example workflows imported, so that every node can be tried without
// a Telegram account. Ctrl+C stops both. The sandbox starts fresh each time (the loopback
// Telegram keeps its world in memory, and a trigger's saved cursor must match the world).
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { REPO_ROOT } from '../n8n/n8n-instance';
import { ActivityLog } from './activity-log';
import { Chatter } from './chatter';
import { EXAMPLE_IDS, prepareSandbox, type Sandbox } from './sandbox';

/** The editor's owner account, set up so that the newcomer lands on a logged-in editor. */
const OWNER = { email: 'sandbox@example.com', password: 'Sandbox-n8n-1', firstName: 'Sam', lastName: 'Sandbox' };

function say(line: string): void {
	process.stdout.write(`${line}\n`);
}

function numberFromEnv(name: string, fallback: number): number {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return fallback;
	const value = Number(raw);
	if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number ≥ 0, not "${raw}"`);
	return value;
}

async function portIsFree(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const probe = net.createServer();
		probe.once('error', () => resolve(false));
		probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
	});
}

async function main(): Promise<void> {
	const port = numberFromEnv('N8N_PORT', 5678);
	const chatterSeconds = numberFromEnv('TGL_SANDBOX_CHATTER_SECONDS', 30);
	const folder = path.resolve(process.env.TGL_SANDBOX_FOLDER ?? path.join(REPO_ROOT, '.cache', 'sandbox'));
	if (!(await portIsFree(port))) {
		throw new Error(`127.0.0.1:${port} is in use (another n8n?); stop it or choose another port with N8N_PORT=…`);
	}
	fs.rmSync(folder, { recursive: true, force: true });
	fs.mkdirSync(folder, { recursive: true });
	const logFile = path.join(folder, 'n8n.log');

	say('Starting the sandbox…');
	const sandbox = await prepareSandbox({ userFolder: folder, port, logFile, env: { TGL_POOL_IDLE_SECONDS: '300' } }, (line) => say(`  ${line}`));
	const fromTelegram = (line: string) => say(`  [sandbox Telegram] ${line}`);
	const chatter = new Chatter(sandbox.tg.world, sandbox.people, fromTelegram);
	const activity = new ActivityLog(sandbox.tg.world, sandbox.people, fromTelegram);
	let stopping = false;
	const stop = async (why: string, code: number) => {
		if (stopping) return;
		stopping = true;
		say(`\n${why}: stopping n8n and the sandbox Telegram…`);
		chatter.stop();
		activity.stop();
		await sandbox.stop();
		process.exit(code);
	};
	process.once('SIGINT', () => void stop('Ctrl+C', 0));
	process.once('SIGTERM', () => void stop('SIGTERM', 0));

	say(`  starting n8n (its log: ${path.relative(process.cwd(), logFile)})`);
	await sandbox.n8n.start();
	await sandbox.n8n.setupOwner(OWNER);
	void sandbox.n8n.exited().then((code) => {
		if (!stopping) void stop(`n8n exited (${code}); see ${logFile}`, 1);
	});
	chatter.start(chatterSeconds);
	activity.start();
	banner(sandbox, chatterSeconds, folder);
}

function banner(sandbox: Sandbox, chatterSeconds: number, folder: string): void {
	const { people, n8n } = sandbox;
	const [alice, bob] = people.friends;
	say(`
n8n with the Telegram TGL nodes is ready: ${n8n.url}
  log in as ${OWNER.email} / ${OWNER.password}

The sandbox Telegram (nothing leaves this machine):
  you:     ${people.you.name} (@${people.you.username}); friends ${people.friends.map((f) => `@${f.username}`).join(', ')}
  chats:   "${people.group.title}" (basic group), "${people.supergroup.title}" (@${people.supergroup.username}), "${people.channel.title}" (@${people.channel.username})

Example workflows (examples/):
  ${EXAMPLE_IDS.autoReply}  auto-reply to private messages          (active)
  ${EXAMPLE_IDS.membership}  notify on group membership changes      (active: the notes go to your Saved Messages)
  ${EXAMPLE_IDS.archive}  archive a chat's history into files     (open it and click "Execute workflow")
${chatterSeconds > 0 ? `Every ${chatterSeconds} s ${alice.name}, ${bob.name} and friends write to you or the group, or someone joins or leaves it\n(TGL_SANDBOX_CHATTER_SECONDS=0 turns that off).` : 'The friends stay quiet (TGL_SANDBOX_CHATTER_SECONDS=0).'}
Files written by workflows land under ${path.join(folder, '.n8n-files')}. Ctrl+C stops everything; the next start is fresh.
`);
}

main().catch((error: Error) => {
	process.stderr.write(`npm start failed: ${error.message}\n`);
	process.exit(1);
});
