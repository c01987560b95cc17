// Msg → Delete on a message of a secret chat: it leaves the saved history here and, with
// "Delete For Everyone", the other side is asked to delete it too (an encrypted service message).
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { success } from '../../helpers/items';
import { secretChatTarget } from '../../helpers/secret-peer';
import type { AccountClient } from '../../transport/account-client';
import { secretMsgOf } from './secret-load';

/** undefined when the message is not a secret chat's. */
export async function deleteSecretMessage(
	fn: IExecuteFunctions,
	i: number,
	account: AccountClient,
	undoSeconds: number,
	revoke: boolean,
): Promise<INodeExecutionData[] | undefined> {
	const given = secretMsgOf(fn.getNodeParameter('message', i) as unknown);
	if (!given) return undefined;
	const fail = (message: string) => new NodeOperationError(fn.getNode(), message, { itemIndex: i, description: `Item ${i}` });
	// The undo window keeps a Telegram call waiting; a secret deletion is a message of its own.
	if (undoSeconds > 0) throw fail('Undo Window does not work in secret chats: set it to 0');
	const chat = await secretChatTarget(account, given.dest);
	if (!chat) throw fail('The message names no secret chat');
	const found = await account.track(() => chat.hub.service.deleteMessages(chat.record.id, [given.id], revoke));
	if (!found) throw fail(`Message ${given.id} is not in the saved history of the secret chat "${chat.name}"`);
	return success();
}
