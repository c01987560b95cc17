// tgl msg.delete_msg, with an optional undo window that Restore Message can cancel.
import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { Api } from 'telegram';
import { requireMessage } from '../../helpers/fetch-message';
import { inputChannelOf } from '../../helpers/input-peers';
import { success } from '../../helpers/items';
import { messageProperty, resolveMessage, type MessageTarget } from '../../helpers/message-ref';
import { pendingDeletionsOf } from '../../transport/pending-deletions';
import type { TglOperation } from '../types';
import { messageChatLocator } from './message-chat';
import { deleteSecretMessage } from './secret-delete';
import { optionsCollection } from '../../descriptions/options-collection';

export const MAX_UNDO_SECONDS = 3600;

/** Where a pending deletion is filed: channel ids are per channel, the others per account. */
export function deletionKey(target: MessageTarget): string {
	return target.chat?.kind === 'channel' ? `channel#${target.chat.id}/${target.id}` : `${target.id}`;
}

const properties: INodeProperties[] = [
	messageProperty,
	messageChatLocator(),
	{
		displayName: 'Undo Window (Seconds)',
		name: 'undoSeconds',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: MAX_UNDO_SECONDS },
		default: 0,
		description:
			'0 deletes now. More: the deletion waits this long in this n8n process and Restore Message can cancel it meanwhile (Telegram itself cannot undo a deletion)',
	},
	optionsCollection([
		{
			displayName: 'Delete For Everyone',
			name: 'revoke',
			type: 'boolean',
			default: true,
			description:
				'Whether to delete the message for the other side too (private chats and basic groups; in channels and supergroups a deletion is always for everyone)',
		},
	]),
];

export const deleteMsg: TglOperation = {
	description: updateDisplayOptions({ show: { resource: ['msg'], operation: ['deleteMsg'] } }, properties),

	async execute(i, account) {
		const node = this.getNode();
		const seconds = this.getNodeParameter('undoSeconds', i, 0) as number;
		if (!Number.isFinite(seconds) || seconds < 0 || seconds > MAX_UNDO_SECONDS) {
			throw new NodeOperationError(node, `Undo Window must be between 0 and ${MAX_UNDO_SECONDS} seconds`, { itemIndex: i });
		}
		const { revoke = true } = this.getNodeParameter('options', i, {}) as { revoke?: boolean };
		const secret = await deleteSecretMessage(this, i, account, seconds, revoke);
		if (secret) return secret;
		const target = await resolveMessage(this, i, account, 'peer');
		const chat = target.chat;
		// With a chat that shares the account's numbering, make sure the id is really in that chat
		// before deleting; a deletion that waits is checked now so that a bad id fails now.
		if (seconds > 0 || (chat && chat.kind !== 'channel')) await requireMessage(this, i, account, target);

		const request = () =>
			chat?.kind === 'channel'
				? new Api.channels.DeleteMessages({ channel: inputChannelOf(chat), id: [target.id] })
				: new Api.messages.DeleteMessages({ id: [target.id], revoke });
		const pending = pendingDeletionsOf(account);
		const key = deletionKey(target);

		if (seconds > 0) {
			const undoUntil = pending.schedule(key, seconds, () => account.call(request()));
			return [{ json: { success: true, pending: true, undo_until: undoUntil.toISOString() } }];
		}
		await pending.cancel(key);
		const affected = await account.call(request());
		if (affected.ptsCount === 0) {
			throw new NodeOperationError(
				node,
				chat
					? `Message ${target.id} does not exist in this chat (or was already deleted)`
					: `Message ${target.id} does not exist (or was already deleted). If it is in a channel or supergroup, also set Peer: message IDs there are counted per channel`,
				{ itemIndex: i },
			);
		}
		return success();
	},
};
