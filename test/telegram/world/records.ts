// The world's plain data: what tests inspect and what tl.ts renders per viewer.
import type { Api } from 'telegram';
import type { BigInteger } from 'big-integer';
import type { BoxEvent } from './account';
import type { PtsLog } from './ptsLog';

/** A dialog peer as seen from one account. */
export type PeerRef = { userId: number } | { chatId: number } | { channelId: number };

export interface UserRecord {
	id: number;
	accessHash: BigInteger;
	firstName: string;
	lastName: string;
	username?: string;
	/** Digits only, no '+'. */
	phone?: string;
	about?: string;
	online: boolean;
	/** userStatusOnline.expires while online, else was_online. */
	statusDate: number;
	photoId?: number;
	/** Refuses invitations to groups and channels (USER_PRIVACY_RESTRICTED). */
	privacyRestricted: boolean;
	/** A bot account (listed by channelParticipantsBots). */
	bot?: boolean;
}

export interface ContactRecord {
	userId: number;
	/** Names the owner saved; absent means the user's own names show. */
	firstName?: string;
	lastName?: string;
}

export interface ChatMemberRecord {
	userId: number;
	inviterId: number;
	date: number;
	admin: boolean;
}

/** A basic group. */
export interface ChatRecord {
	id: number;
	title: string;
	photoId?: number;
	date: number;
	version: number;
	creatorId: number;
	participants: Map<number, ChatMemberRecord>;
	/** Former members who were removed by someone else (they see chatForbidden). */
	kicked: Set<number>;
	/** The group's description (messages.editChatAbout). */
	about?: string;
}

export interface ChannelMemberRecord {
	userId: number;
	inviterId: number;
	date: number;
	admin: boolean;
	readInboxMaxId: number;
	/** The rights an admin was given (ChatAdminRights flag names); absent for the creator: all. */
	rights?: string[];
	/** The admin's custom title. */
	rank?: string;
	promotedBy?: number;
}

export interface ChannelRecord {
	id: number;
	accessHash: BigInteger;
	title: string;
	about: string;
	username?: string;
	photoId?: number;
	date: number;
	megagroup: boolean;
	creatorId: number;
	members: Map<number, ChannelMemberRecord>;
	kicked: Set<number>;
	/** Bans by channels.editBanned: who banned and until when (0: forever), by user id. */
	bans?: Map<number, { kickedBy: number; date: number; untilDate: number }>;
	/** The channel's own message box, shared by all members. */
	pts: number;
	nextMessageId: number;
	/** Ascending by id; deleted messages are removed. */
	messages: MessageRecord[];
	byId: Map<number, MessageRecord>;
	log: PtsLog<BoxEvent>;
}

export type MediaRecord =
	| { kind: 'photo'; photoId: number }
	| { kind: 'document'; documentId: number }
	| { kind: 'geo'; lat: number; long: number }
	| { kind: 'contact'; phone: string; firstName: string; lastName: string; vcard: string; userId: number }
	| { kind: 'poll'; poll: PollRecord };

/** A poll or quiz as sent (votes are not modelled: results stay empty). */
export interface PollRecord {
	id: number;
	question: string;
	answers: Array<{ text: string; option: Buffer }>;
	quiz: boolean;
	multipleChoice: boolean;
	publicVoters: boolean;
	/** Quiz only: the option of the correct answer. */
	correct: Buffer[];
	solution?: string;
}

export type ActionRecord =
	| { kind: 'chatCreate'; title: string; userIds: number[] }
	| { kind: 'channelCreate'; title: string }
	| { kind: 'addUser'; userIds: number[] }
	| { kind: 'deleteUser'; userId: number }
	| { kind: 'editTitle'; title: string }
	| { kind: 'editPhoto'; photoId: number }
	| { kind: 'deletePhoto' }
	| { kind: 'joinedByLink'; inviterId: number }
	| { kind: 'pinMessage' };

export interface ForwardRecord {
	from?: PeerRef;
	date: number;
	channelPost?: number;
}

export interface MessageRecord {
	id: number;
	/** Account whose box holds it, or the channel's id for channel messages. */
	ownerId: number;
	inChannel: boolean;
	/** The dialog from the owner's side. */
	peer: PeerRef;
	/** Author; undefined for broadcast channel posts. */
	fromId?: number;
	/** Outgoing from the owner's side (common box only; channels decide per viewer). */
	out: boolean;
	date: number;
	text: string;
	media?: MediaRecord;
	replyToId?: number;
	fwd?: ForwardRecord;
	action?: ActionRecord;
	editDate?: number;
	noWebpage?: boolean;
	silent?: boolean;
	/** Formatting (bold, links…) as the sender gave it. */
	entities?: Api.TypeMessageEntity[];
	/** Pinned in this box (or the channel). */
	pinned?: boolean;
	/** Reactor's user id → emoji; one map shared by every copy of the message (world/reactions.ts). */
	reactions?: Map<number, string>;
	/** Album parts share it (messages.sendMultiMedia); decimal. */
	groupedId?: string;
	deleted?: boolean;
	/** The same message in every box it landed in (private chats, basic groups). */
	copies?: MessageRecord[];
	/** Global creation order: a tie-break when dialogs share a date. */
	order: number;
}

export interface PhotoSizeRecord {
	type: string;
	w: number;
	h: number;
	bytes: Buffer;
}

export interface PhotoRecord {
	id: number;
	accessHash: BigInteger;
	fileReference: Buffer;
	date: number;
	/** The DC that stores the file (upload.getFile elsewhere answers FILE_MIGRATE_X). */
	dcId: number;
	/** Largest last; 'x' holds the uploaded bytes as they came. */
	sizes: PhotoSizeRecord[];
	stripped: Buffer;
}

export interface DocumentRecord {
	id: number;
	accessHash: BigInteger;
	fileReference: Buffer;
	date: number;
	mimeType: string;
	bytes: Buffer;
	/** The DC that stores the file (upload.getFile elsewhere answers FILE_MIGRATE_X). */
	dcId: number;
	attributes: Api.TypeDocumentAttribute[];
	thumbs: PhotoSizeRecord[];
}

export interface InviteRecord {
	hash: string;
	/** Basic group or channel id. */
	targetId: number;
	adminId: number;
	date: number;
	expireDate?: number;
	usageLimit?: number;
	usage: number;
	title?: string;
	revoked: boolean;
}

/** What World.sendMessage tells a test: the message's id in each box. */
export interface SentMessage {
	/** Id in the sender's box (or the channel's). */
	id: number;
	date: number;
	/** Account id → message id in that account's box (for channels, the channel id everywhere). */
	boxes: Record<number, number>;
}
