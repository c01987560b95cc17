import type { INodeProperties } from 'n8n-workflow';

/** The `peer` parameter every operation with a target shares: a resource locator. */
export function peerLocator(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'Peer',
		name: 'peer',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description:
			'The user, group or channel. By ID takes a marked ID (user 123, group -123, channel -100123), "me" or a Peer object from an earlier node such as {{ $json.msg.src }}. By Username is only ever read as a username. By Print Name takes a tg print name exactly (e.g. Bob_Stone#1).',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a chat...',
				typeOptions: { searchListMethod: 'searchPeers', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 123456789 or -1001234567890',
			},
			{
				displayName: 'By Username or Link',
				name: 'username',
				type: 'string',
				placeholder: 'e.g. @durov or https://t.me/durov',
			},
			{
				// tg's way to address a peer; several peers sharing a name are refused, never guessed.
				displayName: 'By Print Name',
				name: 'name',
				type: 'string',
				placeholder: 'e.g. Bob_Stone or Bob_Stone#1',
			},
		],
		...overrides,
	};
}
