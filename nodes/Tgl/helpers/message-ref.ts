// A message as users give it: an id (with its chat where ids are per chat) or a Msg object
// from an earlier node, which carries its own chat.
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { AccountClient } from '../transport/account-client';
import { resolvePeer, type TargetPeer } from './resolve-peer';

export const messageProperty: INodeProperties = {
	displayName: 'Message',
	name: 'message',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 42 or {{ $json.msg }}',
	description: 'The message ID, or a Msg object from an earlier node (e.g. the trigger\'s {{ $json.msg }}), which also tells its chat',
};

/** The chat a tgl Msg lives in: the group/channel, or in a private chat the other user. */
export function chatOfMsg(msg: Record<string, unknown>): unknown {
	const dest = msg.dest as Record<string, unknown> | undefined;
	const src = msg.src as Record<string, unknown> | undefined;
	if (dest && dest.type_name !== 'user') return dest;
	return msg.out ? dest : src;
}

export interface MessageTarget {
	id: number;
	/** The message's chat: from the Msg object, else from the operation's peer parameter when it has one. */
	chat?: TargetPeer;
}

export async function resolveMessage(
	ctx: IExecuteFunctions,
	i: number,
	account: AccountClient,
	peerParameter?: string,
): Promise<MessageTarget> {
	const raw = ctx.getNodeParameter('message', i) as unknown;
	let value: unknown = raw;
	if (typeof raw === 'string' && raw.trim().startsWith('{')) {
		try {
			value = JSON.parse(raw);
		} catch {
			// not JSON: treated as an id below
		}
	}
	if (value && typeof value === 'object') {
		const msg = value as Record<string, unknown>;
		const id = Number(msg.id);
		if (!Number.isSafeInteger(id) || id <= 0) {
			throw new NodeOperationError(ctx.getNode(), 'The message object has no valid "id"', { itemIndex: i });
		}
		const chat = chatOfMsg(msg);
		return { id, chat: chat ? await resolvePeer(account, chat) : undefined };
	}
	const id = Number(String(value ?? '').trim());
	if (!Number.isSafeInteger(id) || id <= 0) {
		throw new NodeOperationError(ctx.getNode(), `"${String(value)}" is not a message ID`, { itemIndex: i });
	}
	if (!peerParameter) return { id };
	const peer = ctx.getNodeParameter(peerParameter, i, undefined, { extractValue: false }) as unknown;
	const empty = peer === undefined || peer === '' || (typeof peer === 'object' && peer !== null && (peer as { value?: unknown }).value === '');
	return { id, chat: empty ? undefined : await resolvePeer(account, peer) };
}
