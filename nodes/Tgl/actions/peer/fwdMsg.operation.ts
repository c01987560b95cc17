import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { Api } from 'telegram';
import { generateRandomLong } from 'telegram/Helpers';
import { jsonItems } from '../../helpers/items';
import { markScheduled, readSendOptions, sendOptionProperties } from '../../helpers/send-options';
import { sendOnce } from '../../helpers/sent-message';
import { resolveSourceAndTarget, sourceToTargetProperties } from '../../helpers/source-message';
import { toMsg } from '../../tgl/msg';
import type { TglOperation } from '../types';
import { optionsCollection } from '../../descriptions/options-collection';

const properties: INodeProperties[] = [
	...sourceToTargetProperties('Where to forward the message.', 'The message to forward.'),
	optionsCollection(sendOptionProperties),
];

export const fwdMsg: TglOperation = {
	description: updateDisplayOptions({ show: { resource: ['peer'], operation: ['fwdMsg'] } }, properties),

	async execute(i, account) {
		const sendOptions = readSendOptions(this, i);
		const { source, target } = await resolveSourceAndTarget(this, i, account);
		const ctx = await account.mapContext();
		// One random_id for every attempt of this item's forward: a repeat is never a second message.
		const request = new Api.messages.ForwardMessages({ fromPeer: source.chat.input, id: [source.id], randomId: [generateRandomLong()], toPeer: target.input, ...sendOptions });
		return jsonItems(markScheduled(toMsg(await sendOnce(account, request), ctx), sendOptions));
	},
};
