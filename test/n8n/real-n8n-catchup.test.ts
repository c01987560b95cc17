// The trigger's catch-up in a real n8n 2.8.4: each `n8n start` is a new process that has seen no
// Telegram entity, so every channel gap must be reached from what static data kept; and a
// credential that now logs in as another account must not inherit the old account's position.
import { LoopbackTelegram } from '../telegram/loopback';
import { eventually as waitFor } from '../support/eventually';
import { N8nInstance } from './n8n-instance';
import { readExecutions, readStaticData } from './n8n-db';
import { byUsername, chainWorkflow, tglCredential, tglNode, tglTrigger } from './workflows';

jest.setTimeout(600_000);

const CRED = { id: 'tglCatchupCred01', name: 'Telegram (catch-up)' };
const WF = 'tglCatchupWf0001';
const TRIGGER = 'On message';

function eventually(check: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
	return waitFor(check, what, timeoutMs, 200);
}

interface SavedNode {
	accountId?: number;
	cursor: { pts: number; channels: Record<string, number> };
	channelHashes?: Record<string, string>;
}

describe('trigger catch-up in a real n8n', () => {
	let tg: LoopbackTelegram;
	let n8n: N8nInstance;
	let alice: { id: number };
	let bob: { id: number };
	let carol: { id: number };
	let dave: { id: number };
	let news: { id: number; accessHash: { toString(): string } };
	let quiet: { id: number; accessHash: { toString(): string } };

	/** What the workflow sent to Dave as `account`: one message per trigger item. */
	const logOf = (account: number) => tg.world.history(dave.id, { userId: account }).map((m) => m.text);
	const savedNode = async () => ((await readStaticData(n8n, WF)) ?? {})[`node:${TRIGGER}`] as SavedNode;

	async function startAs(userId: number): Promise<void> {
		const fromCall = tg.server.calls.length;
		await n8n.start();
		await eventually(
			() => tg.server.calls.slice(fromCall).some((c) => c.method === 'updates.GetState' && c.userId === userId),
			'the trigger to connect and ask updates.getState',
		);
	}

	beforeAll(async () => {
		tg = await LoopbackTelegram.start();
		// Few messages suffice to make the difference name the channel with updateChannelTooLong.
		tg.world.settings.channelTooLongAfter = 10;
		alice = tg.world.addUser({ firstName: 'Alice' });
		bob = tg.world.addUser({ firstName: 'Bob' });
		carol = tg.world.addUser({ firstName: 'Carol' });
		dave = tg.world.addUser({ firstName: 'Dave', username: 'dave_catchup' });
		news = tg.world.createChannel(carol.id, 'News', { megagroup: false, memberIds: [alice.id] });
		quiet = tg.world.createChannel(carol.id, 'Quiet', { megagroup: false, memberIds: [alice.id] });
		n8n = await N8nInstance.create({ env: { TGL_POOL_IDLE_SECONDS: '300' } });
		n8n.installPack();
		await n8n.importCredentials([tglCredential(CRED, await tg.credentialsFor(alice.id))]);
		await n8n.importWorkflow(
			chainWorkflow(WF, 'Log every event to Dave', [
				tglTrigger(TRIGGER, CRED, { events: ['on_msg_receive', 'on_get_difference_end'] }),
				tglNode('Reply', CRED, {
					resource: 'peer',
					operation: 'sendMsg',
					peer: byUsername('@dave_catchup'),
					text:
						"={{ $json.event === 'on_msg_receive' ? $json.msg.text : $json.event + ' ' + JSON.stringify({ updates_lost: $json.updates_lost, lost_channels: $json.lost_channels, account_changed: $json.account_changed }) }}",
				}),
			]),
		);
		await n8n.publishWorkflow(WF);
	});

	afterAll(async () => {
		try {
			await n8n?.dispose();
		} finally {
			await tg?.stop();
		}
	});

	it('after a restart every channel gap is fetched from the saved access hashes: each message handled once, in order per chat', async () => {
		await startAs(alice.id);
		tg.world.sendMessage(carol.id, { channelId: news.id }, 'news before');
		tg.world.sendMessage(carol.id, { channelId: quiet.id }, 'quiet before');
		tg.world.sendMessage(carol.id, { userId: alice.id }, 'private before');
		await eventually(() => ['news before', 'quiet before', 'private before'].every((t) => logOf(alice.id).includes(t)), 'the three messages logged');
		await n8n.stop();
		const first = await savedNode();
		expect(first.accountId).toBe(alice.id);
		expect(first.channelHashes).toEqual({ [news.id]: news.accessHash.toString(), [quiet.id]: quiet.accessHash.toString() });

		// While n8n is down: many to News (named by updateChannelTooLong), a few to Quiet (named by nothing).
		const sent: Record<string, string[]> = { news: [], quiet: [], private: [] };
		for (let n = 1; n <= 40; n++) {
			const kind = n % 4 === 0 ? 'private' : n % 10 === 5 ? 'quiet' : 'news';
			const text = `${kind} ${n}`;
			sent[kind].push(text);
			tg.world.sendMessage(carol.id, kind === 'news' ? { channelId: news.id } : kind === 'quiet' ? { channelId: quiet.id } : { userId: alice.id }, text);
		}
		const all = [...sent.news, ...sent.quiet, ...sent.private];
		const end = 'on_get_difference_end {}';
		await startAs(alice.id);
		await eventually(() => [...all, end].every((t) => logOf(alice.id).includes(t)), 'every missed message and the catch-up end logged');
		await n8n.stop();

		// The executions in the order n8n created them, i.e. the order of the trigger's emits.
		const runs = (await readExecutions(n8n, WF)).map((e) => e.replyText!);
		expect(runs.filter((t) => t === end)).toHaveLength(2);
		const caught = runs.slice(runs.indexOf(end) + 1, runs.lastIndexOf(end)).filter((t) => !t.endsWith(' before'));
		expect(caught).toHaveLength(all.length);
		expect(new Set(caught).size).toBe(all.length);
		for (const kind of ['news', 'quiet', 'private']) expect(caught.filter((t) => sent[kind].includes(t))).toEqual(sent[kind]);
		expect(runs[runs.length - 1]).toBe(end);
		expect(logOf(alice.id).filter((t) => all.includes(t))).toHaveLength(all.length);
		expect(n8n.outboundAttempts()).toEqual([]);
	});

	it("a credential that now logs in as another account starts at that account's live position and says account_changed", async () => {
		for (let n = 1; n <= 5; n++) tg.world.sendMessage(carol.id, { userId: bob.id }, `bob's history ${n}`);
		// The same credential (same id) now holds Bob's session.
		await n8n.importCredentials([tglCredential(CRED, await tg.credentialsFor(bob.id))]);
		const bobsPts = tg.world.stateOf(bob.id).pts;
		await startAs(bob.id);
		const end = `on_get_difference_end ${JSON.stringify({ account_changed: true })}`;
		await eventually(() => logOf(bob.id).includes(end), 'the catch-up end with account_changed');
		tg.world.sendMessage(carol.id, { userId: bob.id }, 'live to bob');
		await eventually(() => logOf(bob.id).includes('live to bob'), 'the live message logged');
		await n8n.stop();

		// Nothing of Bob's history (Alice's old position would have replayed it), in emit order.
		expect(logOf(bob.id).sort()).toEqual([end, 'live to bob'].sort());
		const runs = (await readExecutions(n8n, WF)).map((e) => e.replyText!);
		expect(runs.slice(-2)).toEqual([end, 'live to bob']);
		const node = await savedNode();
		expect(node.accountId).toBe(bob.id);
		expect(node.channelHashes).toEqual({});
		// Bob's live position, moved on by what came after (never Alice's, never behind Bob's start).
		expect(node.cursor.pts).toBeGreaterThanOrEqual(bobsPts);
		expect(node.cursor.pts).toBeLessThanOrEqual(tg.world.stateOf(bob.id).pts);
		expect(n8n.outboundAttempts()).toEqual([]);
	});
});
