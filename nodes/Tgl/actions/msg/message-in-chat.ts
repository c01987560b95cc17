// The message and its chat, for the calls that name both (edit, pin, react): an ID needs Peer,
// a Msg object names its own chat.
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { resolveMessage } from '../../helpers/message-ref';
import type { TargetPeer } from '../../helpers/resolve-peer';
import type { AccountClient } from '../../transport/account-client';

export async function resolveMessageInChat(ctx: IExecuteFunctions, i: number, account: AccountClient): Promise<{ id: number; chat: TargetPeer }> {
	const { id, chat } = await resolveMessage(ctx, i, account, 'peer');
	if (!chat) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Message ${id} is given by ID only: set Peer to the chat it is in, or pass the Msg object from an earlier node`,
			{ itemIndex: i, description: `Item ${i}` },
		);
	}
	return { id, chat };
}
