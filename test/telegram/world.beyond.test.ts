// The loopback's polls, albums and scheduled messages answer as Telegram does (errors, limits).
import { Api } from 'telegram';
import bigInt from 'big-integer';
import { randomBytes } from 'crypto';
import { createHandlers } from './handlers';
import { fakeContext, invoke } from './world/fakes';
import { aliceAndBob, inputPeer, rejects } from './world/alice-and-bob';
import { scheduledIn } from './world/scheduled';
import { png } from '../support/media-bytes';

const setup = aliceAndBob;
const rid = () => bigInt(randomBytes(6).readUIntLE(0, 6));
const text = (t: string) => new Api.TextWithEntities({ text: t, entities: [] });

function poll(answers: string[], flags: { quiz?: boolean; multipleChoice?: boolean } = {}, correct?: number[], question = 'Q?') {
	return new Api.InputMediaPoll({
		poll: new Api.Poll({ id: bigInt(0), question: text(question), answers: answers.map((a, i) => new Api.PollAnswer({ text: text(a), option: Buffer.from([i]) })), ...flags }),
		correctAnswers: correct?.map((i) => Buffer.from([i])),
	});
}

async function uploadedPhoto(handlers: ReturnType<typeof createHandlers>, ctx: ReturnType<typeof fakeContext>, peer: Api.TypeInputPeer) {
	const bytes = png(16, 16);
	const fileId = rid();
	await invoke(handlers, ctx, new Api.upload.SaveFilePart({ fileId, filePart: 0, bytes }));
	const file = new Api.InputFile({ id: fileId, parts: 1, name: 'p.png', md5Checksum: '' });
	const stored = await invoke<Api.MessageMediaPhoto>(handlers, ctx, new Api.messages.UploadMedia({ peer, media: new Api.InputMediaUploadedPhoto({ file }) }));
	const photo = stored.photo as Api.Photo;
	return {
		file,
		stored: new Api.InputMediaPhoto({ id: new Api.InputPhoto({ id: photo.id, accessHash: photo.accessHash, fileReference: photo.fileReference }) }),
	};
}

describe('polls (inputMediaPoll)', () => {
	it('refuses fewer than 2 or more than 10 answers, an empty question, quiz mistakes', async () => {
		const { handlers, bob, ctx } = setup();
		const send = (media: Api.TypeInputMedia) => invoke(handlers, ctx, new Api.messages.SendMedia({ peer: inputPeer(bob), media, message: '', randomId: rid() }));
		await rejects(send(poll(['one'])), 'POLL_ANSWERS_INVALID');
		await rejects(send(poll(Array.from({ length: 11 }, (_, i) => `a${i}`))), 'POLL_ANSWERS_INVALID');
		await rejects(send(poll(['a', 'b'], {}, undefined, ' ')), 'POLL_QUESTION_INVALID');
		await rejects(send(poll(['a', 'b'], {}, undefined, 'x'.repeat(256))), 'POLL_QUESTION_INVALID');
		await rejects(send(poll(['a', ''])), 'POLL_ANSWER_INVALID');
		await rejects(send(poll(['a', 'b'], { quiz: true })), 'QUIZ_CORRECT_ANSWERS_EMPTY');
		await rejects(send(poll(['a', 'b'], { quiz: true, multipleChoice: true }, [0])), 'QUIZ_MULTIPLE_INVALID');
		await rejects(send(poll(['a', 'b'], { quiz: true }, [0, 1])), 'QUIZ_CORRECT_ANSWERS_TOO_MUCH');
	});

	it('a valid quiz arrives as messageMediaPoll with its answers and no votes', async () => {
		const { handlers, world, alice, bob, ctx } = setup();
		await invoke(handlers, ctx, new Api.messages.SendMedia({ peer: inputPeer(bob), media: poll(['3', '4'], { quiz: true }, [1]), message: '', randomId: rid() }));
		const atBob = world.history(bob.id, { userId: alice.id })[0];
		expect(atBob.media).toMatchObject({ kind: 'poll', poll: { quiz: true, question: 'Q?' } });
	});
});

