import type { INodeProperties } from 'n8n-workflow';
import type { ResourceOperations } from '../types';
import { fwdMedia } from './fwdMedia.operation';
import { fwdMsg } from './fwdMsg.operation';
import { getHistory } from './getHistory.operation';
import { info } from './info.operation';
import { markRead } from './markRead.operation';
import { msgSearch } from './msgSearch.operation';
import { sendAlbum } from './sendAlbum.operation';
import { sendAudio } from './sendAudio.operation';
import { sendDocument } from './sendDocument.operation';
import { sendLocation } from './sendLocation.operation';
import { sendMsg } from './sendMsg.operation';
import { sendPhoto } from './sendPhoto.operation';
import { sendPoll } from './sendPoll.operation';
import { sendText } from './sendText.operation';
import { sendTyping } from './sendTyping.operation';
import { sendTypingAbort } from './sendTypingAbort.operation';
import { sendVideo } from './sendVideo.operation';
import { setSelfDestructTimer } from './setSelfDestructTimer.operation';

export const peerOperations: ResourceOperations = {
	info,
	sendMsg,
	getHistory,
	sendPhoto,
	sendVideo,
	sendAudio,
	sendDocument,
	sendText,
	sendLocation,
	fwdMsg,
	fwdMedia,
	sendTyping,
	sendTypingAbort,
	markRead,
	msgSearch,
	// Beyond tgl
	sendPoll,
	sendAlbum,
	setSelfDestructTimer,
};

export const peerDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['peer'] } },
		default: 'sendMsg',
		options: [
			{
				name: 'Cancel Typing',
				value: 'sendTypingAbort',
				description: 'Stop showing "typing…" to a user, group, channel or secret chat (tgl peer.send_typing_abort)',
				action: 'Stop showing typing in a chat',
			},
			{
				name: 'Forward Media',
				value: 'fwdMedia',
				description:
					'Send the photo, video, audio, document, location or contact of an existing message again, without a "Forwarded from" header; needs the message ID with its From Chat, or a Msg object (tgl peer.fwd_media)',
				action: 'Re-send the media of a message',
			},
			{
				name: 'Forward Message',
				value: 'fwdMsg',
				description:
					'Forward an existing message, with its "Forwarded from" header; needs the message ID with its From Chat, or a Msg object (tgl peer.fwd_msg)',
				action: 'Forward a message',
			},
			{
				name: 'Get History',
				value: 'getHistory',
				description: 'Get the messages of a chat, newest first, skipping Offset and returning up to Limit (tgl peer.get_history)',
				action: 'Get the message history of a chat',
			},
			{
				name: 'Get Info',
				value: 'info',
				description: 'Get the full profile of a user, group or channel; groups list their members (tgl peer.info)',
				action: 'Get info about a user, group or channel',
			},
			{
				name: 'Mark as Read',
				value: 'markRead',
				description: 'Mark every message of a chat as read (tgl peer.mark_read)',
				action: 'Mark a chat as read',
			},
			{
				name: 'Search Messages',
				value: 'msgSearch',
				description: 'Find the messages of one chat that contain a text, newest first; one item per message (tgl peer.msg_search)',
				action: 'Search messages in a chat',
			},
			{
				name: 'Send Album',
				value: 'sendAlbum',
				description: 'Send 2 to 10 photos and videos from binary fields as one album; one output item per message (beyond tgl)',
				action: 'Send an album of photos and videos',
			},
			{
				name: 'Send Audio',
				value: 'sendAudio',
				description: 'Send an audio file from a binary field, playable in the music player, with optional title, performer and duration (tgl peer.send_audio)',
				action: 'Send an audio file',
			},
			{
				name: 'Send Document',
				value: 'sendDocument',
				description: 'Send any file from a binary field as a document, exactly as it is (tgl peer.send_document)',
				action: 'Send a file as a document',
			},
			{
				name: 'Send Location',
				value: 'sendLocation',
				description: 'Send a map location from a latitude and a longitude in decimal degrees (tgl peer.send_location)',
				action: 'Send a location',
			},
			{
				name: 'Send Message',
				value: 'sendMsg',
				description: 'Send a text message, optionally as a reply and with the link preview forced on or off (tgl peer.send_msg)',
				action: 'Send a text message',
			},
			{
				name: 'Send Photo',
				value: 'sendPhoto',
				description: 'Send an image from a binary field as a photo, with an optional caption (tgl peer.send_photo)',
				action: 'Send a photo',
			},
			{
				name: 'Send Poll',
				value: 'sendPoll',
				description: 'Send a poll or a quiz with 2 to 10 answers (beyond tgl)',
				action: 'Send a poll or a quiz',
			},
			{
				name: 'Send Text File',
				value: 'sendText',
				description:
					'Send the text of a UTF-8 text file from a binary field as a message; text over 4096 characters is split into several messages or fails, as chosen (tgl peer.send_text)',
				action: 'Send the text of a file as a message',
			},
			{
				name: 'Send Typing',
				value: 'sendTyping',
				description: 'Show "typing…" to a user, group or channel for a few seconds (tgl peer.send_typing)',
				action: 'Show typing in a chat',
			},
			{
				name: 'Send Video',
				value: 'sendVideo',
				description: 'Send a video file from a binary field, playable in the chat, with optional duration, size and caption (tgl peer.send_video)',
				action: 'Send a video',
			},
			{
				name: 'Set Self-Destruct Timer',
				value: 'setSelfDestructTimer',
				description: "Set a secret chat's self-destruct timer for the messages sent from now on; 0 turns it off (tgl set_encr_chat_ttl)",
				action: 'Set the self destruct timer of a secret chat',
			},
		],
	},
	...info.description,
	...sendMsg.description,
	...getHistory.description,
	...sendPhoto.description,
	...sendVideo.description,
	...sendAudio.description,
	...sendDocument.description,
	...sendText.description,
	...sendLocation.description,
	...fwdMsg.description,
	...fwdMedia.description,
	...sendTyping.description,
	...sendTypingAbort.description,
	...markRead.description,
	...msgSearch.description,
	...sendPoll.description,
	...sendAlbum.description,
	...setSelfDestructTimer.description,
];
