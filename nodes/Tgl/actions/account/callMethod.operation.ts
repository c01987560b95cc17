// Account → Call Telegram Method: any method of Telegram's schema by name, its parameters as
// JSON, the answer as plain JSON. Goes through AccountClient.call like every operation, so the
// updates a send or an edit returns move the trigger's position the same way.
import type { IDataObject } from 'n8n-workflow';
import { jsonParse, NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { inputChannelOf, inputUserOf } from '../../helpers/input-peers';
import { resolvePeer } from '../../helpers/resolve-peer';
import { toNodeError } from '../../helpers/telegram-errors';
import type { TglOperation } from '../types';
import { buildRequest, CallMethodInputError, type PeerResolver } from '../../tgl/tl-request';
import { toPlainJson } from '../../tgl/tl-json';

export const callMethod: TglOperation = {
	description: updateDisplayOptions({ show: { resource: ['account'], operation: ['callMethod'] } }, [
		{
			displayName: 'Method',
			name: 'method',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'messages.getFullChat',
			description: 'The method as Telegram\'s schema names it (core.telegram.org/methods), e.g. channels.getParticipants',
		},
		{
			displayName: 'Parameters (JSON)',
			name: 'parameters',
			type: 'json',
			default: '{}',
			description:
				'The method\'s parameters by their schema names (chat_id or chatId). Peers (InputPeer, InputUser, InputChannel) take what a peer field takes (marked id, @username, a Peer object); other objects name their constructor in "_", e.g. {"_": "channelParticipantsRecent"}; longs as numbers or strings, bytes as base64.',
		},
	]),

	async execute(i, account) {
		const method = String(this.getNodeParameter('method', i, '')).trim();
		const raw = this.getNodeParameter('parameters', i, '{}');
		const node = this.getNode();
		let parameters: unknown = raw;
		if (typeof raw === 'string') {
			try {
				parameters = raw.trim() ? jsonParse(raw) : {};
			} catch {
				throw new NodeOperationError(node, 'The parameters are not valid JSON', { itemIndex: i });
			}
		}
		const peers: PeerResolver = async (type, value) => {
			if (type === 'InputUser') return inputUserOf(await resolvePeer(account, value, ['user']));
			if (type === 'InputChannel') return inputChannelOf(await resolvePeer(account, value, ['channel']));
			return (await resolvePeer(account, value)).input;
		};
		let request;
		try {
			request = await buildRequest(method, parameters, peers);
		} catch (error) {
			if (error instanceof CallMethodInputError) throw new NodeOperationError(node, error.message, { itemIndex: i });
			throw toNodeError(node, error, i);
		}
		const plain = toPlainJson(await account.call(request));
		const json = plain && typeof plain === 'object' && !Array.isArray(plain) ? (plain as IDataObject) : { result: plain as IDataObject[] };
		return [{ json }];
	},
};