describe('albums (messages.sendMultiMedia)', () => {
	it('posts every part with one grouped_id; refuses fresh uploads, more than 10 parts, none', async () => {
		const { handlers, world, alice, bob, ctx } = setup();
		const peer = inputPeer(bob);
		const a = await uploadedPhoto(handlers, ctx, peer);
		const b = await uploadedPhoto(handlers, ctx, peer);
		const single = (media: Api.TypeInputMedia, randomId: bigInt.BigInteger | undefined = rid()) => new Api.InputSingleMedia({ media, randomId, message: '' });
		await rejects(invoke(handlers, ctx, new Api.messages.SendMultiMedia({ peer, multiMedia: [single(new Api.InputMediaUploadedPhoto({ file: a.file })), single(b.stored)] })), 'MEDIA_INVALID');
		await rejects(invoke(handlers, ctx, new Api.messages.SendMultiMedia({ peer, multiMedia: Array.from({ length: 11 }, () => single(a.stored)) })), 'MULTI_MEDIA_TOO_LONG');
		await rejects(invoke(handlers, ctx, new Api.messages.SendMultiMedia({ peer, multiMedia: [] })), 'MEDIA_EMPTY');
		const result = await invoke<Api.Updates>(handlers, ctx, new Api.messages.SendMultiMedia({ peer, multiMedia: [single(a.stored), single(b.stored)] }));
		expect(result.updates.filter((u) => u instanceof Api.UpdateMessageID)).toHaveLength(2);
		const parts = world.history(bob.id, { userId: alice.id }).slice(0, 2);
		expect(parts[0].groupedId).toBeDefined();
		expect(parts[0].groupedId).toBe(parts[1].groupedId);
	});
});

describe('scheduled messages (schedule_date)', () => {
	it('keeps the message in the scheduled list (updateNewScheduledMessage), not in the chat', async () => {
		const { handlers, world, alice, bob, ctx } = setup();
		const date = Math.floor(Date.now() / 1000) + 3600;
		const result = await invoke<Api.Updates>(handlers, ctx, new Api.messages.SendMessage({ peer: inputPeer(bob), message: 'later', randomId: rid(), scheduleDate: date }));
		const update = result.updates.find((u): u is Api.UpdateNewScheduledMessage => u instanceof Api.UpdateNewScheduledMessage)!;
		expect((update.message as Api.Message).date).toBe(date);
		expect(world.history(bob.id, { userId: alice.id })).toEqual([]);
		const list = await invoke<Api.messages.Messages>(handlers, ctx, new Api.messages.GetScheduledHistory({ peer: inputPeer(bob), hash: bigInt(0) }));
		expect(list.messages.map((m) => (m as Api.Message).message)).toEqual(['later']);
	});

	it('refuses a date more than 365 days ahead, and more than 100 scheduled messages in a chat', async () => {
		const { handlers, world, alice, bob, ctx } = setup();
		const peer = inputPeer(bob);
		const tooLate = Math.floor(Date.now() / 1000) + 366 * 86400;
		await rejects(invoke(handlers, ctx, new Api.messages.SendMessage({ peer, message: 'x', randomId: rid(), scheduleDate: tooLate })), 'SCHEDULE_DATE_TOO_LATE');
		const date = Math.floor(Date.now() / 1000) + 86400;
		for (let n = 0; n < 100; n++) await invoke(handlers, ctx, new Api.messages.SendMessage({ peer, message: `m${n}`, randomId: rid(), scheduleDate: date }));
		await rejects(invoke(handlers, ctx, new Api.messages.SendMessage({ peer, message: 'one too many', randomId: rid(), scheduleDate: date })), 'SCHEDULE_TOO_MUCH');
		expect(scheduledIn(world, alice.id, { userId: bob.id })).toHaveLength(100);
	});
});
