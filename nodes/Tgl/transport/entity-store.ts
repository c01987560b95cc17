// Every user, group and channel the account has seen in a result or an update, so that the
// nodes can address a peer again, and build tgl Peers, without asking the server.
import { Api } from 'telegram';
import { printBaseOf } from '../tgl/peer';
import { entityKey, makePeerKey, peerKey } from '../tgl/peerId';
import { PrintNames } from '../tgl/printName';
import type { PeerKey } from '../tgl/types';

export type Entity = Api.User | Api.Chat | Api.ChatForbidden | Api.Channel | Api.ChannelForbidden;

export class EntityStore {
	/** tg print names of every peer stored here, so the same set of peers always gets the same names. */
	readonly names = new PrintNames();
	private readonly byKey = new Map<PeerKey, Entity>();
	/**
	 * Lowercase username → its owner as last reported. Usernames move between accounts, and
	 * Telegram only tells contacts and chat partners: a hit is a hint to check, never proof.
	 */
	private readonly byUsername = new Map<string, PeerKey>();
	private readonly usernamesOf = new Map<PeerKey, string[]>();
	private readonly byPhone = new Map<string, PeerKey>();

	/** Takes the users and chats of any TL result or update container, and username changes in its updates. */
	absorb(result: unknown): void {
		if (!result || typeof result !== 'object') return;
		if (Array.isArray(result)) {
			for (const r of result) if (r instanceof Api.User) this.put(r);
			return;
		}
		const r = result as { users?: unknown[]; chats?: unknown[]; updates?: unknown[]; otherUpdates?: unknown[]; update?: unknown };
		if (Array.isArray(r.users)) for (const u of r.users) if (u instanceof Api.User) this.put(u);
		if (Array.isArray(r.chats)) for (const c of r.chats) this.put(c as Entity);
		for (const update of [...(r.updates ?? []), ...(r.otherUpdates ?? []), r.update]) {
			if (update instanceof Api.UpdateUserName) this.userRenamed(update);
		}
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
		const base = printBaseOf(e);
		if (base !== undefined) this.names.assign(key, base);
		// The newest object is the truth about its usernames: one it no longer shows is gone.
		if (e instanceof Api.User || e instanceof Api.Channel) this.setUsernames(key, activeUsernames(e.username, e.usernames));
		const phone = (e as Api.User).phone;
		if (phone) this.byPhone.set(phone.replace(/\D/g, ''), key);
	}

	get(key: PeerKey): Entity | undefined {
		return this.byKey.get(key);
	}

	ofPeer(peer: Api.TypePeer): Entity | undefined {
		return this.byKey.get(peerKey(peer));
	}

	/** The last known owner of a username; callers must confirm it still holds it (see resolve-peer). */
	byUsernameOf(username: string): Entity | undefined {
		const key = this.byUsername.get(username.toLowerCase());
		return key ? this.byKey.get(key) : undefined;
	}

	/** Telegram said nobody holds this username (USERNAME_NOT_OCCUPIED). */
	forgetUsername(username: string): void {
		const name = username.toLowerCase();
		const key = this.byUsername.get(name);
		if (!key) return;
		this.byUsername.delete(name);
		this.usernamesOf.set(key, (this.usernamesOf.get(key) ?? []).filter((n) => n !== name));
	}

	byPhoneOf(phone: string): Entity | undefined {
		const key = this.byPhone.get(phone.replace(/\D/g, ''));
		return key ? this.byKey.get(key) : undefined;
	}

	all(): IterableIterator<Entity> {
		return this.byKey.values();
	}

	/** updateUserName: the user's usernames now, told to contacts and chat partners. */
	private userRenamed(update: Api.UpdateUserName): void {
		const key = makePeerKey('user', update.userId.toJSNumber());
		const usernames = activeUsernames(undefined, update.usernames);
		this.setUsernames(key, usernames);
		const user = this.byKey.get(key);
		if (user instanceof Api.User) {
			user.username = update.usernames.find((u) => u.active)?.username;
			user.usernames = update.usernames.length ? update.usernames : undefined;
		}
	}

	private setUsernames(key: PeerKey, usernames: string[]): void {
		for (const old of this.usernamesOf.get(key) ?? []) {
			if (!usernames.includes(old) && this.byUsername.get(old) === key) this.byUsername.delete(old);
		}
		for (const name of usernames) {
			const previous = this.byUsername.get(name);
			if (previous && previous !== key) {
				this.usernamesOf.set(previous, (this.usernamesOf.get(previous) ?? []).filter((n) => n !== name));
			}
			this.byUsername.set(name, key);
		}
		if (usernames.length) this.usernamesOf.set(key, usernames);
		else this.usernamesOf.delete(key);
	}
}

/** The main username and every active extra one (collectible usernames), lowercase. */
function activeUsernames(username: string | null | undefined, usernames: Api.TypeUsername[] | null | undefined): string[] {
	const names = new Set<string>();
	if (username) names.add(username.toLowerCase());
	for (const u of usernames ?? []) if (u.active && u.username) names.add(u.username.toLowerCase());
	return [...names];
}
