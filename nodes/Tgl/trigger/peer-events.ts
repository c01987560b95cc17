// on_user_update / on_chat_update / on_secret_chat_update: which peer an update or a service
// message touched, and what changed, against the last snapshot this trigger saw of that peer.
import { Api } from 'telegram';
import type { MapContext } from '../tgl/context';
import { participantIds, toPeer } from '../tgl/peer';
import { entityKey, peerKey } from '../tgl/peerId';
import type { PeerKey, TglEntity, TglPeer, WhatChanged } from '../tgl/types';
import { diffPeer, sortWhatChanged, whatChangedForUpdate } from '../tgl/whatChanged';
import { returnBigInt } from 'telegram/Helpers';
import type { EntityStore } from '../transport/entity-store';

export type PeerEventName = 'on_user_update' | 'on_chat_update' | 'on_secret_chat_update';

export interface PeerChange {
	event: PeerEventName;
	peer: TglPeer;
	what_changed: WhatChanged[];
}

const MAX_SNAPSHOTS = 20_000;

const userPeer = (id: { toString(): string }) => new Api.PeerUser({ userId: returnBigInt(id.toString()) });

/**
 * Chat-side changes a service message stands for. Basic groups also get updateChatParticipants
 * with the whole member list, so their "members" comes from there (once, with user_list).
 */
function actionChanges(action: Api.TypeMessageAction, inChannel: boolean): WhatChanged[] {
	if (action instanceof Api.MessageActionChatCreate || action instanceof Api.MessageActionChannelCreate) return ['created'];
	if (action instanceof Api.MessageActionChatEditTitle) return ['title', 'name'];
	if (action instanceof Api.MessageActionChatEditPhoto || action instanceof Api.MessageActionChatDeletePhoto) return ['photo'];
	if (
		action instanceof Api.MessageActionChatAddUser ||
		action instanceof Api.MessageActionChatDeleteUser ||
		action instanceof Api.MessageActionChatJoinedByLink ||
		action instanceof Api.MessageActionChatJoinedByRequest
	) {
		return inChannel ? ['members'] : [];
	}
	if (action instanceof Api.MessageActionChatMigrateTo || action instanceof Api.MessageActionChannelMigrateFrom) return ['flags'];
	return [];
}

export class PeerWatch {
	private readonly snapshots = new Map<PeerKey, TglPeer>();

	constructor(private readonly entities: EntityStore) {}

	/** Peers a new message shows for the first time ("created"), and chat changes of service messages. */
	fromMessage(message: Api.Message | Api.MessageService, ctx: MapContext): PeerChange[] {
		const changes: PeerChange[] = [];
		for (const ref of [message.fromId, message.peerId]) {
			if (!ref || this.snapshots.has(peerKey(ref))) continue;
			const entity = ctx.peer(ref);
			if (entity) this.push(changes, this.change(entity, ctx, () => ['created']));
		}
		if (message instanceof Api.MessageService && !(message.peerId instanceof Api.PeerUser)) {
			const implied = actionChanges(message.action, message.peerId instanceof Api.PeerChannel);
			const entity = ctx.peer(message.peerId);
			if (implied.length && entity) this.push(changes, this.change(entity, ctx, () => implied));
			for (const userId of usersOfAction(message.action)) {
				const user = ctx.peer(userPeer(userId));
				if (user && !this.snapshots.has(entityKey(user))) this.push(changes, this.change(user, ctx, () => ['created']));
			}
		}
		return changes;
	}

	/** Changes an update carries for a user, a chat or a secret chat. */
	fromUpdate(update: Api.TypeUpdate, ctx: MapContext): PeerChange[] {
		const changes: PeerChange[] = [];
		const user = this.patchedUser(update);
		if (user) {
			const blocked = update instanceof Api.UpdatePeerBlocked ? update.blocked : undefined;
			this.push(changes, this.change(user, ctx, (prev, next) => whatChangedForUpdate(update, prev, next), { blocked }));
			return changes;
		}
		const chatRef = chatOf(update);
		if (chatRef) {
			const entity = ctx.peer(chatRef);
			const participants =
				update instanceof Api.UpdateChatParticipants && update.participants instanceof Api.ChatParticipants
					? participantIds(update.participants)
					: undefined;
			if (entity) {
				this.push(changes, this.change(entity, ctx, (prev, next) => whatChangedForUpdate(update, prev, next), { participants }));
			}
			return changes;
		}
		if (update instanceof Api.UpdateEncryption) {
			const peer = toPeer(update.chat, ctx);
			const key = `secret_chat#${peer.id}` as PeerKey;
			const what = sortWhatChanged([...whatChangedForUpdate(update, this.snapshots.get(key), peer)]);
			this.remember(key, peer);
			if (what.length) changes.push({ event: 'on_secret_chat_update', peer, what_changed: what });
		}
		return changes;
	}

