import type { INodeProperties } from 'n8n-workflow';
import { peerLocator } from '../../descriptions/peer-locator';

/** The optional `peer` of the msg operations: the chat the message id belongs to. */
export function messageChatLocator(): INodeProperties {
	return peerLocator({
		required: false,
		description:
			'The chat the message is in. Needed for channels and supergroups (their message IDs are counted per channel); optional for private chats and basic groups; not needed when Message is a Msg object.',
	});
}
