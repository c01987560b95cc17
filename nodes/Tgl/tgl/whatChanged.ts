// tgl's what_changed lists: which parts of a peer an update touched.
import { Api } from 'telegram';
import { WHAT_CHANGED } from './constants';
import { nonEmpty } from './convert';
import { secretChatState, toUserStatus } from './peer';
import type { SecretChatState, TglPeer, TglUserStatus, WhatChanged } from './types';

const ORDER = new Map<WhatChanged, number>(WHAT_CHANGED.map((w, i) => [w, i]));

/** Deduplicated, in tgl's order ("status", our extension, last). */
export function sortWhatChanged(set: Iterable<WhatChanged>): WhatChanged[] {
	return [...new Set(set)].sort((a, b) => (ORDER.get(a) ?? 0) - (ORDER.get(b) ?? 0));
}

/** null means "not known" for these: going to null is not a change. */
function boolChanged(a: boolean | null, b: boolean | null): boolean {
	return b !== null && !!a !== !!b;
}

function knownChanged<T>(a: T | null, b: T | null): boolean {
	return b !== null && a !== b;
}

function statusChanged(a: TglUserStatus | null, b: TglUserStatus | null): boolean {
	if (!b) return false;
	return !a || a.online !== b.online || a.when !== b.when || a.status !== b.status;
}

function membersChanged(a: TglPeer, b: TglPeer): boolean {
	if (knownChanged(a.members_count, b.members_count)) return true;
	// An empty list means "members unknown", not "no members".
	if (!b.user_list?.length) return false;
	const before = [...(a.user_list ?? [])].sort((x, y) => x - y);
	const after = [...b.user_list].sort((x, y) => x - y);
	return before.length !== after.length || before.some((id, i) => id !== after[i]);
}

function stateChange(a: SecretChatState | null, b: SecretChatState | null): WhatChanged | undefined {
	if (b === null || a === b) return undefined;
	if (b === 'working') return 'working';
	if (b === 'deleted') return 'deleted';
	return 'requested';
}

/** What a first sight is compared against: nothing known. */
function blankLike(p: TglPeer): TglPeer {
	return {
		...p,
		name: '',
		user_id: null,
		user_list: p.user_list ? [] : null,
		user_status: p.user_status ? toUserStatus(undefined) : null,
		phone: null,
		username: null,
		first_name: null,
		last_name: null,
		access_hash: null,
		title: null,
		megagroup: null,
		photo_id: null,
		contact: null,
		blocked: null,
		bot: null,
		self: null,
		deleted: null,
		admin: null,
		left: null,
		members_count: null,
		state: null,
	};
}

/**
 * what_changed between two snapshots of one peer; prev undefined = first sight, which
 * gives "created" plus everything the peer already has. Works for every peer type
 * (keys that do not apply are null on both sides). "name" is the print name.
 */
export function diffPeer(prev: TglPeer | undefined, next: TglPeer): WhatChanged[] {
	const a = prev ?? blankLike(next);
	const out: WhatChanged[] = prev ? [] : ['created'];
	if (boolChanged(a.deleted, next.deleted)) out.push('deleted');
	if (a.phone !== next.phone) out.push('phone');
	if (boolChanged(a.contact, next.contact)) out.push('contact');
	if (a.photo_id !== next.photo_id) out.push('photo');
	if (boolChanged(a.blocked, next.blocked)) out.push('blocked');
	if (a.first_name !== next.first_name || a.last_name !== next.last_name) out.push('real_name');
	if (a.name !== next.name) out.push('name');
	const state = stateChange(a.state, next.state);
	if (state) out.push(state);
	if (boolChanged(a.bot, next.bot) || boolChanged(a.self, next.self) || boolChanged(a.left, next.left) || boolChanged(a.megagroup, next.megagroup)) {
		out.push('flags');
	}
	if (a.title !== next.title) out.push('title');
	if (boolChanged(a.admin, next.admin)) out.push('admin');
	if (membersChanged(a, next)) out.push('members');
	if (knownChanged(a.access_hash, next.access_hash)) out.push('access_hash');
	if (a.username !== next.username) out.push('username');
	if (statusChanged(a.user_status, next.user_status)) out.push('status');
	return sortWhatChanged(out);
}

/** on_user_update's what_changed. */
export function diffUser(prev: TglPeer | undefined, next: TglPeer): WhatChanged[] {
	return diffPeer(prev, next);
}

/** on_chat_update's what_changed (basic groups, supergroups and channels). */
export function diffChat(prev: TglPeer | undefined, next: TglPeer): WhatChanged[] {
	return diffPeer(prev, next);
}

/** on_secret_chat_update's what_changed. */
export function diffSecretChat(prev: TglPeer | undefined, next: TglPeer): WhatChanged[] {
	return diffPeer(prev, next);
}

function ifChanged(changed: boolean, what: WhatChanged[]): WhatChanged[] {
	return changed ? what : [];
}

/**
 * what_changed for an update that does not carry the whole peer. `prev` is the peer as
 * known before (when known: then unchanged fields are not reported); `next` the peer after,
 * when the caller has it — updates that carry nothing (UpdateUser, UpdateChat,
 * UpdateChannel, anything unlisted) are answered by diffing prev and next, or [] without next.
 */
export function whatChangedForUpdate(update: Api.TypeUpdate, prev?: TglPeer, next?: TglPeer): WhatChanged[] {
	if (update instanceof Api.UpdateUserName) {
		if (!prev) return ['real_name', 'name', 'username'];
		const first = nonEmpty(update.firstName);
		const last = nonEmpty(update.lastName);
		const username = nonEmpty(update.usernames.find((u) => u.active)?.username);
		const names = first !== prev.first_name || last !== prev.last_name;
		return sortWhatChanged([
			...ifChanged(names, ['real_name', 'name']),
			...ifChanged(username !== prev.username, ['username']),
		]);
	}
	if (update instanceof Api.UpdateUserPhone) {
		return prev ? ifChanged(nonEmpty(update.phone) !== prev.phone, ['phone']) : ['phone'];
	}
	if (update instanceof Api.UpdateUserStatus) {
		return prev ? ifChanged(statusChanged(prev.user_status, toUserStatus(update.status)), ['status']) : ['status'];
	}
	if (update instanceof Api.UpdatePeerBlocked) {
		return prev ? ifChanged(prev.blocked !== !!update.blocked, ['blocked']) : ['blocked'];
	}
	if (
		update instanceof Api.UpdateChatParticipants ||
		update instanceof Api.UpdateChatParticipantAdd ||
		update instanceof Api.UpdateChatParticipantDelete ||
		update instanceof Api.UpdateChatParticipant ||
		update instanceof Api.UpdateChannelParticipant
	) {
		return ['members'];
	}
	if (update instanceof Api.UpdateChatParticipantAdmin) return ['admin'];
	if (update instanceof Api.UpdateEncryption) {
		if (next) return diffPeer(prev, next);
		const state = stateChange(prev?.state ?? null, secretChatState(update.chat));
		return state ? [state] : [];
	}
	return next ? diffPeer(prev, next) : [];
}
