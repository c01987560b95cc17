import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { Api } from 'telegram';
import { returnBigInt } from 'telegram/Helpers';
import { peerLocator } from '../../descriptions/peer-locator';
import { resolvePeer } from '../../helpers/resolve-peer';
import { sendMedia } from '../../helpers/send-media';
import { readSendOptions, sendOptionProperties } from '../../helpers/send-options';
import { LIMITS, withinLimit } from '../../helpers/telegram-limits';
import type { TglOperation } from '../types';
import { optionsCollection } from '../../descriptions/options-collection';

/** core.telegram.org/api/poll: 2–10 answers of 1–100 characters; a quiz explanation ≤ 200. */
const ANSWERS_MIN = 2;
const ANSWERS_MAX = 10;

const properties: INodeProperties[] = [
	peerLocator(),
	{
		displayName: 'Poll Type',
		name: 'pollType',
		type: 'options',
		default: 'regular',
		options: [
			{ name: 'Poll', value: 'regular', description: 'Voters pick an answer (or several); no answer is right' },
			{ name: 'Quiz', value: 'quiz', description: 'One answer is correct; voters see whether they were right' },
		],
	},
	{
		displayName: 'Question',
		name: 'question',
		type: 'string',
		default: '',
		required: true,
		description: 'The question (1–255 characters)',
	},
	{
		displayName: 'Answers',
		name: 'answers',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		placeholder: 'Add Answer',
		description: 'From 2 to 10 answers, in the order shown (1–100 characters each)',
		options: [
			{
				displayName: 'Answer',
				name: 'answer',
				values: [{ displayName: 'Text', name: 'text', type: 'string', default: '' }],
			},
		],
	},
	{
		displayName: 'Correct Answer',
		name: 'correctAnswer',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: ANSWERS_MAX },
		default: 1,
		displayOptions: { show: { pollType: ['quiz'] } },
		description: 'Position of the correct answer in the list, from 1',
	},
	optionsCollection([
		{
			displayName: 'Anonymous',
			name: 'anonymous',
			type: 'boolean',
			default: true,
			description: 'Whether votes are anonymous; off shows who voted for what (not allowed in channels)',
		},
		{
			displayName: 'Explanation',
			name: 'solution',
			type: 'string',
			default: '',
			description: 'Quiz only: shown to voters after they answer (at most 200 characters)',
		},
		{
			displayName: 'Multiple Answers',
			name: 'multipleChoice',
			type: 'boolean',
			default: false,
			description: 'Whether voters may pick several answers (polls only; a quiz has one correct answer)',
		},
		...sendOptionProperties,
	]),
];

interface PollOptions {
	anonymous?: boolean;
	solution?: string;
	multipleChoice?: boolean;
}

export const sendPoll: TglOperation = {
	description: updateDisplayOptions({ show: { resource: ['peer'], operation: ['sendPoll'] } }, properties),

	async execute(i, account) {
		const fail = (message: string) => new NodeOperationError(this.getNode(), message, { itemIndex: i, description: `Item ${i}` });
		const quiz = this.getNodeParameter('pollType', i, 'regular') === 'quiz';
		const question = String(this.getNodeParameter('question', i, '')).trim();
		withinLimit(this.getNode(), i, LIMITS.pollQuestion, question);
		const answers = ((this.getNodeParameter('answers.answer', i, []) as Array<{ text?: unknown }>) ?? []).map((a) => String(a.text ?? '').trim());
		if (answers.length < ANSWERS_MIN || answers.length > ANSWERS_MAX) {
			throw fail(`A poll needs ${ANSWERS_MIN} to ${ANSWERS_MAX} answers; this one has ${answers.length}`);
		}
		answers.forEach((text, n) => withinLimit(this.getNode(), i, { ...LIMITS.pollAnswer, field: `answer ${n + 1}` }, text));
		const options = this.getNodeParameter('options', i, {}) as PollOptions;
		const solution = (options.solution ?? '').trim();
		let correct: number | undefined;
		if (quiz) {
			if (options.multipleChoice) throw fail('A quiz has one correct answer: turn Multiple Answers off, or make it a poll');
			correct = Number(this.getNodeParameter('correctAnswer', i, 1));
			if (!Number.isInteger(correct) || correct < 1 || correct > answers.length) {
				throw fail(`Correct Answer is ${String(correct)}, but the quiz has answers 1 to ${answers.length}`);
			}
			withinLimit(this.getNode(), i, LIMITS.quizExplanation, solution);
		}
		const sendOptions = readSendOptions(this, i);
		const target = await resolvePeer(account, this.getNodeParameter('peer', i, undefined, { extractValue: false }));
		const text = (t: string) => new Api.TextWithEntities({ text: t, entities: [] });
		const media = new Api.InputMediaPoll({
			poll: new Api.Poll({
				id: returnBigInt(0), // Telegram assigns the poll's id
				question: text(question),
				// An answer's option is its position: one byte, as the official apps send it.
				answers: answers.map((a, n) => new Api.PollAnswer({ text: text(a), option: Buffer.from([n]) })),
				quiz: quiz || undefined,
				multipleChoice: (!quiz && options.multipleChoice) || undefined,
				publicVoters: options.anonymous === false || undefined,
			}),
			correctAnswers: correct !== undefined ? [Buffer.from([correct - 1])] : undefined,
			solution: quiz && solution ? solution : undefined,
			solutionEntities: quiz && solution ? [] : undefined,
		});
		return sendMedia(this, i, account, target, media, '', undefined, sendOptions);
	},
};
