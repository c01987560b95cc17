// tgl.restore_msg. Telegram dropped messages.restoreMessages in 2015; what can still be undone
// is a deletion that Delete Message holds in its undo window, in this process.
import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { messageProperty, resolveMessage } from '../../helpers/message-ref';
import { pendingDeletionsOf } from '../../transport/pending-deletions';
import type { TglOperation } from '../types';
import { deletionKey } from './deleteMsg.operation';
import { messageChatLocator } from './message-chat';

export const NO_RESTORE =
	'Telegram has no API to undo a deletion; Restore Message can only cancel a deletion still inside its undo window in this n8n process';

const properties: INodeProperties[] = [messageProperty, messageChatLocator()];

export const restoreMsg: TglOperation = {
	description: updateDisplayOptions({ show: { resource: ['msg'], operation: ['restoreMsg'] } }, properties),

	async execute(i, account) {
		const node = this.getNode();
		const target = await resolveMessage(this, i, account, 'peer');
		const pending = pendingDeletionsOf(account);
		let key = deletionKey(target);
		if (!target.chat && !pending.has(key)) {
			// An id alone may still name a waiting deletion in a channel, if only one matches.
			const inChannels = pending.keys((k) => k.endsWith(`/${target.id}`));
			if (inChannels.length > 1) {
				throw new NodeOperationError(node, `Deletions of message ${target.id} wait in several channels: set Peer to say which`, { itemIndex: i });
			}
			if (inChannels.length === 1) key = inChannels[0];
		}
		const outcome = await pending.cancel(key);
		if (outcome.cancelled) return [{ json: { success: true, restored: true } }];
		const finished = outcome.finished;
		const why = !finished
			? `Message ${target.id} has no deletion waiting in this n8n process (it was not deleted here with an undo window, or it was deleted elsewhere)`
			: finished.error
				? `The undo window of message ${target.id} ended at ${finished.at.toISOString()}; the deletion was tried then and failed (${finished.error})`
				: `The undo window of message ${target.id} ended at ${finished.at.toISOString()} and the message was deleted`;
		throw new NodeOperationError(node, `${why}. ${NO_RESTORE}`, { itemIndex: i });
	},
};
