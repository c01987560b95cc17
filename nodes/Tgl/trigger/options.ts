import type { INodeProperties } from 'n8n-workflow';
import type { AdvanceWhen } from './delivery-ledger';
import { optionsCollection } from '../descriptions/options-collection';

export const TGL_EVENTS = [
	'on_msg_receive',
	'on_user_update',
	'on_chat_update',
	'on_secret_chat_update',
	'on_msg_edit',
	'on_msg_delete',
	'on_our_id',
	'on_binlog_replay_end',
	'on_get_difference_end',
] as const;
export type TglEventName = (typeof TGL_EVENTS)[number];

export interface TriggerOptions {
	advancePositionWhen?: AdvanceWhen;
	includeOutgoing?: boolean;
	onlyPeers?: string;
	emitEdited?: boolean;
	groupAlbums?: boolean;
	downloadMedia?: boolean;
	binaryPropertyName?: string;
	maxMediaSizeMb?: number;
	acceptSecretChats?: boolean;
}

export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: ['on_msg_receive'],
		description: 'The tgl callbacks to emit; each emitted item has an "event" field with the callback name',
		options: [
			{ name: 'on_binlog_replay_end', value: 'on_binlog_replay_end', description: 'Once per activation, after the saved position was restored and before anything is asked from Telegram' },
			{ name: 'on_chat_update', value: 'on_chat_update', description: 'A group or channel changed: {peer, what_changed}' },
			{ name: 'on_get_difference_end', value: 'on_get_difference_end', description: 'Once per activation, after everything missed while stopped was emitted' },
			{
				name: 'on_msg_delete',
				value: 'on_msg_delete',
				description: 'Messages were deleted: {ids, peer}; peer is the channel for channels and supergroups, null for private chats and basic groups (Telegram names only the ids there). An extension to tgl.',
			},
			{ name: 'on_msg_edit', value: 'on_msg_edit', description: 'A message was edited: {msg} with its new text. An extension to tgl.' },
			{ name: 'on_msg_receive', value: 'on_msg_receive', description: 'Every new message: {msg}' },
			{ name: 'on_our_id', value: 'on_our_id', description: 'Once per activation, after connecting: {our_id}' },
			{ name: 'on_secret_chat_update', value: 'on_secret_chat_update', description: 'A secret chat was requested, accepted or discarded: {peer, what_changed}' },
			{ name: 'on_user_update', value: 'on_user_update', description: 'A user changed (name, username, phone, photo, status, contact, blocked): {peer, what_changed}' },
		],
	},
	optionsCollection([
		{
			displayName: 'Advance Position When',
			name: 'advancePositionWhen',
			type: 'options',
			default: 'executionFinished',
			description: 'When the saved position moves past an event, which decides what a crash or restart of n8n can do to it',
			options: [
				{
					name: 'Execution Finished',
					value: 'executionFinished',
					description:
						'Only once the execution it started has finished, whatever its outcome: nothing is lost; after a restart, events whose executions were running (or finished after the last event emitted) are emitted again with "redelivered": true',
				},
				{
					name: 'Emitted',
					value: 'emitted',
					description: 'As soon as it is emitted: nothing is emitted twice; an event whose execution was running when n8n died is lost',
				},
			],
		},
		{
			displayName: 'Download Media',
			name: 'downloadMedia',
			type: 'boolean',
			default: false,
			description: 'Whether the file of a received photo, video, audio or document is attached as binary data',
		},
		{
			displayName: 'Binary Property',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			displayOptions: { show: { downloadMedia: [true] } },
			description: 'Name of the binary property the file goes into',
		},
		{
			displayName: 'Max Media Size (MB)',
			name: 'maxMediaSizeMb',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 20,
			displayOptions: { show: { downloadMedia: [true] } },
			description: 'Bigger files are not downloaded; the item then has a "media_note" that says so',
		},
		{
			displayName: 'Emit Edited Messages',
			name: 'emitEdited',
			type: 'boolean',
			default: false,
			description:
				'Whether an edited message is emitted again as on_msg_receive, with "edited": true (an extension to tgl). Choosing the on_msg_edit event emits these as on_msg_edit items instead, {msg, "edited": true}, with or without this option',
		},
		{
			displayName: 'Group Albums',
			name: 'groupAlbums',
			type: 'boolean',
			default: false,
			description:
				'Whether the photos and videos of an album come as one on_msg_receive item, {msgs: [...]}, once the album is complete, instead of one item per message; with Download Media their files are "<Binary Property>_0", "_1", …',
		},
		{
			displayName: 'Include Outgoing Messages',
			name: 'includeOutgoing',
			type: 'boolean',
			default: false,
			description: "Whether messages you send (from any device, or from this workflow's own replies) are emitted too; off by default so that replies do not loop back",
		},
		{
			displayName: 'Only These Chats',
			name: 'onlyPeers',
			type: 'string',
			default: '',
			placeholder: '@username, -1001234567890, 123456789',
			description: 'Comma-separated peers (marked ID, @username, link, secret_chat#ID or a secret chat\'s !name); empty = every chat',
		},
		{
			displayName: 'Accept Incoming Secret Chats',
			name: 'acceptSecretChats',
			type: 'boolean',
			default: false,
			description:
				"Whether secret chats other users start with you are accepted here while this trigger runs; off: they are left for your other apps to accept. A secret chat accepted here lives only in this n8n's state file",
		},
	]),
];
