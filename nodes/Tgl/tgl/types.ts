// Plain-JSON shapes of tgl objects. Nothing here may hold a GramJS instance,
// a BigInteger or a Buffer: every value survives JSON.stringify unchanged.
import type { Api } from 'telegram';
import type { PEER_TYPES, WHAT_CHANGED } from './constants';
import type { TglMessageEntity } from './entities';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export type PeerTypeName = keyof typeof PEER_TYPES;
export type PeerType = (typeof PEER_TYPES)[PeerTypeName];

/** Lookup key of a peer, in tg's own "user#123" syntax; unique across types. */
export type PeerKey = `${PeerTypeName}#${number}`;

export type WhatChanged = (typeof WHAT_CHANGED)[number];

/** GramJS objects `toPeer` accepts (the secret chat one comes from our own layer). */
export type TglEntity =
	| Api.User
	| Api.UserEmpty
	| Api.Chat
	| Api.ChatEmpty
	| Api.ChatForbidden
	| Api.Channel
	| Api.ChannelForbidden;

export type UserStatusName = 'online' | 'offline' | 'recently' | 'last_week' | 'last_month' | 'empty';

export interface TglUserStatus {
	/** True only while the user is online (tg said true for every status but "empty"). */
	online: boolean;
	/** ISO date: when the online status expires, or when the user was last seen. */
	when: string | null;
	status: UserStatusName;
}

/** waiting: we asked; requested: they asked, we may accept; working: keys exchanged. */
export type SecretChatState = 'waiting' | 'requested' | 'working' | 'deleted';

/**
 * tgl.Peer. Every peer has every key; keys that do not apply to its type are null,
 * and keys that apply but are unknown (e.g. a peer only known by id) are null as well.
 */
export interface TglPeer {
	/** Raw positive id (tgl style); `type` tells the kind. */
	id: number;
	type: PeerType;
	type_name: PeerTypeName;
	/** tg print name, unique per account; see PrintNames. */
	name: string;
	/** user: itself; secret chat: the user at the other end; chats: null. */
	user_id: number | null;
	/** chat / channel: member ids when known, else []; users and secret chats: null. */
	user_list: number[] | null;
	user_status: TglUserStatus | null;
	phone: string | null;
	username: string | null;
	first_name: string | null;
	last_name: string | null;
	// Extensions (not in tgl):
	/** Bot API style marked id: user 123, chat -123, channel -1000000000123; null for secret chats. */
	peer_id: number | null;
	/** Decimal string, for users, channels and secret chats. */
	access_hash: string | null;
	title: string | null;
	/** Channels only: true for supergroups. */
	megagroup: boolean | null;
	photo_id: string | null;
	/** Users: in your contact list. */
	contact: boolean | null;
	/** Users: blocked by you; null when unknown (only full info and updates tell). */
	blocked: boolean | null;
	bot: boolean | null;
	/** Users: this is the logged-in account. */
	self: boolean | null;
	/** User deleted / chat deactivated / secret chat discarded. */
	deleted: boolean | null;
	/** Chats and channels: you are creator or admin. */
	admin: boolean | null;
	/** Chats and channels: you left or were removed. */
	left: boolean | null;
	members_count: number | null;
	/** Secret chats only. */
	state: SecretChatState | null;
}

export interface TglPhotoMedia {
	type: 'photo';
	caption?: string;
	id?: string;
	access_hash?: string;
	width?: number;
	height?: number;
	size?: number;
	/** Secret chats: the size of the preview carried inside the message (our extension). */
	thumb_width?: number;
	thumb_height?: number;
}

export interface TglGeoMedia {
	type: 'geo';
	longitude?: number;
	latitude?: number;
	/** Live locations: seconds the location is shared for. */
	live_period?: number;
}

export interface TglContactMedia {
	type: 'contact';
	phone?: string;
	first_name?: string;
	last_name?: string;
	/** 0 when the contact is not on Telegram (as in tg). */
	user_id: number;
}

