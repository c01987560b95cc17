// tgl's numeric constants, with the values tg's Python module exposed.

export const PEER_USER = 1;
export const PEER_CHAT = 2;
export const PEER_ENCR_CHAT = 4;
// tgl HEAD used 5 for channels; we use it for broadcast channels and supergroups alike.
export const PEER_CHANNEL = 5;

export const PEER_TYPE_NAMES = {
	[PEER_USER]: 'user',
	[PEER_CHAT]: 'chat',
	[PEER_ENCR_CHAT]: 'secret_chat',
	[PEER_CHANNEL]: 'channel',
} as const;

export const PEER_TYPES = {
	user: PEER_USER,
	chat: PEER_CHAT,
	secret_chat: PEER_ENCR_CHAT,
	channel: PEER_CHANNEL,
} as const;

/** tgl's TGLMF_* message flags. */
export const MSG_FLAGS = {
	UNREAD: 1,
	OUT: 2,
	DISABLE_PREVIEW: 4,
	MENTION: 16,
	CREATED: 256,
	PENDING: 512,
	DELETED: 1024,
	ENCRYPTED: 2048,
	EMPTY: 4096,
	SERVICE: 8192,
} as const;

export const ACTION_NONE = 0;
export const ACTION_GEO_CHAT_CREATE = 1;
export const ACTION_GEO_CHAT_CHECKIN = 2;
export const ACTION_CHAT_CREATE = 3;
export const ACTION_CHAT_EDIT_TITLE = 4;
export const ACTION_CHAT_EDIT_PHOTO = 5;
export const ACTION_CHAT_DELETE_PHOTO = 6;
export const ACTION_CHAT_ADD_USER = 7;
export const ACTION_CHAT_ADD_USER_BY_LINK = 8;
export const ACTION_CHAT_DELETE_USER = 9;
export const ACTION_SET_MESSAGE_TTL = 10;
export const ACTION_READ_MESSAGES = 11;
export const ACTION_DELETE_MESSAGES = 12;
export const ACTION_SCREENSHOT_MESSAGES = 13;
export const ACTION_FLUSH_HISTORY = 14;
export const ACTION_RESEND = 15;
export const ACTION_NOTIFY_LAYER = 16;
export const ACTION_TYPING = 17;
export const ACTION_NOOP = 18;
export const ACTION_COMMIT_KEY = 19;
export const ACTION_ABORT_KEY = 20;
export const ACTION_REQUEST_KEY = 21;
export const ACTION_ACCEPT_KEY = 22;

/** The constants by their Python name, e.g. for a node's options list. */
export const ACTIONS = {
	ACTION_NONE,
	ACTION_GEO_CHAT_CREATE,
	ACTION_GEO_CHAT_CHECKIN,
	ACTION_CHAT_CREATE,
	ACTION_CHAT_EDIT_TITLE,
	ACTION_CHAT_EDIT_PHOTO,
	ACTION_CHAT_DELETE_PHOTO,
	ACTION_CHAT_ADD_USER,
	ACTION_CHAT_ADD_USER_BY_LINK,
	ACTION_CHAT_DELETE_USER,
	ACTION_SET_MESSAGE_TTL,
	ACTION_READ_MESSAGES,
	ACTION_DELETE_MESSAGES,
	ACTION_SCREENSHOT_MESSAGES,
	ACTION_FLUSH_HISTORY,
	ACTION_RESEND,
	ACTION_NOTIFY_LAYER,
	ACTION_TYPING,
	ACTION_NOOP,
	ACTION_COMMIT_KEY,
	ACTION_ABORT_KEY,
	ACTION_REQUEST_KEY,
	ACTION_ACCEPT_KEY,
} as const;

/** tgl's what_changed strings in tgl's bit order; "status" is our extension, kept last. */
export const WHAT_CHANGED = [
	'created',
	'deleted',
	'phone',
	'contact',
	'photo',
	'blocked',
	'real_name',
	'name',
	'requested',
	'working',
	'flags',
	'title',
	'admin',
	'members',
	'access_hash',
	'username',
	'status',
] as const;
