// Telegram's RPC errors as n8n errors: the error name first, then a sentence a user understands.
import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { FloodTestPhoneWaitError, FloodWaitError, RPCError, SlowModeWaitError } from 'telegram/errors';
import { CredentialProblem } from '../transport/connect-errors';
import { SLOT_RULE } from '../transport/worker-sessions';

const EXPLAINED: Record<string, string> = {
	PEER_ID_INVALID: 'Telegram does not know this peer for your account, or its access hash is wrong',
	CHANNEL_INVALID: 'The channel or supergroup is unknown to your account',
	CHANNEL_PRIVATE: 'You cannot access this channel: it is private or you were removed',
	USERNAME_NOT_OCCUPIED: 'No user or chat has this username',
	USERNAME_INVALID: 'This is not a valid Telegram username',
	PHONE_NOT_OCCUPIED: 'No Telegram account uses this phone number',
	CHAT_ADMIN_REQUIRED:
		'You must be an admin of this chat to do that, with the right it needs (ban users, add admins, change info, invite users…); in channels only admins see the member list',
	CHAT_WRITE_FORBIDDEN: 'You cannot write in this chat',
	CHAT_TITLE_EMPTY: 'The chat title cannot be empty',
	CHAT_TITLE_TOO_LONG: 'The chat title is longer than Telegram allows (128 characters)',
	CHAT_NOT_MODIFIED: 'Nothing changed: the chat already has this value',
	INVITE_HASH_EXPIRED: 'The invite link has expired or was revoked',
	INVITE_HASH_INVALID: 'The invite link is not valid',
	INVITE_HASH_EMPTY: 'The invite link has no hash',
	USER_PRIVACY_RESTRICTED: "The user's privacy settings do not allow this",
	INVITE_REQUEST_SENT: 'The link needs an admin to approve joining: the request was sent',
	USER_KICKED: 'The user was banned from this chat: lift the ban first',
	USER_BANNED_IN_CHANNEL: 'You are banned from this group or channel',
	USERS_TOO_MUCH: 'The chat has reached its maximum number of members',
	CHANNELS_TOO_MUCH: 'You are a member of too many groups and channels',
	USER_ADMIN_INVALID: 'You cannot remove or ban this admin',
	CHAT_ID_INVALID: 'The group is unknown to your account',
	PHOTO_INVALID: 'The photo is not a valid image',
	PHOTO_CROP_SIZE_SMALL: 'The photo is too small',
	FIRSTNAME_INVALID: 'The first name is not valid (1–64 characters)',
	LASTNAME_INVALID: 'The last name is not valid (at most 64 characters)',
	ABOUT_TOO_LONG: 'The about text is longer than Telegram allows (70 characters for users, 255 for chats)',
	USER_NOT_PARTICIPANT: 'The user is not a member of this chat',
	USER_ALREADY_PARTICIPANT: 'The user is already a member of this chat',
	USER_NOT_MUTUAL_CONTACT: 'The user is not a mutual contact',
	USER_ID_INVALID: 'The user id is not valid for your account',
	CONTACT_ID_INVALID: 'This user is not a valid contact',
	MESSAGE_EMPTY: 'The message text is empty',
	MESSAGE_TOO_LONG: 'The message is longer than Telegram allows (4096 characters)',
	MESSAGE_ID_INVALID: 'No message with this id exists in this chat',
	MESSAGE_IDS_EMPTY: 'No message id was given',
	MESSAGE_DELETE_FORBIDDEN: 'You cannot delete this message',
	MESSAGE_NOT_MODIFIED: 'Nothing changed: the message already has this text',
	MESSAGE_AUTHOR_REQUIRED: 'Only the author of this message can edit it (in channels also its admins)',
	MESSAGE_EDIT_TIME_EXPIRED: 'The message is too old to edit: Telegram allows edits for 48 hours',
	REACTION_INVALID: 'This emoji is not one of the reactions Telegram offers',
	REACTION_EMPTY: 'No reaction was given',
	REACTIONS_TOO_MANY: 'Too many reactions on this message for your account',
	USERNAME_OCCUPIED: 'This username is already taken',
	USERNAME_NOT_MODIFIED: 'Nothing changed: you already have this username',
	MEDIA_EMPTY: 'The message has no media to send',
	MEDIA_CAPTION_TOO_LONG: 'The caption is longer than Telegram allows (1024 characters, 4096 with Premium)',
	CHAT_FORWARDS_RESTRICTED: 'This chat does not allow forwarding or saving its messages',
	FILE_PARTS_INVALID: 'The uploaded file is incomplete',
	FILE_REFERENCE_EXPIRED: 'The file reference expired; fetch the message again',
	PHOTO_INVALID_DIMENSIONS: 'The photo dimensions are not valid',
	AUTH_KEY_UNREGISTERED: 'The session is not logged in (or was logged out): create a new session string',
	AUTH_KEY_DUPLICATED:
		`Telegram saw this session in use from two places at once and ended it, so it is no longer used: ${SLOT_RULE}, made with \`npx n8n-nodes-tgl login\``,
	SESSION_REVOKED: 'The session was terminated from another device: create a new session string',
	SESSION_EXPIRED: 'The session expired: create a new session string',
	USER_DEACTIVATED: 'This Telegram account was deleted or deactivated',
	API_ID_INVALID: 'The API ID / API hash pair is not valid',
	// Chat administration (issue 11, Beyond tgl).
	CHAT_ABOUT_TOO_LONG: 'The chat description is longer than Telegram allows (255 characters)',
	CHAT_ABOUT_NOT_MODIFIED: 'Nothing changed: the chat already has this description',
	ADMIN_RANK_INVALID: 'The custom admin title is not valid: at most 16 characters',
	ADMIN_RANK_EMOJI_NOT_ALLOWED: 'The custom admin title may not contain emoji',
	ADMINS_TOO_MUCH: 'The chat has reached its maximum number of admins (50)',
	RIGHT_FORBIDDEN: 'You cannot give rights you do not hold yourself, or this right does not apply here',
	USER_CREATOR: "This is the chat's creator: their admin rights cannot be changed",
	PARTICIPANT_ID_INVALID: 'This user cannot be banned here (you cannot ban yourself)',
	USAGE_LIMIT_INVALID: 'The usage limit of an invite link must be between 1 and 99999',
	EXPIRE_DATE_INVALID: 'The expiry date of the invite link must be in the future',
	// Polls, albums, scheduled messages (beyond tgl)
	POLL_ANSWERS_INVALID: 'A poll needs 2 to 10 answers',
	POLL_ANSWER_INVALID: 'A poll answer is empty or longer than 100 characters',
	POLL_QUESTION_INVALID: 'The poll question is empty or longer than 255 characters',
	QUIZ_CORRECT_ANSWERS_EMPTY: 'A quiz needs its correct answer',
	QUIZ_MULTIPLE_INVALID: 'A quiz cannot allow multiple answers',
	BROADCAST_PUBLIC_VOTERS_FORBIDDEN: 'Polls in channels must be anonymous',
	MULTI_MEDIA_TOO_LONG: 'An album holds at most 10 photos and videos',
	MEDIA_INVALID: 'Telegram cannot send this media (here)',
	SCHEDULE_DATE_TOO_LATE: 'Messages can be scheduled at most 365 days ahead',
	SCHEDULE_TOO_MUCH: 'This chat already has 100 scheduled messages, the most Telegram keeps',
};

