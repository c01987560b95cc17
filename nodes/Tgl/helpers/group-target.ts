// The chat operations' two peers: the group in `peer` and, for member changes, the user in `user`.
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { peerLocator } from '../descriptions/peer-locator';
import type { AccountClient } from '../transport/account-client';
import { resolvePeer, type TargetPeer } from './resolve-peer';

export function groupLocator(): INodeProperties {
	return peerLocator({
		displayName: 'Chat',
		description:
			'The basic group, supergroup or channel. By ID takes a marked ID (group -123, supergroup or channel -100123) or a Peer object from an earlier node; @username and t.me links work for public ones.',
	});
}

export function userLocator(): INodeProperties {
	return peerLocator({
		displayName: 'User',
		name: 'user',
		description:
			'The user. By ID takes a user ID or a Peer object from an earlier node such as {{ $json.msg.src }}; By Username an @username or t.me link; By Print Name a tg print name.',
	});
}

/** The `peer` parameter, which must be a basic group, supergroup or channel. */
export function resolveGroup(ctx: IExecuteFunctions, i: number, account: AccountClient): Promise<TargetPeer> {
	return resolvePeer(account, ctx.getNodeParameter('peer', i, undefined, { extractValue: false }), ['chat', 'channel']);
}

/** A user parameter (`user` unless named otherwise), which must be a user. */
export function resolveUser(ctx: IExecuteFunctions, i: number, account: AccountClient, name = 'user'): Promise<TargetPeer> {
	return resolvePeer(account, ctx.getNodeParameter(name, i, undefined, { extractValue: false }), ['user']);
}