	/** The user an update is about, with the update applied to the stored entity (it may not carry the user). */
	private patchedUser(update: Api.TypeUpdate): Api.User | undefined {
		let id: { toString(): string } | undefined;
		if (
			update instanceof Api.UpdateUserName ||
			update instanceof Api.UpdateUserStatus ||
			update instanceof Api.UpdateUserPhone ||
			update instanceof Api.UpdateUser ||
			update instanceof Api.UpdateUserEmojiStatus
		) {
			id = update.userId;
		} else {
			const ref = peerOfPeerUpdate(update);
			if (ref instanceof Api.PeerUser) id = ref.userId;
		}
		if (id === undefined) return undefined;
		const user = this.entities.ofPeer(userPeer(id));
		if (!(user instanceof Api.User)) return undefined;
		if (update instanceof Api.UpdateUserName) {
			user.firstName = update.firstName;
			user.lastName = update.lastName;
			user.username = update.usernames.find((u) => u.active)?.username;
		} else if (update instanceof Api.UpdateUserStatus) {
			user.status = update.status;
		} else if (update instanceof Api.UpdateUserPhone) {
			user.phone = update.phone;
		}
		return user;
	}

	/**
	 * The change to report for an entity: `implied` says what the update or action touched
	 * (given the last snapshot and the new peer); against a snapshot, real differences count too.
	 */
	private change(
		entity: TglEntity,
		ctx: MapContext,
		implied: (prev: TglPeer | undefined, next: TglPeer) => WhatChanged[],
		extras: { blocked?: boolean; participants?: number[] } = {},
	): PeerChange | undefined {
		const key = entityKey(entity);
		const known = extras.participants ?? this.snapshots.get(key)?.user_list ?? undefined;
		const next = toPeer(entity, ctx, {
			...(extras.blocked === undefined ? {} : { blocked: extras.blocked }),
			...(known && hasMemberList(entity) ? { participants: known } : {}),
		});
		const prev = this.snapshots.get(key);
		const touched = implied(prev, next);
		let what: WhatChanged[];
		if (touched.includes('created')) what = prev ? [] : diffPeer(undefined, next);
		else what = sortWhatChanged([...touched, ...(prev ? diffPeer(prev, next) : [])]);
		this.remember(key, next);
		if (!what.length) return undefined;
		const event: PeerEventName = next.type_name === 'user' ? 'on_user_update' : 'on_chat_update';
		return { event, peer: next, what_changed: what };
	}

	private push(list: PeerChange[], change: PeerChange | undefined): void {
		if (change) list.push(change);
	}

	private remember(key: PeerKey, peer: TglPeer): void {
		if (this.snapshots.size >= MAX_SNAPSHOTS && !this.snapshots.has(key)) {
			this.snapshots.delete(this.snapshots.keys().next().value as PeerKey);
		}
		this.snapshots.set(key, peer);
	}
}

/** Groups and channels carry a member list; users do not. */
function hasMemberList(entity: TglEntity): boolean {
	return !(entity instanceof Api.User || entity instanceof Api.UserEmpty);
}

function chatOf(update: Api.TypeUpdate): Api.TypePeer | undefined {
	if (update instanceof Api.UpdateChatParticipants) {
		return new Api.PeerChat({ chatId: update.participants.chatId });
	}
	if (
		update instanceof Api.UpdateChatParticipantAdd ||
		update instanceof Api.UpdateChatParticipantDelete ||
		update instanceof Api.UpdateChatParticipantAdmin ||
		update instanceof Api.UpdateChatParticipant ||
		update instanceof Api.UpdateChat
	) {
		return new Api.PeerChat({ chatId: update.chatId });
	}
	if (update instanceof Api.UpdateChannel || update instanceof Api.UpdateChannelParticipant) {
		return new Api.PeerChannel({ channelId: update.channelId });
	}
	const ref = peerOfPeerUpdate(update);
	return ref instanceof Api.PeerUser ? undefined : ref;
}

function peerOfPeerUpdate(update: Api.TypeUpdate): Api.TypePeer | undefined {
	if (update instanceof Api.UpdatePeerBlocked) return update.peerId;
	if (update instanceof Api.UpdatePeerSettings) return update.peer;
	return undefined;
}

function usersOfAction(action: Api.TypeMessageAction): { toString(): string }[] {
	if (action instanceof Api.MessageActionChatCreate || action instanceof Api.MessageActionChatAddUser) return action.users;
	if (action instanceof Api.MessageActionChatDeleteUser) return [action.userId];
	return [];
}