export interface TglWebpageMedia {
	type: 'webpage';
	url?: string;
	title?: string;
	description?: string;
	author?: string;
	site_name?: string;
}

export interface TglVenueMedia {
	type: 'venue';
	longitude?: number;
	latitude?: number;
	title?: string;
	address?: string;
	provider?: string;
	venue_id?: string;
}

export interface TglDocumentMedia {
	/** tg folded everything into 'document'; we split out video and audio (voice too). */
	type: 'document' | 'video' | 'audio';
	caption?: string;
	id?: string;
	access_hash?: string;
	file_name?: string;
	mime_type?: string;
	size?: number;
	/** Seconds (video, audio). */
	duration?: number;
	width?: number;
	height?: number;
	/** Audio only. */
	voice?: boolean;
	performer?: string;
	title?: string;
	/** Video only: video message ("round") / GIF. */
	round?: boolean;
	animated?: boolean;
	/** Only present (true) on stickers. */
	sticker?: boolean;
	has_thumb?: boolean;
	/** Secret chats: the size of the preview carried inside the message (our extension). */
	thumb_width?: number;
	thumb_height?: number;
}

/** Extension (tg had no polls): a poll or quiz. */
export interface TglPollMedia {
	type: 'poll';
	poll_id: string;
	question: string;
	/** In order; `option` is the answer's id (decimal bytes joined by "," are rare: usually "0", "1", …). */
	answers: Array<{ text: string; option: string; voters?: number; chosen?: boolean; correct?: boolean }>;
	quiz: boolean;
	multiple_choice: boolean;
	/** false: an anonymous poll. */
	public_voters: boolean;
	closed: boolean;
	/** null while Telegram has not sent counts (nobody voted, or not visible yet). */
	total_voters: number | null;
	/** Quiz only, once known: the explanation shown after answering. */
	solution?: string;
}

export interface TglUnknownMedia {
	type: 'unknown';
	/** GramJS class name, e.g. "MessageMediaPoll". */
	media_type: string;
}

export type TglMedia =
	| TglPhotoMedia
	| TglGeoMedia
	| TglContactMedia
	| TglWebpageMedia
	| TglVenueMedia
	| TglDocumentMedia
	| TglPollMedia
	| TglUnknownMedia;

export type TglMediaKind = TglMedia['type'];

export interface TglActionDetails {
	title?: string;
	users?: number[];
	user_id?: number;
	inviter_id?: number;
	[key: string]: JsonValue | undefined;
}

/** tgl.Msg */
export interface TglMsg {
	id: number;
	flags: number;
	mention: boolean;
	out: boolean;
	unread: boolean;
	service: boolean;
	src: TglPeer | null;
	dest: TglPeer | null;
	/** null for service messages and for media without caption. */
	text: string | null;
	media: TglMedia | null;
	date: string | null;
	fwd_src: TglPeer | null;
	fwd_date: string | null;
	/** The replied-to message when the caller already had it (never fetched). */
	reply: TglMsg | null;
	reply_id: number | null;
	/** ACTION_* for service messages, else null. */
	action: number | null;
	// Extensions (not in tgl):
	/** GramJS class of the action, e.g. "MessageActionPinMessage". */
	action_type: string | null;
	action_details: TglActionDetails | null;
	edit_date: string | null;
	/** Forwards from users who hide their account: the name shown instead of fwd_src. */
	fwd_name: string | null;
	/** Album parts share it (decimal); null for a message sent on its own. */
	grouped_id: string | null;
	/** Secret chats: the self-destruct timer in seconds, when the message has one. */
	ttl?: number;
	/** The text's formatting (bold, links, code…), present only when it has some. */
	entities?: TglMessageEntity[];
}

export interface TglDialog {
	peer: TglPeer;
	message: TglMsg | null;
	unread: boolean;
	unread_count: number;
}

/** Ids up to which each side has read a conversation. */
export interface TglReadState {
	inbox_max_id: number;
	outbox_max_id: number;
}
