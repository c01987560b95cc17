// Every user, group and channel the account has seen in a result or an update, so that the
// nodes can address a peer again, and build tgl Peers, without asking the server.
import { Api } from 'telegram';
import { entityKey, peerKey } from '../tgl/peerId';
import type { PeerKey } from '../tgl/types';

export type Entity = Api.User | Api.Chat | Api.ChatForbidden | Api.Channel | Api.ChannelForbidden;

export class EntityStore {
	private readonly byKey = new Map<PeerKey, Entity>();
	private readonly byUsername = new Map<string, PeerKey>();
	private readonly byPhone = new Map<string, PeerKey>();

	/** Takes the users and chats of any TL result or update container. */
	absorb(result: unknown): void {
		if (!result || typeof result !== 'object') return;
		if (Array.isArray(result)) {
			for (const r of result) if (r instanceof Api.User) this.put(r);
			return;
		}
		const r = result as { users?: unknown[]; chats?: unknown[] };
		if (Array.isArray(r.users)) for (const u of r.users) if (u instanceof Api.User) this.put(u);
		if (Array.isArray(r.chats)) for (const c of r.chats) this.put(c as Entity);
	}

	put(e: Entity): void {
		if (!(e instanceof Api.User || e instanceof Api.Chat || e instanceof Api.ChatForbidden || e instanceof Api.Channel || e instanceof Api.ChannelForbidden)) {
			return;
		}
		const key = entityKey(e);
		const old = this.byKey.get(key);
		// A "min" constructor lacks a usable access hash and most fields: never let it replace a full one.
		if (old && (e as Api.User).min && !(old as Api.User).min) return;
		this.byKey.set(key, e);
		const username = (e as Api.User).username;
		if (username) this.byUsername.set(username.toLowerCase(), key);
		const phone = (e as Api.User).phone;
		if (phone) this.byPhone.set(phone.replace(/\D/g, ''), key);
	}

	get(key: PeerKey): Entity | undefined {
		return this.byKey.get(key);
	}

	ofPeer(peer: Api.TypePeer): Entity | undefined {
		return this.byKey.get(peerKey(peer));
	}

	byUsernameOf(username: string): Entity | undefined {
		const key = this.byUsername.get(username.toLowerCase());
		return key ? this.byKey.get(key) : undefined;
	}

	byPhoneOf(phone: string): Entity | undefined {
		const key = this.byPhone.get(phone.replace(/\D/g, ''));
		return key ? this.byKey.get(key) : undefined;
	}

	all(): IterableIterator<Entity> {
		return this.byKey.values();
	}
}
