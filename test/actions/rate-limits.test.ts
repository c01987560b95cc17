// Telegram's rate limits (420 FLOOD_WAIT_X) where the nodes call Telegram without an operation
// asking directly: the dialog crawl behind a peer looked up by id, a username lookup, and the
// peer locator's list.
// A wait up to the item's "Wait Out Rate Limits Up To" is waited out; a longer one is an item
// error that names the wait and the call.
import { Container } from '@n8n/di';
import { BinaryDataService } from 'n8n-core';
import { NodeApiError } from 'n8n-workflow';
import { randomBytes } from 'crypto';
import { listSearch } from '../harness/list-search';
import { byId, byUsername, chain, nodeTypes, TestEnv, tgl } from '../support/env';

describe('Rate limits', () => {
	let env: TestEnv;
	let alice: { id: number };
	let bob: { id: number };
	const fans: { id: number }[] = [];

	beforeAll(async () => {
		env = await TestEnv.start();
		alice = env.world.addUser({ firstName: 'Alice', username: 'alice_rl' });
		bob = env.world.addUser({ firstName: 'Bob', username: 'bob_rl' });
		// 150 dialogs: the crawl and the list need two pages of 100.
		for (let n = 0; n < 150; n++) {
			const fan = env.world.addUser({ firstName: `Fan${n}` });
			env.world.sendMessage(fan.id, { userId: alice.id }, `fan mail ${n}`);
			fans.push(fan);
		}
		env.world.sendMessage(bob.id, { userId: alice.id }, 'hi');
	});

	beforeEach(() => {
		env.tg.limiter.reset();
		env.server.resetStats();
		env.world.settings.rateLimits = {};
	});

	afterAll(async () => {
		await env.stop();
	});

	const peerList = async (filter?: string, paginationToken?: string) =>
		listSearch(chain([{}], tgl('Info', 'peer', 'info', { peer: byId('me') })), 'searchPeers', {
			nodeTypes,
			credentials: await env.credentials(alice.id),
			nodeName: 'Info',
			parameter: 'peer',
			filter,
			paginationToken,
		});

	it('waits out a FLOOD_WAIT of the dialog crawl that is under the threshold', async () => {
		// One messages.getDialogs per 5 s: the crawl's second page must wait.
		env.world.settings.rateLimits = { 'messages.GetDialogs': { calls: 1, windowSeconds: 5 } };
		const oldest = fans[0];
		const run = await env.run(chain([{}], tgl('Info', 'peer', 'info', { peer: byId(oldest.id) })), alice.id);
		expect(run.error).toBeUndefined();
		expect(run.output('Info')[0].json).toMatchObject({ id: oldest.id, first_name: 'Fan0' });
		const floods = env.server.floodsOf('messages.GetDialogs');
		expect(floods.length).toBeGreaterThanOrEqual(1);
		for (const flood of floods) expect(flood).toMatch(/^FLOOD_WAIT_[1-5]$/);
	});

	it('waits out a FLOOD_WAIT of a username lookup that is under the threshold', async () => {
		// One contacts.resolveUsername per 3 s: the second item's lookup must wait.
		env.world.settings.rateLimits = { 'contacts.ResolveUsername': { calls: 1, windowSeconds: 3 } };
		env.world.addUser({ firstName: 'Carol', username: 'carol_rl' });
		env.world.addUser({ firstName: 'Dave', username: 'dave_rl' });
		const run = await env.run(chain([{ u: 'carol_rl' }, { u: 'dave_rl' }], tgl('Info', 'peer', 'info', { peer: byUsername('={{ $json.u }}') })), alice.id);
		expect(run.error).toBeUndefined();
		expect(run.output('Info').map((item) => item.json.first_name)).toEqual(['Carol', 'Dave']);
		const floods = env.server.floodsOf('contacts.ResolveUsername');
		expect(floods.length).toBeGreaterThanOrEqual(1);
		for (const flood of floods) expect(flood).toMatch(/^FLOOD_WAIT_[1-3]$/);
	});

	it('fails the item with FLOOD_WAIT_X, its seconds and the call when the wait is over the threshold', async () => {
		env.world.settings.rateLimits = { 'messages.GetDialogs': { calls: 1, windowSeconds: 600 } };
		const stranger = env.world.addUser({ firstName: 'Stranger' });
		const run = await env.run(
			chain(
				[{}],
				tgl('Info', 'peer', 'info', { peer: byId(stranger.id), requestSettings: { floodWaitMaxSeconds: 5 } }, { onError: 'continueRegularOutput' }),
			),
			alice.id,
		);
		expect(run.error).toBeUndefined();
		const [item] = run.output('Info');
		expect(item.json.error).toMatch(/^FLOOD_WAIT_(59\d|600): Telegram asks to wait (59\d|600) seconds before this call \(rate limit\)$/);
		expect(item.json.description).toMatch(/^Item 0: Telegram answered 420 FLOOD_WAIT_(59\d|600) to messages\.GetDialogs$/);
		expect(env.server.floodsOf('messages.GetDialogs')).toHaveLength(1);
	});

	it('lists dialogs one page at a time, the next page behind a paginationToken', async () => {
		const first = await peerList();
		expect(first.results).toHaveLength(100);
		expect(first.paginationToken).toEqual(expect.any(String));
		const second = await peerList(undefined, first.paginationToken as string);
		expect(second.paginationToken).toBeUndefined();
		const expected = env.world.dialogsOf(alice.id).map((d) => String('userId' in d.peer ? d.peer.userId : 0));
		expect([...first.results, ...second.results].map((r) => r.value)).toEqual(expected);
		expect(first.results[0]).toEqual({ name: 'Bob (@bob_rl)', value: String(bob.id), url: 'https://t.me/bob_rl' });
	});

	it('searches with Telegram when the list is filtered', async () => {
		const before = env.server.callCount('messages.GetDialogs');
		const found = await peerList('@bob_r');
		expect(found.results.map((r) => r.value)).toEqual([String(bob.id)]);
		expect(found.paginationToken).toBeUndefined();
		expect(env.server.callCount('contacts.Search')).toBe(1);
		expect(env.server.callCount('messages.GetDialogs')).toBe(before);
	});

	it('answers a rate limit over its few seconds with the mapped Telegram error', async () => {
		env.world.settings.rateLimits = { 'messages.GetDialogs': { calls: 1, windowSeconds: 600 } };
		await peerList();
		const error = await peerList().then(
			() => undefined,
			(e: unknown) => e,
		);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).message).toMatch(/^FLOOD_WAIT_(59\d|600): Telegram asks to wait/);
		expect((error as NodeApiError).description).toMatch(/^Listing peers: Telegram answered 420 FLOOD_WAIT_(59\d|600) to messages\.GetDialogs$/);
	});

	/** Bob sends Alice a document of `size` random bytes: its id in Alice's box, and the bytes. */
	function bobSendsDocument(size: number) {
		const bytes = randomBytes(size);
		const sent = env.world.sendMedia(bob.id, { userId: alice.id }, { document: bytes, mimeType: 'application/pdf', fileName: 'big.pdf' });
		return { id: sent.boxes[alice.id], bytes };
	}

	it('waits out a FLOOD_PREMIUM_WAIT between the parts of a download', async () => {
		// Two parts of 512 KiB; the second must wait for the window (the download speed limit).
		env.world.settings.rateLimits = { 'upload.GetFile': { calls: 1, windowSeconds: 3, premium: true } };
		const { id, bytes } = bobSendsDocument(700_000);
		const run = await env.run(chain([{}], tgl('Load', 'msg', 'loadDocument', { message: String(id) })), alice.id);
		expect(run.error).toBeUndefined();
		const [item] = run.output('Load');
		expect(await Container.get(BinaryDataService).getAsBuffer(item.binary!.data)).toEqual(bytes);
		expect(env.server.floodsOf('upload.GetFile').length).toBeGreaterThanOrEqual(1);
		for (const flood of env.server.floodsOf('upload.GetFile')) expect(flood).toMatch(/^FLOOD_PREMIUM_WAIT_[1-3]$/);
	});

	it('fails a download whose rate limit is over the threshold, naming upload.getFile', async () => {
		env.world.settings.rateLimits = { 'upload.GetFile': { calls: 1, windowSeconds: 600 } };
		const { id } = bobSendsDocument(700_000);
		const run = await env.run(
			chain(
				[{}],
				tgl('Load', 'msg', 'loadDocument', { message: String(id), requestSettings: { floodWaitMaxSeconds: 5 } }, { onError: 'continueRegularOutput' }),
			),
			alice.id,
		);
		const [item] = run.output('Load');
		expect(item.json.error).toMatch(/^FLOOD_WAIT_(59\d|600): Telegram asks to wait/);
		expect(item.json.description).toMatch(/^Item 0: Telegram answered 420 FLOOD_WAIT_(59\d|600) to upload\.GetFile$/);
	});
});
