// Service message actions → tgl's ACTION_* constants and their details.
import { Api } from 'telegram';
import {
	ACTION_CHAT_ADD_USER,
	ACTION_CHAT_ADD_USER_BY_LINK,
	ACTION_CHAT_CREATE,
	ACTION_CHAT_DELETE_PHOTO,
	ACTION_CHAT_DELETE_USER,
	ACTION_CHAT_EDIT_PHOTO,
	ACTION_CHAT_EDIT_TITLE,
	ACTION_NONE,
	ACTION_SCREENSHOT_MESSAGES,
	ACTION_SET_MESSAGE_TTL,
} from './constants';
import { plainFields, toDecimal, toNum } from './convert';
import type { TglActionDetails } from './types';

export interface TglAction {
	action: number;
	/** GramJS class name, so actions tg did not know stay distinguishable. */
	action_type: string;
	action_details: TglActionDetails;
}

function ids(list: ReadonlyArray<{ toString(): string }>): number[] {
	return list.map(toNum);
}

/** Never throws: actions tg did not know map to ACTION_NONE with their scalar fields. */
export function toAction(action: Api.TypeMessageAction): TglAction {
	const action_type = action.className;
	const known = (code: number, action_details: TglActionDetails): TglAction => ({ action: code, action_type, action_details });
	if (action instanceof Api.MessageActionChatCreate) {
		return known(ACTION_CHAT_CREATE, { title: action.title, users: ids(action.users) });
	}
	if (action instanceof Api.MessageActionChatEditTitle) return known(ACTION_CHAT_EDIT_TITLE, { title: action.title });
	if (action instanceof Api.MessageActionChatEditPhoto) {
		const photo = action.photo instanceof Api.Photo ? toDecimal(action.photo.id) : null;
		return known(ACTION_CHAT_EDIT_PHOTO, photo ? { photo_id: photo } : {});
	}
	if (action instanceof Api.MessageActionChatDeletePhoto) return known(ACTION_CHAT_DELETE_PHOTO, {});
	if (action instanceof Api.MessageActionChatAddUser) return known(ACTION_CHAT_ADD_USER, { users: ids(action.users) });
	if (action instanceof Api.MessageActionChatJoinedByLink) {
		return known(ACTION_CHAT_ADD_USER_BY_LINK, { inviter_id: toNum(action.inviterId) });
	}
	// Joining through an invite link that needs approval is still a join by link.
	if (action instanceof Api.MessageActionChatJoinedByRequest) return known(ACTION_CHAT_ADD_USER_BY_LINK, {});
	if (action instanceof Api.MessageActionChatDeleteUser) return known(ACTION_CHAT_DELETE_USER, { user_id: toNum(action.userId) });
	// Today's private-chat TTL and screenshot notices mean what tg's secret-chat ones meant.
	if (action instanceof Api.MessageActionSetMessagesTTL) return known(ACTION_SET_MESSAGE_TTL, { ttl: action.period });
	if (action instanceof Api.MessageActionScreenshotTaken) return known(ACTION_SCREENSHOT_MESSAGES, {});
	if (action instanceof Api.MessageActionChannelCreate) return known(ACTION_NONE, { title: action.title });
	if (action instanceof Api.MessageActionChatMigrateTo) return known(ACTION_NONE, { channel_id: toNum(action.channelId) });
	if (action instanceof Api.MessageActionChannelMigrateFrom) {
		return known(ACTION_NONE, { title: action.title, chat_id: toNum(action.chatId) });
	}
	return known(ACTION_NONE, plainFields(action));
}
