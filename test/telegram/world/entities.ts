// Collects the users and chats a TL answer mentions, then renders them for the viewer.
import type { Api } from 'telegram';
import type { World } from './world';
import type { MessageRecord, PeerRef } from './records';
import { channelTl, chatTl, userTl } from './tl';

export class Entities {
	readonly users = new Set<number>();
	readonly chats = new Set<number>();
	readonly channels = new Set<number>();

	user(id: number | undefined): this {
		if (id) this.users.add(id);
		return this;
	}

	peer(peer: PeerRef | undefined): this {
		if (!peer) return this;
		if ('userId' in peer) this.users.add(peer.userId);
		else if ('chatId' in peer) this.chats.add(peer.chatId);
		else this.channels.add(peer.channelId);
		return this;
	}

	message(message: MessageRecord): this {
		this.peer(message.peer).user(message.fromId).peer(message.fwd?.from);
		const action = message.action;
		if (action?.kind === 'chatCreate' || action?.kind === 'addUser') action.userIds.forEach((id) => this.users.add(id));
		if (action?.kind === 'deleteUser') this.users.add(action.userId);
		if (action?.kind === 'joinedByLink') this.users.add(action.inviterId);
		if (message.media?.kind === 'contact') this.user(message.media.userId);
		return this;
	}

	merge(other: Entities): this {
		other.users.forEach((id) => this.users.add(id));
		other.chats.forEach((id) => this.chats.add(id));
		other.channels.forEach((id) => this.channels.add(id));
		return this;
	}

	build(w: World, viewerId: number): { users: Api.TypeUser[]; chats: Api.TypeChat[] } {
		const users = [...this.users].map((id) => userTl(w, viewerId, id));
		const chats = [
			...[...this.chats].map((id) => chatTl(w, viewerId, id)),
			...[...this.channels].map((id) => channelTl(w, viewerId, id)),
		];
		return { users, chats };
	}
}
