// Peer → Forward Message / Forward Media: the source message is an id with its chat, or a Msg
// object from an earlier node; checked in the items and in the recipients' boxes on the server.
import { randomBytes } from 'crypto';
import { byId, byUsername, chain, TestEnv, tgl } from '../support/env';

describe('Peer: forward messages and media', () => {
	let env: TestEnv;
	let alice: { id: number };
	let bob: { id: number };
	let carol: { id: number };

	beforeAll(async () => {
		env = await TestEnv.start();
		alice = env.world.addUser({ firstName: 'Alice', username: 'alice_f' });
		bob = env.world.addUser({ firstName: 'Bob', username: 'bob_f' });
		carol = env.world.addUser({ firstName: 'Carol', lastName: 'King', username: 'carol_f' });
		env.world.sendMessage(bob.id, { userId: alice.id }, 'hello Alice');
	});

	afterAll(async () => {
		await env.stop();
	});

	const lastAt = (viewer: number, peer: Parameters<TestEnv['world']['history']>[1]) => env.world.history(viewer, peer)[0];

	describe('Forward Message', () => {
		it("forwards a Msg object from an earlier node; the item has fwd_src and fwd_date, Bob's copy the header", async () => {
			const sent = env.world.sendMessage(carol.id, { userId: alice.id }, 'the plan');
			const run = await env.run(
				chain(
					[{}],
					tgl('History', 'peer', 'getHistory', { peer: byUsername('carol_f'), offset: 0, limit: 1 }),
					tgl('Forward', 'peer', 'fwdMsg', { peer: byUsername('bob_f'), message: '={{ $json }}' }),
				),
				alice.id,
			);
			expect(run.error).toBeUndefined();
			const [item] = run.output('Forward');
			expect(item.json).toMatchObject({
				out: true,
				text: 'the plan',
				src: { id: alice.id },
				dest: { id: bob.id },
				fwd_src: { id: carol.id, type_name: 'user', name: 'Carol_King' },
			});
			expect(item.json.fwd_date).toBe(new Date(sent.date * 1000).toISOString());
			const atBob = lastAt(bob.id, { userId: alice.id });
			expect(atBob).toMatchObject({ text: 'the plan', out: false, fwd: { from: { userId: carol.id }, date: sent.date } });
		});

		it('forwards by id with From Chat, from a basic group and from a supergroup', async () => {
			const group = env.world.createGroup(carol.id, 'Book Club', [alice.id]);
			const inGroup = env.world.sendMessage(carol.id, { chatId: group.id }, 'chapter 3 tonight');
			const channel = env.world.createChannel(carol.id, 'Big Room', { megagroup: true, memberIds: [alice.id] });
			const inChannel = env.world.sendMessage(carol.id, { channelId: channel.id }, 'welcome all');
			const run = await env.run(
				chain(
					[
						{ id: inGroup.boxes[alice.id], from: `-${group.id}` },
						{ id: inChannel.id, from: `-100${channel.id}` },
					],
					tgl('Forward', 'peer', 'fwdMsg', { peer: byId(bob.id), message: '={{ $json.id }}', fromPeer: byId('={{ $json.from }}') }),
				),
				alice.id,
			);
			expect(run.error).toBeUndefined();
			const out = run.output('Forward');
			expect(out.map((o) => [o.json.text, (o.json.fwd_src as { id: number }).id, o.pairedItem])).toEqual([
				['chapter 3 tonight', carol.id, { item: 0 }],
				['welcome all', carol.id, { item: 1 }],
			]);
			const [second, first] = env.world.history(bob.id, { userId: alice.id });
			expect(first).toMatchObject({ text: 'chapter 3 tonight', fwd: { from: { userId: carol.id } } });
			expect(second).toMatchObject({ text: 'welcome all', fwd: { from: { userId: carol.id } } });
		});

		it('forwards into a supergroup', async () => {
			const channel = env.world.createChannel(alice.id, 'Relay', { megagroup: true, memberIds: [bob.id] });
			const sent = env.world.sendMessage(bob.id, { userId: alice.id }, 'pass it on');
			const run = await env.run(
				chain([{}], tgl('Forward', 'peer', 'fwdMsg', { peer: byId(`-100${channel.id}`), message: String(sent.boxes[alice.id]), fromPeer: byId(bob.id) })),
				alice.id,
			);
			expect(run.error).toBeUndefined();
			expect(run.output('Forward')[0].json).toMatchObject({ text: 'pass it on', dest: { id: channel.id, type: 5 }, fwd_src: { id: bob.id } });
			expect(lastAt(bob.id, { channelId: channel.id })).toMatchObject({ text: 'pass it on', fromId: alice.id, fwd: { from: { userId: bob.id } } });
		});

		it('needs From Chat for a bare id, and says so; a missing id is MESSAGE_ID_INVALID; the other items still go', async () => {
			const ok = env.world.sendMessage(carol.id, { userId: alice.id }, 'fine');
			const before = env.world.history(bob.id, { userId: alice.id }).length;
			const run = await env.run(
				chain(
					[
						{ id: 7, from: '' },
						{ id: 999_999, from: '@carol_f' },
						{ id: ok.boxes[alice.id], from: '@carol_f' },
					],
					tgl(
						'Forward',
						'peer',
						'fwdMsg',
						{ peer: byId(bob.id), message: '={{ $json.id }}', fromPeer: byUsername('={{ $json.from }}') },
						{ onError: 'continueRegularOutput' },
					),
				),
				alice.id,
			);
			expect(run.error).toBeUndefined();
			const out = run.output('Forward');
			expect(out).toHaveLength(3);
			expect(out[0].json.error).toMatch(/Message 7 is given by ID only: set "From Chat"/);
			expect(out[1].json.error).toMatch(/MESSAGE_ID_INVALID/);
			expect(out[1].pairedItem).toEqual({ item: 1 });
			expect(out[2].json).toMatchObject({ text: 'fine', fwd_src: { id: carol.id } });
			expect(env.world.history(bob.id, { userId: alice.id }).length).toBe(before + 1);
		});

		it('stops the workflow on a missing id without Continue On Fail, naming the item', async () => {
			const run = await env.run(
				chain([{}], tgl('Forward', 'peer', 'fwdMsg', { peer: byId(bob.id), message: '424242', fromPeer: byId(carol.id) })),
				alice.id,
			);
			expect(run.error?.message).toMatch(/MESSAGE_ID_INVALID: No message with this id exists in this chat/);
			expect(run.error?.itemIndex).toBe(0);
		});
	});

	describe('Forward Media', () => {
		it('re-sends a photo by reference, with its caption and without a forward header', async () => {
			const bytes = randomBytes(5000);
			const sent = env.world.sendMedia(carol.id, { userId: alice.id }, { photo: bytes }, 'sunset');
			const original = lastAt(alice.id, { userId: carol.id });
			const uploadsBefore = env.world.db.files.photos.size;
			const run = await env.run(
				chain([{}], tgl('Media', 'peer', 'fwdMedia', { peer: byUsername('bob_f'), message: String(sent.boxes[alice.id]), fromPeer: byUsername('carol_f') })),
				alice.id,
			);
			expect(run.error).toBeUndefined();
			const [item] = run.output('Media');
			expect(item.json).toMatchObject({ out: true, text: 'sunset', media: { type: 'photo', caption: 'sunset' }, fwd_src: null, fwd_date: null, dest: { id: bob.id } });
			const atBob = lastAt(bob.id, { userId: alice.id });
			expect(atBob.fwd).toBeUndefined();
			expect(atBob.media).toEqual(original.media); // the same photo, not a new upload
			expect(env.world.db.files.photos.size).toBe(uploadsBefore);
			expect(env.world.fileBytes(atBob)!.equals(bytes)).toBe(true);
		});

		it('re-sends a document from a channel post (a Msg object), dropping the caption when asked', async () => {
			const channel = env.world.createChannel(carol.id, 'News', { megagroup: false, username: 'news_f', memberIds: [alice.id] });
			const bytes = randomBytes(3000);
			env.world.sendMedia(carol.id, { channelId: channel.id }, { document: bytes, mimeType: 'application/pdf', fileName: 'report.pdf' }, 'Q3 report');
			const run = await env.run(
				chain(
					[{}],
					tgl('History', 'peer', 'getHistory', { peer: byUsername('@news_f'), offset: 0, limit: 1 }),
					tgl('Media', 'peer', 'fwdMedia', { peer: byId(bob.id), message: '={{ $json }}', options: { keepCaption: false } }),
				),
				alice.id,
			);
			expect(run.error).toBeUndefined();
			expect(run.output('Media')[0].json).toMatchObject({
				text: null,
				fwd_src: null,
				media: { type: 'document', file_name: 'report.pdf', mime_type: 'application/pdf', size: 3000 },
			});
			const atBob = lastAt(bob.id, { userId: alice.id });
			expect(atBob.text).toBe('');
			expect(env.world.fileBytes(atBob)!.equals(bytes)).toBe(true);
		});

		it('re-sends a location', async () => {
			const run = await env.run(
				chain(
					[{}],
					tgl('Loc', 'peer', 'sendLocation', { peer: byId(carol.id), latitude: 48.8584, longitude: 2.2945 }),
					tgl('Media', 'peer', 'fwdMedia', { peer: byId(bob.id), message: '={{ $json }}' }),
				),
				alice.id,
			);
			expect(run.error).toBeUndefined();
			expect(run.output('Media')[0].json.media).toEqual({ type: 'geo', latitude: 48.8584, longitude: 2.2945 });
			expect(lastAt(bob.id, { userId: alice.id }).media).toEqual({ kind: 'geo', lat: 48.8584, long: 2.2945 });
		});

		it('refuses a poll, naming it', async () => {
			const poll = await env.run(
				chain([{}], tgl('Poll', 'peer', 'sendPoll', { peer: byId(bob.id), question: 'Tea?', answers: { answer: [{ text: 'Yes' }, { text: 'No' }] } })),
				alice.id,
			);
			expect(poll.error).toBeUndefined();
			const id = poll.output('Poll')[0].json.id as number;
			const run = await env.run(
				chain([{}], tgl('Media', 'peer', 'fwdMedia', { peer: byUsername('carol_f'), message: String(id), fromPeer: byId(bob.id) }, { onError: 'continueRegularOutput' })),
				alice.id,
			);
			expect(run.output('Media')[0].json.error).toBe(`Message ${id} has a poll, which cannot be re-sent`);
		});

		it('refuses a text-only message, a message of another chat and a missing one, naming what it found', async () => {
			const text = env.world.sendMessage(carol.id, { userId: alice.id }, 'just words');
			const before = env.world.history(bob.id, { userId: alice.id }).length;
			const run = await env.run(
				chain(
					[
						{ id: text.boxes[alice.id], from: '@carol_f' },
						{ id: text.boxes[alice.id], from: '@bob_f' },
						{ id: 888_888, from: '@carol_f' },
					],
					tgl(
						'Media',
						'peer',
						'fwdMedia',
						{ peer: byId(bob.id), message: '={{ $json.id }}', fromPeer: byUsername('={{ $json.from }}') },
						{ onError: 'continueRegularOutput' },
					),
				),
				alice.id,
			);
			expect(run.error).toBeUndefined();
			const out = run.output('Media');
			expect(out[0].json.error).toBe(`Message ${text.boxes[alice.id]} is a text-only message: it has no media to re-send`);
			expect(out[1].json.error).toMatch(/was not found in the source chat/);
			expect(out[2].json.error).toMatch(/Message 888888 was not found/);
			expect(env.world.history(bob.id, { userId: alice.id }).length).toBe(before);
		});
	});
});
