import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { Api } from 'telegram';
import { peerLocator } from '../../descriptions/peer-locator';
import { jsonItems } from '../../helpers/items';
import { resolvePeer } from '../../helpers/resolve-peer';
import { secretChatPeer } from '../../secret/tgl-items';
import type { SecretChatRecord } from '../../secret/service';
import { SecretChatError } from '../../secret/errors';
import { secretChatsOf } from '../../transport/secret-chats';
import type { TglOperation } from '../types';
import { optionsCollection } from '../../descriptions/options-collection';

const properties: INodeProperties[] = [
	peerLocator({ displayName: 'User', description: 'The user to start a secret chat with (a user, not a group): a marked ID, @username, print name or Peer object' }),
	optionsCollection([
		{
			displayName: 'Wait Until Accepted',
			name: 'waitForAcceptance',
			type: 'boolean',
			default: false,
			description:
				'Whether to wait until the other user accepts (state "working") or declines (state "deleted"); otherwise the chat is returned at once in state "waiting"',
		},
		{
			displayName: 'Wait Timeout (Seconds)',
			name: 'waitSeconds',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 60,
			displayOptions: { show: { waitForAcceptance: [true] } },
			description: 'How long to wait; after that the chat is returned as it is then (usually still "waiting")',
		},
	]),
];

/** Resolves when the chat is working or deleted, or after `ms`. */
function settled(hub: Awaited<ReturnType<typeof secretChatsOf>>, record: SecretChatRecord, ms: number): Promise<void> {
	return new Promise((resolve) => {
		const done = () => {
			clearTimeout(timer);
			stop();
			resolve();
		};
		const stop = hub.listen({ chatUpdate: (chat) => chat.id === record.id && chat.state !== 'waiting' && done() });
		const timer = setTimeout(done, ms);
		if (record.state !== 'waiting') done();
	});
}

export const createSecretChat: TglOperation = {
	description: updateDisplayOptions({ show: { resource: ['chat'], operation: ['createSecretChat'] } }, properties),

	async execute(i, account) {
		const options = this.getNodeParameter('options', i, {}) as { waitForAcceptance?: boolean; waitSeconds?: number };
		const user = await resolvePeer(account, this.getNodeParameter('peer', i, undefined, { extractValue: false }), ['user']);
		if (!(user.input instanceof Api.InputPeerUser)) {
			throw new NodeOperationError(this.getNode(), 'A secret chat needs another user, not yourself', { itemIndex: i, description: `Item ${i}` });
		}
		const hub = await secretChatsOf(account);
		const input = new Api.InputUser({ userId: user.input.userId, accessHash: user.input.accessHash });
		// The chat's print name is "!" + the user's name: learn the user when only its id and hash were given.
		if (!user.entity) await account.call(new Api.users.GetUsers({ id: [input] }));
		const record = await account.track(() => hub.service.create(input, user.id)).catch((error: unknown) => {
			if (!(error instanceof SecretChatError && error.reason === 'BAD_DH_CONFIG')) throw error;
			throw new NodeOperationError(
				this.getNode(),
				`Telegram served Diffie-Hellman parameters that fail the secret-chat checks (${error.message}), so no secret chat was requested`,
				{ itemIndex: i, description: `Item ${i}: the parameters come from messages.getDhConfig; a secret chat on them would not be private` },
			);
		});
		if (options.waitForAcceptance) await account.track(() => settled(hub, record, (options.waitSeconds ?? 60) * 1000));
		if (record.failure) {
			throw new NodeOperationError(this.getNode(), `The secret chat was discarded because its key exchange failed a check: ${record.failure}`, {
				itemIndex: i,
				description: `Item ${i}: the other side's answer was not safe to use`,
			});
		}
		return jsonItems(secretChatPeer(record, await account.mapContext()));
	},
};
