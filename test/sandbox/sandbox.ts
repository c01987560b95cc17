// The sandbox behind `npm start`: the loopback Telegram with a seeded world, and a real n8n with
// this pack installed as n8n's community installer does it, a credential that points at the
// loopback server, and the example workflows from examples/. The sandbox test runs the same code.
import * as fs from 'fs';
import * as path from 'path';
import { LoopbackTelegram } from '../telegram/loopback';
import { N8nInstance, REPO_ROOT, type N8nOptions, type N8nWorkflow } from '../n8n/n8n-instance';
import { tglCredential } from '../n8n/workflows';
import { seedSandbox, type SandboxPeople } from './sandbox-world';

/** The credential the example workflows name (examples/*.json). */
export const SANDBOX_CREDENTIAL = { id: 'tglSandbox000001', name: 'Telegram sandbox' };

export const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');

/** The ids of the example workflows (examples/*.json). */
export const EXAMPLE_IDS = {
	autoReply: 'tglExAutoReply01',
	archive: 'tglExArchive0001',
	membership: 'tglExMembers0001',
};
/** The examples that start with a trigger: published, so that they run as soon as n8n starts. */
const PUBLISHED = [EXAMPLE_IDS.autoReply, EXAMPLE_IDS.membership];

export interface Sandbox {
	tg: LoopbackTelegram;
	people: SandboxPeople;
	n8n: N8nInstance;
	workflows: N8nWorkflow[];
	/** Stops n8n and the loopback Telegram. */
	stop(): Promise<void>;
}

export function exampleWorkflows(): N8nWorkflow[] {
	return fs
		.readdirSync(EXAMPLES_DIR)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((f) => JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, f), 'utf8')) as N8nWorkflow);
}

/**
 * Starts the loopback Telegram, seeds it, and readies an n8n user folder (pack, credential,
 * examples, published triggers). n8n itself is not started: call `sandbox.n8n.start()`.
 * `step` reports progress, one line per step.
 */
export async function prepareSandbox(
	options: N8nOptions & { userFolder: string },
	step: (line: string) => void = () => {},
): Promise<Sandbox> {
	// n8n 2 reads and writes files only under N8N_RESTRICT_FILE_ACCESS_TO (~/.n8n-files by
	// default) and never creates directories: the archive example writes to .n8n-files/telegram-archive
	// relative to n8n's working directory (the user folder here; the home folder in n8n's Docker image).
	const files = path.join(options.userFolder, '.n8n-files');
	fs.mkdirSync(path.join(files, 'telegram-archive'), { recursive: true });
	options = { ...options, cwd: options.userFolder, env: { N8N_RESTRICT_FILE_ACCESS_TO: files, ...options.env } };
	const tg = await LoopbackTelegram.start();
	let n8n: N8nInstance | undefined;
	try {
		const people = seedSandbox(tg.world);
		step(`loopback Telegram on ${tg.host}:${tg.port}: you are ${people.you.name} (@${people.you.username})`);
		n8n = await N8nInstance.create(options);
		step('installing the built pack into n8n as its community installer does');
		n8n.installPack();
		await n8n.importCredentials([tglCredential(SANDBOX_CREDENTIAL, await tg.credentialsFor(people.you.id))]);
		step(`credential "${SANDBOX_CREDENTIAL.name}" imported`);
		const workflows = exampleWorkflows();
		for (const workflow of workflows) {
			// The file is the editor's export: the import must not keep it active from elsewhere.
			await n8n.importWorkflow({ ...workflow, active: false });
			step(`workflow "${workflow.name}" imported`);
		}
		for (const id of PUBLISHED) await n8n.publishWorkflow(id);
		step('the trigger workflows are published: they run as soon as n8n starts');
		const instance = n8n;
		return {
			tg,
			people,
			n8n: instance,
			workflows,
			async stop() {
				try {
					await instance.stop();
				} finally {
					await tg.stop();
				}
			},
		};
	} catch (error) {
		await n8n?.stop();
		await tg.stop();
		throw error;
	}
}
