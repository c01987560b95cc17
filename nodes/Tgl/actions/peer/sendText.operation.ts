import type { INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { Api } from 'telegram';
import { generateRandomLong } from 'telegram/Helpers';
import { peerLocator } from '../../descriptions/peer-locator';
import { fileInputProperties, readInputFile } from '../../helpers/file-input';
import { jsonItems } from '../../helpers/items';
import { resolvePeer } from '../../helpers/resolve-peer';
import { secretChatTarget } from '../../helpers/secret-peer';
import { secretSendTexts } from './secret-chat';
import { markScheduled, readSendOptions, sendOptionProperties } from '../../helpers/send-options';
import { sendOnce } from '../../helpers/sent-message';
import { splitText } from '../../helpers/split-text';
import { LIMITS } from '../../helpers/telegram-limits';
import { toMsg } from '../../tgl/msg';
import type { TglOperation } from '../types';
import { optionsCollection } from '../../descriptions/options-collection';

const MAX_TEXT = LIMITS.message.max;

const properties: INodeProperties[] = [
	peerLocator(),
	...fileInputProperties(),
	optionsCollection([
		{
			displayName: 'Long Text',
			name: 'longText',
			type: 'options',
			default: 'split',
			options: [
				{
					name: 'Split Into Several Messages',
					value: 'split',
					description: 'Cut at line breaks (else spaces) into messages of at most 4096 characters; one output item per message',
				},
				{ name: 'Fail', value: 'fail', description: 'Fail the item when the text is longer than 4096 characters' },
			],
			description: 'What to do when the text is longer than one Telegram message (4096 characters); it is never cut off silently',
		},
		...sendOptionProperties,
	]),
];

export const sendText: TglOperation = {
	description: updateDisplayOptions({ show: { resource: ['peer'], operation: ['sendText'] } }, properties),

	async execute(i, account) {
		const file = await readInputFile(this, i);
		// Telegram drops trailing whitespace anyway: a final newline must not make a text "too long".
		const text = file.buffer.toString('utf8').replace(/^\uFEFF/, '').trimEnd();
		const fail = (message: string) => new NodeOperationError(this.getNode(), message, { itemIndex: i, description: `Item ${i}` });
		if (!text.trim()) throw fail(`The text file "${file.fileName}" is empty: there is nothing to send`);
		const options = this.getNodeParameter('options', i, {}) as { longText?: 'split' | 'fail' };
		if (text.length > MAX_TEXT && options.longText === 'fail') {
			throw fail(
				`The text file "${file.fileName}" has ${text.length} characters; a Telegram message holds ${MAX_TEXT}. ` +
					'Set Long Text to "Split Into Several Messages" to send it in parts',
			);
		}
		const secret = await secretChatTarget(account, this.getNodeParameter('peer', i, undefined, { extractValue: false }));
		if (secret) return secretSendTexts(this, i, account, secret, splitText(text, MAX_TEXT));
		const sendOptions = readSendOptions(this, i);
		const target = await resolvePeer(account, this.getNodeParameter('peer', i, undefined, { extractValue: false }));
		const ctx = await account.mapContext();
		const out: INodeExecutionData[] = [];
		// In order, one at a time: the parts must arrive in reading order.
		for (const part of splitText(text, MAX_TEXT)) {
			// One random_id per part, kept for every attempt of it.
			const request = new Api.messages.SendMessage({ peer: target.input, message: part, randomId: generateRandomLong(), ...sendOptions });
			out.push(...jsonItems(markScheduled(toMsg(await sendOnce(account, request), ctx), sendOptions)));
		}
		return out;
	},
};