/** Sentence for a Telegram error name; FLOOD_WAIT_X is told with its wait. */
export function explainRpcError(errorMessage: string): string {
	const flood = /^(?:FLOOD_WAIT|SLOWMODE_WAIT|FLOOD_PREMIUM_WAIT)_(\d+)$/.exec(errorMessage);
	if (flood) return `Telegram asks to wait ${flood[1]} seconds before this call (rate limit)`;
	return EXPLAINED[errorMessage] ?? 'Telegram refused the request';
}

/** Telegram's own error name: GramJS renames the ones with a number (FLOOD_WAIT_X → "FLOOD"). */
export function rpcErrorName(error: RPCError): string {
	if (error instanceof FloodWaitError) return `FLOOD_WAIT_${error.seconds}`;
	if (error instanceof SlowModeWaitError) return `SLOWMODE_WAIT_${error.seconds}`;
	if (error instanceof FloodTestPhoneWaitError) return `FLOOD_TEST_PHONE_WAIT_${error.seconds}`;
	return error.errorMessage;
}

/**
 * Any error as an n8n error that names the item (when there is one). Secrets that the caller
 * passes (transport/credentials `secretsOf`) are cut out of every text.
 */
export function toNodeError(
	node: INode,
	error: unknown,
	itemIndex?: number,
	secrets: string[] = [],
	context?: string,
): NodeApiError | NodeOperationError {
	const clean = (s: string) => redact(s, secrets);
	const where = [itemIndex === undefined ? undefined : `Item ${itemIndex}`, context].filter(Boolean).join(': ');
	if (error instanceof NodeOperationError || error instanceof NodeApiError) {
		error.message = clean(error.message);
		if (error.description) error.description = clean(error.description);
		if (itemIndex !== undefined) error.context.itemIndex ??= itemIndex;
		return error;
	}
	if (error instanceof CredentialProblem) {
		// The credential's server, proxy or fields: no item is at fault, so none is named.
		const message = clean(error.message);
		return new NodeApiError(node, { message } as JsonObject, {
			message,
			description: 'A problem with the Telegram MTProto (TGL) API credential or the server it points to',
		});
	}
	if (error instanceof RPCError) {
		const name = rpcErrorName(error);
		// GramJS names the request in its message: "... (caused by messages.GetDialogs)".
		const call = /\(caused by ([\w.]+)\)/.exec(error.message)?.[1];
		const answered = `Telegram answered ${error.code ?? ''} ${name}`.replace('  ', ' ') + (call ? ` to ${call}` : '');
		return new NodeApiError(node, { message: name, code: error.code ?? null } as JsonObject, {
			message: `${name}: ${explainRpcError(name)}`,
			description: [where, answered].filter(Boolean).join(': '),
			httpCode: String(error.code ?? ''),
			itemIndex,
		});
	}
	const text = clean(error instanceof Error ? error.message : String(error));
	return new NodeOperationError(node, text, { itemIndex, description: where || undefined });
}

/** Shortest secret that is cut out: shorter ones would cut common words, and are guessable anyway. */
const SHORTEST_SECRET = 4;

export function redact(text: string, secrets: string[]): string {
	let out = text;
	// Longest first, so that a secret inside another (the MTProxy key in its secret) goes whole.
	for (const s of [...secrets].sort((a, b) => b.length - a.length)) {
		if (s && s.length >= SHORTEST_SECRET) out = out.split(s).join('[redacted]');
	}
	return out;
}
