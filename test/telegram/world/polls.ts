// Polls and quizzes (inputMediaPoll) checked as Telegram checks them, and their messageMediaPoll.
import { Api } from 'telegram';
import { RpcError } from '../types';
import type { PollRecord } from './records';
import { long } from './util';

/** core.telegram.org/constructor/inputMediaPoll and /api/poll: 2..10 answers, question ≤ 255, answer ≤ 100. */
const ANSWERS_MIN = 2;
const ANSWERS_MAX = 10;
const QUESTION_MAX = 255;
const ANSWER_MAX = 100;
const SOLUTION_MAX = 200;

let nextPollId = 1;

function plain(text: Api.TypeTextWithEntities | string | undefined): string {
	if (text === undefined) return '';
	return typeof text === 'string' ? text : text.text;
}

export function pollFromInput(input: Api.InputMediaPoll): PollRecord {
	const poll = input.poll as Api.Poll;
	const question = plain(poll.question);
	if (!question.trim() || question.length > QUESTION_MAX) throw new RpcError(400, 'POLL_QUESTION_INVALID');
	if (poll.answers.length < ANSWERS_MIN || poll.answers.length > ANSWERS_MAX) throw new RpcError(400, 'POLL_ANSWERS_INVALID');
	const answers = poll.answers.map((a) => {
		const answer = a as Api.PollAnswer;
		const text = plain(answer.text);
		if (!text.trim() || text.length > ANSWER_MAX || !answer.option?.length) throw new RpcError(400, 'POLL_ANSWER_INVALID');
		return { text, option: Buffer.from(answer.option) };
	});
	const options = new Set(answers.map((a) => a.option.toString('hex')));
	if (options.size !== answers.length) throw new RpcError(400, 'POLL_OPTION_DUPLICATE');
	const correct = (input.correctAnswers ?? []).map((c) => Buffer.from(c));
	if (poll.quiz) {
		if (poll.multipleChoice) throw new RpcError(400, 'QUIZ_MULTIPLE_INVALID');
		if (!correct.length) throw new RpcError(400, 'QUIZ_CORRECT_ANSWERS_EMPTY');
		if (correct.length > 1) throw new RpcError(400, 'QUIZ_CORRECT_ANSWERS_TOO_MUCH');
		if (!options.has(correct[0].toString('hex'))) throw new RpcError(400, 'QUIZ_CORRECT_ANSWER_INVALID');
		if ((input.solution ?? '').length > SOLUTION_MAX) throw new RpcError(400, 'POLL_ANSWER_INVALID');
	}
	return {
		id: nextPollId++,
		question,
		answers,
		quiz: !!poll.quiz,
		multipleChoice: !!poll.multipleChoice,
		publicVoters: !!poll.publicVoters,
		correct,
		solution: input.solution || undefined,
	};
}

export function pollMediaTl(poll: PollRecord): Api.MessageMediaPoll {
	return new Api.MessageMediaPoll({
		poll: new Api.Poll({
			id: long(poll.id),
			quiz: poll.quiz || undefined,
			multipleChoice: poll.multipleChoice || undefined,
			publicVoters: poll.publicVoters || undefined,
			question: new Api.TextWithEntities({ text: poll.question, entities: [] }),
			answers: poll.answers.map((a) => new Api.PollAnswer({ text: new Api.TextWithEntities({ text: a.text, entities: [] }), option: a.option })),
		}),
		// Nobody voted yet: results without counts (min), as a fresh poll shows them.
		results: new Api.PollResults({ min: true, results: [], totalVoters: 0 }),
	});
}
