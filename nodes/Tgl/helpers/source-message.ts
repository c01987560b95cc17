// The message to forward or re-send: an id with its chat ("From Chat"), or a Msg object from an
// earlier node. Ids are per chat today (tgl's were global), so an id alone is not enough.
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { peerLocator } from '../descriptions/peer-locator';
import type { AccountClient } from '../transport/account-client';
import { messageProperty, resolveMessage } from './message-ref';
import { resolvePeer, type TargetPeer } from './resolve-peer';

export const FROM_PEER = 'fromPeer';

export const fromPeerProperty: INodeProperties = peerLocator({
	displayName: 'From Chat',
	name: FROM_PEER,
	required: false,
	description:
		'The chat the message is in. Required when Message is an ID (message IDs are per chat); ignored when Message is a Msg object, which names its own chat.',
});

/**
 * To Peer, Message and From Chat: the fields of every operation that sends an existing message
 * on (forward, copy, re-send media). `toWhat` and `messageWhat` start their descriptions.
 */
export function sourceToTargetProperties(toWhat: string, messageWhat: string): INodeProperties[] {
	return [
		peerLocator({ displayName: 'To Peer', description: `${toWhat} ${peerLocator().description}` }),
		{ ...messageProperty, description: `${messageWhat} ${messageProperty.description}` },
		fromPeerProperty,
	];
}

export interface SourceMessage {
	id: number;
	chat: TargetPeer;
}

export async function resolveSourceMessage(ctx: IExecuteFunctions, i: number, account: AccountClient): Promise<SourceMessage> {
	const { id, chat } = await resolveMessage(ctx, i, account, FROM_PEER);
	if (!chat) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Message ${id} is given by ID only: set "From Chat" to the chat it is in (message IDs are per chat), or pass the Msg object from an earlier node`,
			{ itemIndex: i, description: `Item ${i}` },
		);
	}
	return { id, chat };
}

/** The message (see resolveSourceMessage), then the To Peer it goes to, in that order. */
export async function resolveSourceAndTarget(
	ctx: IExecuteFunctions,
	i: number,
	account: AccountClient,
): Promise<{ source: SourceMessage; target: TargetPeer }> {
	const source = await resolveSourceMessage(ctx, i, account);
	const target = await resolvePeer(account, ctx.getNodeParameter('peer', i, undefined, { extractValue: false }));
	return { source, target };
}
