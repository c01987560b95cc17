// Beyond tgl, Peer: Send Poll, Send Album, and the Schedule At / Silent options of every send,
// over MTProto through n8n-core; the loopback's state says what Telegram holds.
import type { IBinaryData, IDataObject } from 'n8n-workflow';
import { randomBytes } from 'crypto';
import { byId, chain, TestEnv, tgl, type Workflow } from '../support/env';
import { eventually } from '../support/eventually';
import { png } from '../support/media-bytes';
import { scheduledIn } from '../telegram/world/scheduled';
import type { MessageRecord } from '../telegram/world/records';

function binary(bytes: Buffer, fileName: string, mimeType: string): IBinaryData {
	return { data: bytes.toString('base64'), fileName, mimeType, fileSize: String(bytes.length) };
}

function withBinary(workflow: Workflow, binaries: Array<Record<string, IBinaryData>>): Workflow {
	return { ...workflow, pinData: { Start: binaries.map((b) => ({ json: {} as IDataObject, binary: b })) } } as Workflow;
}

const answers = (...texts: string[]) => ({ answer: texts.map((text) => ({ text })) });
const inADay = () => new Date(Date.now() + 86400_000).toISOString();

describe('Peer beyond tgl: polls, albums, scheduled and silent sends', () => {
	let env: TestEnv;
	let alice: { id: number };
	let bob: { id: number };
	let channelId: number;

	beforeAll(async () => {
		env = await TestEnv.start();
		alice = env.world.addUser({ firstName: 'Alice', username: 'alice_pb', phone: '15552001' });
		bob = env.world.addUser({ firstName: 'Bob', username: 'bob_pb', phone: '15552002' });
		env.world.sendMessage(bob.id, { userId: alice.id }, 'hi');
		channelId = env.world.createChannel(alice.id, 'News', { megagroup: false, memberIds: [bob.id] }).id;
	});

	afterAll(async () => {
		await env.stop();
	});

	const lastAt = (viewer: number, other: number): MessageRecord => env.world.history(viewer, { userId: other })[0];

	/** Each node in a workflow of its own, fed one item with two photos (binary fields a and b). */
	async function runEach(nodes: ReturnType<typeof tgl>[]): Promise<Record<string, Array<{ json: IDataObject }>>> {
		const out: Record<string, Array<{ json: IDataObject }>> = {};
		for (const n of nodes) {
			const run = await env.run(withBinary(chain([], n), [{ a: binary(png(8, 8), 'a.png', 'image/png'), b: binary(png(9, 9), 'b.png', 'image/png') }]), alice.id);
			expect(run.error).toBeUndefined();
			out[n.name] = run.output(n.name);
		}
		return out;
	}

	describe('Send Poll', () => {
		it('sends a poll with multiple answers, not anonymous; out the Msg with its poll, Bob holds the same poll', async () => {
			const run = await env.run(
				chain(
					[{}],
					tgl('Poll', 'peer', 'sendPoll', {
						peer: byId(bob.id),
						question: 'Lunch?',
						answers: answers('Pizza', 'Soup', 'Salad'),
						options: { multipleChoice: true, anonymous: false },
					}),
				),
				alice.id,
			);
			expect(run.error).toBeUndefined();
			const [item] = run.output('Poll');
			expect(item.json).toMatchObject({
				out: true,
				text: null,
				media: {
					type: 'poll',
					question: 'Lunch?',
					answers: [{ text: 'Pizza' }, { text: 'Soup' }, { text: 'Salad' }],
					quiz: false,
					multiple_choice: true,
					public_voters: true,
				},
			});
			const atBob = lastAt(bob.id, alice.id);
			expect(atBob.media).toMatchObject({ kind: 'poll', poll: { question: 'Lunch?', multipleChoice: true, publicVoters: true, quiz: false } });
			expect((atBob.media as { poll: { answers: Array<{ text: string }> } }).poll.answers.map((a) => a.text)).toEqual(['Pizza', 'Soup', 'Salad']);
		});

		it('sends a quiz with its correct answer and explanation; anonymous by default', async () => {
			const run = await env.run(
				chain(
					[{}],
					tgl('Quiz', 'peer', 'sendPoll', {
						peer: byId(bob.id),
						pollType: 'quiz',
						question: '2 + 2?',
						answers: answers('3', '4', '5'),
						correctAnswer: 2,
						options: { solution: 'Count on your fingers' },
					}),
				),
				alice.id,
			);
			expect(run.error).toBeUndefined();
			expect(run.output('Quiz')[0].json.media).toMatchObject({ type: 'poll', quiz: true, public_voters: false, multiple_choice: false });
			const poll = (lastAt(bob.id, alice.id).media as { kind: 'poll'; poll: { quiz: boolean; correct: Buffer[]; answers: Array<{ option: Buffer }>; solution?: string } }).poll;
			expect(poll.quiz).toBe(true);
			expect(poll.correct).toHaveLength(1);
			expect(poll.correct[0].equals(poll.answers[1].option)).toBe(true);
			expect(poll.solution).toBe('Count on your fingers');
		});

		it('a poll with one answer, or a quiz with multiple answers, is an item error; the other items still go', async () => {
			const before = env.world.history(bob.id, { userId: alice.id }).length;
			const run = await env.run(
				chain(
					[{ n: 1 }, { n: 2 }, { n: 3 }],
					tgl(
						'Poll',
						'peer',
						'sendPoll',
						{
							peer: byId(bob.id),
							pollType: '={{ $json.n === 3 ? "quiz" : "regular" }}',
							question: 'Which?',
							answers: { answer: [{ text: 'Only' }, { text: '={{ $json.n === 1 ? "" : "Other" }}' }] },
							options: { multipleChoice: '={{ $json.n === 3 }}' },
						},
						{ onError: 'continueRegularOutput' },
					),
				),
				alice.id,
			);
			expect(run.error).toBeUndefined();
			const out = run.output('Poll');
			expect(out).toHaveLength(3);
			expect(out[0].json.error).toMatch(/answer 2 is empty/);
			expect(out[1].json.media).toMatchObject({ type: 'poll', question: 'Which?' });
			expect(out[2].json.error).toMatch(/A quiz has one correct answer/);
			expect(env.world.history(bob.id, { userId: alice.id }).length).toBe(before + 1);
		});

		it('a poll given a single answer fails its item, saying how many it needs', async () => {
			const run = await env.run(
				chain([{}], tgl('Poll', 'peer', 'sendPoll', { peer: byId(bob.id), question: 'Alone?', answers: answers('Yes') }, { onError: 'continueRegularOutput' })),
				alice.id,
			);
			expect(run.output('Poll')[0].json.error).toMatch(/A poll needs 2 to 10 answers; this one has 1/);
		});
	});

	describe('Send Album', () => {
		it('sends photos and a video as one album: one item per Msg, one grouped_id, Bob gets the bytes', async () => {
			const a = png(64, 48);
			const b = png(32, 32);
			const clip = randomBytes(600 * 1024);
			const before = env.world.history(bob.id, { userId: alice.id }).length;
			const run = await env.run(
				withBinary(chain([], tgl('Album', 'peer', 'sendAlbum', { peer: byId(bob.id), options: { caption: 'Holiday' } })), [
					{ first: binary(a, 'a.png', 'image/png'), second: binary(b, 'b.png', 'image/png'), clip: binary(clip, 'clip.mp4', 'video/mp4') },
				]),
				alice.id,
			);
			expect(run.error).toBeUndefined();
			const out = run.output('Album');
			expect(out).toHaveLength(3);
			expect(out.map((o) => (o.json.media as IDataObject).type)).toEqual(['photo', 'photo', 'video']);
			expect(out[0].json.text).toBe('Holiday');
			const groups = new Set(out.map((o) => o.json.grouped_id));
			expect(groups.size).toBe(1);
			expect([...groups][0]).toEqual(expect.stringMatching(/^\d+$/));
			const atBob = env.world.history(bob.id, { userId: alice.id }).slice(0, 3).reverse();
			expect(env.world.history(bob.id, { userId: alice.id }).length).toBe(before + 3);
			expect(new Set(atBob.map((m) => m.groupedId)).size).toBe(1);
			expect(atBob[0].groupedId).toBeDefined();
			expect(env.world.fileBytes(atBob[0])!.equals(a)).toBe(true);
			expect(env.world.fileBytes(atBob[1])!.equals(b)).toBe(true);
			expect(env.world.fileBytes(atBob[2])!.equals(clip)).toBe(true);
		});

		it('takes the binary fields named, in that order', async () => {
			const run = await env.run(
				withBinary(chain([], tgl('Album', 'peer', 'sendAlbum', { peer: byId(bob.id), binaryPropertyNames: 'y, x' })), [
					{ x: binary(png(10, 10), 'x.png', 'image/png'), y: binary(png(20, 20), 'y.png', 'image/png'), z: binary(png(30, 30), 'z.png', 'image/png') },
				]),
				alice.id,
			);
			expect(run.error).toBeUndefined();
			expect(run.output('Album').map((o) => (o.json.media as IDataObject).width)).toEqual([20, 10]);
		});

		it('one file, eleven files, or a file that is neither photo nor video is an item error; nothing is sent', async () => {
			const before = env.world.history(bob.id, { userId: alice.id }).length;
			const eleven = Object.fromEntries(Array.from({ length: 11 }, (_, n) => [`p${n}`, binary(png(8, 8), `p${n}.png`, 'image/png')]));
			const run = await env.run(
				withBinary(chain([], tgl('Album', 'peer', 'sendAlbum', { peer: byId(bob.id) }, { onError: 'continueRegularOutput' })), [
					{ only: binary(png(8, 8), 'only.png', 'image/png') },
					eleven,
					{ p: binary(png(8, 8), 'p.png', 'image/png'), doc: binary(Buffer.from('%PDF-1.4'), 'doc.pdf', 'application/pdf') },
				]),
				alice.id,
			);
			expect(run.error).toBeUndefined();
			const out = run.output('Album');
			expect(out[0].json.error).toMatch(/An album holds 2 to 10 photos or videos; this item gives 1/);
			expect(out[1].json.error).toMatch(/this item gives 11/);
			expect(out[2].json.error).toMatch(/"doc.pdf".*neither a photo nor a video/);
			expect(env.world.history(bob.id, { userId: alice.id }).length).toBe(before);
		});
	});

	describe('Schedule At and Silent', () => {
		it('a scheduled text waits in the scheduled list, not in the chat; the item says scheduled', async () => {
			const before = env.world.history(bob.id, { userId: alice.id }).length;
			const at = inADay();
			const run = await env.run(chain([{}], tgl('Send', 'peer', 'sendMsg', { peer: byId(bob.id), text: 'Later', options: { scheduleAt: at } })), alice.id);
			expect(run.error).toBeUndefined();
			const [item] = run.output('Send');
			expect(item.json).toMatchObject({ scheduled: true, text: 'Later', out: true });
			expect(Date.parse(item.json.date as string)).toBe(Math.floor(Date.parse(at) / 1000) * 1000);
			expect(env.world.history(bob.id, { userId: alice.id }).length).toBe(before);
			const list = scheduledIn(env.world, alice.id, { userId: bob.id });
			expect(list.map((s) => s.record.text)).toContain('Later');
			expect(list.find((s) => s.record.text === 'Later')!.record.id).toBe(item.json.id);
		});

		it('every kind of send can be scheduled: poll, album, location, photo, forward, into a channel too', async () => {
			const options = { scheduleAt: inADay() };
			const sent = env.world.sendMessage(bob.id, { userId: alice.id }, 'to forward');
			const out = await runEach([
				tgl('Poll', 'peer', 'sendPoll', { peer: byId(bob.id), question: 'Later?', answers: answers('a', 'b'), options }),
				tgl('Album', 'peer', 'sendAlbum', { peer: byId(bob.id), options }),
				tgl('Loc', 'peer', 'sendLocation', { peer: byId(bob.id), latitude: 1, longitude: 2, options }),
				tgl('Photo', 'peer', 'sendPhoto', { peer: byId(bob.id), binaryPropertyName: 'a', options }),
				tgl('Fwd', 'peer', 'fwdMsg', { peer: byId(bob.id), message: sent.boxes[alice.id], fromPeer: byId(bob.id), options }),
				tgl('Post', 'peer', 'sendMsg', { peer: byId(-1000000000000 - channelId), text: 'Channel later', options }),
			]);
			for (const name of ['Poll', 'Loc', 'Photo', 'Fwd', 'Post']) expect(out[name][0].json.scheduled).toBe(true);
			expect(out.Album.map((o) => o.json.scheduled)).toEqual([true, true]);
			const kinds = scheduledIn(env.world, alice.id, { userId: bob.id }).map((s) => s.record.media?.kind ?? (s.record.fwd ? 'fwd' : 'text'));
			expect(kinds).toEqual(expect.arrayContaining(['poll', 'photo', 'photo', 'geo', 'fwd']));
			expect(scheduledIn(env.world, alice.id, { channelId }).map((s) => s.record.text)).toEqual(['Channel later']);
			expect(env.world.channel(channelId)!.messages.some((m) => m.text === 'Channel later')).toBe(false);
		});

		it('a scheduled message is sent at its date and leaves the scheduled list', async () => {
			const at = new Date(Date.now() + 10_000).toISOString(); // far enough ahead for a loaded box to send it first
			const run = await env.run(chain([{}], tgl('Send', 'peer', 'sendMsg', { peer: byId(bob.id), text: 'Soon', options: { scheduleAt: at } })), alice.id);
			expect(run.error).toBeUndefined();
			expect(run.output('Send')[0].json.scheduled).toBe(true);
			await eventually(() => lastAt(bob.id, alice.id).text === 'Soon', 'the scheduled message to reach Bob', 30_000, 100);
			expect(scheduledIn(env.world, alice.id, { userId: bob.id }).some((s) => s.record.text === 'Soon')).toBe(false);
		});

		it('a date in the past or more than a year ahead is an item error', async () => {
			const run = await env.run(
				chain(
					[{ at: '2020-01-01T00:00:00Z' }, { at: new Date(Date.now() + 400 * 86400_000).toISOString() }],
					tgl('Send', 'peer', 'sendMsg', { peer: byId(bob.id), text: 'x', options: { scheduleAt: '={{ $json.at }}' } }, { onError: 'continueRegularOutput' }),
				),
				alice.id,
			);
			const out = run.output('Send');
			expect(out[0].json.error).toMatch(/is not in the future/);
			expect(out[1].json.error).toMatch(/more than 365 days ahead/);
		});

		it('silent sends reach the recipient marked silent: text, media, poll, album, forward', async () => {
			const silent = { silent: true };
			const sent = env.world.sendMessage(bob.id, { userId: alice.id }, 'fwd me');
			const out = await runEach([
				tgl('Text', 'peer', 'sendMsg', { peer: byId(bob.id), text: 'shh', options: silent }),
				tgl('Photo', 'peer', 'sendPhoto', { peer: byId(bob.id), binaryPropertyName: 'a', options: silent }),
				tgl('Poll', 'peer', 'sendPoll', { peer: byId(bob.id), question: 'Quiet?', answers: answers('y', 'n'), options: silent }),
				tgl('Album', 'peer', 'sendAlbum', { peer: byId(bob.id), options: silent }),
				tgl('Fwd', 'peer', 'fwdMsg', { peer: byId(bob.id), message: sent.boxes[alice.id], fromPeer: byId(bob.id), options: silent }),
			]);
			const ids = Object.values(out).flatMap((items) => items.map((o) => o.json.id as number));
			expect(ids).toHaveLength(6);
			// The same messages in Bob's box: found through the copies of Alice's.
			const atBob = ids.map((id) => env.world.account(alice.id)!.messages.get(id)!.copies!.find((c) => c.ownerId === bob.id)!);
			expect(atBob.every((m) => m.silent === true)).toBe(true);
			expect(env.world.account(bob.id)!.messages.get(sent.boxes[bob.id])!.silent).toBeFalsy();
		});
	});
});
