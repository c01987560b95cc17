import type { INodeProperties } from 'n8n-workflow';
import type { ResourceOperations } from '../types';
import { copyMsg } from './copyMsg.operation';
import { deleteMsg } from './deleteMsg.operation';
import { editMsg } from './editMsg.operation';
import { getMsg } from './getMsg.operation';
import { loadAudio } from './loadAudio.operation';
import { loadDocument } from './loadDocument.operation';
import { loadDocumentThumb } from './loadDocumentThumb.operation';
import { loadPhoto } from './loadPhoto.operation';
import { loadVideo } from './loadVideo.operation';
import { loadVideoThumb } from './loadVideoThumb.operation';
import { msgGlobalSearch } from './msgGlobalSearch.operation';
import { pinMsg } from './pinMsg.operation';
import { restoreMsg } from './restoreMsg.operation';
import { sendReaction } from './sendReaction.operation';
import { unpinMsg } from './unpinMsg.operation';

export const msgOperations: ResourceOperations = {
	msgGlobalSearch,
	loadPhoto,
	loadVideo,
	loadVideoThumb,
	loadAudio,
	loadDocument,
	loadDocumentThumb,
	deleteMsg,
	restoreMsg,
	// Beyond tgl
	editMsg,
	pinMsg,
	unpinMsg,
	copyMsg,
	sendReaction,
	getMsg,
};

export const msgDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['msg'] } },
		default: 'msgGlobalSearch',
		options: [
			{
				name: 'Copy Message',
				value: 'copyMsg',
				description: 'Send a copy of a message (text with its formatting, or media with its caption) to a peer, without a "forwarded" header',
				action: 'Copy a message',
			},
			{
				name: 'Delete Message',
				value: 'deleteMsg',
				description:
					'Delete a message, for everyone by default; with an undo window the deletion waits and Restore Message can cancel it (tgl msg.delete_msg)',
				action: 'Delete a message',
			},
			{
				name: 'Download Audio',
				value: 'loadAudio',
				description: "Download a message's audio file or voice message as binary data; fails if the message has other media (tgl msg.load_audio)",
				action: 'Download the audio of a message',
			},
			{
				name: 'Download Document',
				value: 'loadDocument',
				description: "Download a message's file (any document, also videos and audio) as binary data (tgl msg.load_document)",
				action: 'Download the file of a message',
			},
			{
				name: 'Download Document Thumbnail',
				value: 'loadDocumentThumb',
				description: "Download the thumbnail image of a message's file as binary data (tgl msg.load_document_thumb)",
				action: 'Download the thumbnail of a message file',
			},
			{
				name: 'Download Photo',
				value: 'loadPhoto',
				description: "Download a message's photo in its largest size as binary data; fails if the message has other media (tgl msg.load_photo)",
				action: 'Download the photo of a message',
			},
			{
				name: 'Download Video',
				value: 'loadVideo',
				description: "Download a message's video as binary data; fails if the message has other media (tgl msg.load_video)",
				action: 'Download the video of a message',
			},
			{
				name: 'Download Video Thumbnail',
				value: 'loadVideoThumb',
				description: "Download the thumbnail image of a message's video as binary data (tgl msg.load_video_thumb)",
				action: 'Download the thumbnail of a message video',
			},
			{
				name: 'Edit Message',
				value: 'editMsg',
				description: 'Change the text of your message, or the caption of your media message; outputs the edited Msg',
				action: 'Edit a message',
			},
			{
				name: 'Get Messages',
				value: 'getMsg',
				description: 'Fetch messages by ID, one item per message',
				action: 'Get messages by ID',
			},
			{
				name: 'Pin Message',
				value: 'pinMsg',
				description: 'Pin a message in its chat, optionally without notifying anyone',
				action: 'Pin a message',
			},
			{
				name: 'React to Message',
				value: 'sendReaction',
				description: 'Put an emoji reaction on a message, or remove yours',
				action: 'React to a message',
			},
			{
				name: 'Restore Message',
				value: 'restoreMsg',
				description:
					'Cancel a deletion that Delete Message holds in its undo window in this n8n process; Telegram cannot undo a deletion that was carried out (tgl.restore_msg)',
				action: 'Restore a message deleted with an undo window',
			},
			{
				name: 'Search All Chats',
				value: 'msgGlobalSearch',
				description: 'Find messages containing a text in all your chats, newest first (tgl.msg_global_search)',
				action: 'Search messages in all chats',
			},
			{
				name: 'Unpin Message',
				value: 'unpinMsg',
				description: 'Unpin a message, or every pinned message of a chat when no message is given',
				action: 'Unpin a message',
			},
		],
	},
	...msgGlobalSearch.description,
	...loadPhoto.description,
	...loadVideo.description,
	...loadVideoThumb.description,
	...loadAudio.description,
	...loadDocument.description,
	...loadDocumentThumb.description,
	...deleteMsg.description,
	...restoreMsg.description,
	...editMsg.description,
	...pinMsg.description,
	...unpinMsg.description,
	...copyMsg.description,
	...sendReaction.description,
	...getMsg.description,
];
