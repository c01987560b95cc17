import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { Api } from 'telegram';
import { generateRandomLong } from 'telegram/Helpers';
import { peerLocator } from '../../descriptions/peer-locator';
import { jsonItems } from '../../helpers/items';
import { messageProperty } from '../../helpers/message-ref';
import { resolvePeer } from '../../helpers/resolve-peer';
import { markScheduled, readSendOptions, sendOptionProperties } from '../../helpers/send-options';
import { sendOnce } from '../../helpers/sent-message';
import { fromPeerProperty, resolveSourceMessage } from '../../helpers/source-message';
import { toMsg } from '../../tgl/msg';
import { callOptions } from '../options';
import type { TglOperation } from '../types';

const properties: INodeProperties[] = [
	peerLocator({ displayName: 'To Peer', description: `Where to forward the message. ${peerLocator().description}` }),
	{ ...messageProperty, description: `The message to forward. ${messageProperty.description}` },
	fromPeerProperty,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: sendOptionProperties,
	},
];

export const fwdMsg: TglOperation = {
	description: updateDisplayOptions({ show: { resource: ['peer'], operation: ['fwdMsg'] } }, properties),

	async execute(i, account) {
		const sendOptions = readSendOptions(this, i);
		const source = await resolveSourceMessage(this, i, account);
		const target = await resolvePeer(account, this.getNodeParameter('peer', i, undefined, { extractValue: false }));
		const ctx = await account.mapContext();
		// One random_id for every attempt of this item's forward: a repeat is never a second message.
		const request = new Api.messages.ForwardMessages({ fromPeer: source.chat.input, id: [source.id], randomId: [generateRandomLong()], toPeer: target.input, ...sendOptions });
		return jsonItems(markScheduled(toMsg(await sendOnce(account, request, callOptions(this, i)), ctx), sendOptions));
	},
};
