// `npm start`'s sandbox, checked the way a newcomer would use it: the same preparation code
// (loopback Telegram, pack, credential, the three example workflows), then each example run in
// the real n8n and its effect read back from the sandbox world and the files it wrote.
import * as fs from 'fs';
import * as path from 'path';
import * as os from 'os';
import { nodeOutput } from './n8n-instance';
import { ActivityLog } from '../sandbox/activity-log';
import { Chatter } from '../sandbox/chatter';
import { EXAMPLE_IDS, prepareSandbox, type Sandbox } from '../sandbox/sandbox';

import { eventually as waitFor } from '../support/eventually';

jest.setTimeout(300_000);

function eventually(check: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
	return waitFor(check, what, timeoutMs, 100);
}

function filesUnder(dir: string): string[] {
	if (!fs.existsSync(dir)) return [];
	return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

describe('the npm start sandbox in a real n8n', () => {
	let sandbox: Sandbox;
	let folder: string;

	beforeAll(async () => {
		folder = fs.mkdtempSync(path.join(os.tmpdir(), 'tgl-sandbox-'));
		sandbox = await prepareSandbox({ userFolder: folder, env: { TGL_POOL_IDLE_SECONDS: '300' } });
	});

	afterAll(async () => {
		await sandbox?.stop();
		if (folder && !process.env.N8N_TEST_KEEP) fs.rmSync(folder, { recursive: true, force: true });
	});

	it('archives the lounge: history as JSON and the photo as a PNG file', async () => {
		const { run } = await sandbox.n8n.execute(EXAMPLE_IDS.archive);
		expect(run.data.resultData.error).toBeUndefined();
		const history = nodeOutput(run, 'Get History');
		// Newest first; the two service messages (channel created, members invited) have no text.
		expect(history.filter((m) => m.text !== null).map((m) => m.text)).toEqual([
			'Nice photo!',
			'Sunset from the last hike',
			'Welcome to the lounge. Archive me with the "Archive a chat" workflow.',
		]);
		const photo = nodeOutput(run, 'Download Photo');
		expect(photo).toHaveLength(1);
		expect(photo[0]).toMatchObject({ mime_type: 'image/png' });

		const written = filesUnder(folder).filter((f) => f.includes('telegram-archive'));
		const json = written.find((f) => /history-\d{8}-\d{6}\.json$/.test(f));
		const png = written.find((f) => f.endsWith(String(photo[0].file_name)));
		expect(json && png).toBeTruthy();
		const archived = JSON.parse(fs.readFileSync(json!, 'utf8')) as Array<{ text: string; id: number }>;
		expect(archived.map((m) => m.id)).toEqual(history.map((m) => m.id));
		expect(fs.readFileSync(png!).subarray(1, 4).toString('latin1')).toBe('PNG');
		expect(sandbox.n8n.outboundAttempts()).toEqual([]);
	});

	describe('with n8n started', () => {
		beforeAll(async () => {
			const fromCall = sandbox.tg.server.calls.length;
			await sandbox.n8n.start();
			const you = sandbox.people.you.id;
			// Both published triggers connected (they share one client) and asked for the state.
			await eventually(
				() => sandbox.tg.server.calls.slice(fromCall).filter((c) => c.method === 'updates.GetState' && c.userId === you).length >= 1,
				'the triggers to go live',
			);
		});

		it('auto-replies to a private message, quoting it, and leaves group messages alone', async () => {
			const { world } = sandbox.tg;
			const { you, friends, group } = sandbox.people;
			const alice = friends[0];
			const shown: string[] = [];
			const activity = new ActivityLog(world, sandbox.people, (line) => shown.push(line));
			activity.start(50);
			world.sendMessage(alice.id, { chatId: group.id }, 'group message, no reply wanted');
			world.sendMessage(alice.id, { userId: you.id }, 'Are you there?');
			const reply = () => world.history(alice.id, { userId: you.id }).find((m) => m.text.includes('I got "Are you there?"'));
			await eventually(() => reply() !== undefined, 'the auto-reply at Alice');
			expect(reply()).toMatchObject({ text: `Thanks Alice! I got "Are you there?" and will answer soon. (auto-reply from n8n)`, fromId: you.id });
			expect(reply()!.replyToId).toBe(world.history(alice.id, { userId: you.id }).find((m) => m.text === 'Are you there?')!.id);
			// A later private message: its reply comes after anything the group message could cause.
			world.sendMessage(alice.id, { userId: you.id }, 'Still there?');
			const second = () => world.history(alice.id, { userId: you.id }).find((m) => m.text.includes('I got "Still there?"'));
			await eventually(() => second() !== undefined && shown.length >= 2, 'the second auto-reply, shown');
			expect(world.history(you.id, { chatId: group.id }).filter((m) => m.text.startsWith('Thanks'))).toEqual([]);
			// npm start's terminal shows what the workflow did as you.
			activity.stop();
			expect(shown).toEqual([`you (n8n) → Alice Liddell: ${reply()!.text}`, `you (n8n) → Alice Liddell: ${second()!.text}`]);
		});

		it('notes in Saved Messages when someone joins or leaves the group', async () => {
			const { world } = sandbox.tg;
			const { you, group } = sandbox.people;
			const notes = () => world.history(you.id, { userId: you.id }).map((m) => m.text);
			const chatter = new Chatter(world, sandbox.people, () => {});
			// Steps 0–2: messages (the trigger sees the group for the first time: "created", no
			// note); step 3: the stranger joins; a later step 3: he leaves.
			for (let k = 0; k < 4; k++) chatter.step();
			await eventually(() => notes().length === 1, 'a membership note');
			for (let k = 0; k < 4; k++) chatter.step();
			await eventually(() => notes().length === 2, 'a second membership note');
			// Newest first.
			expect(notes()).toEqual([`Membership changed in "${group.title}": 3 members now.`, `Membership changed in "${group.title}": 4 members now.`]);
			expect(sandbox.n8n.outboundAttempts()).toEqual([]);
		});
	});
});
