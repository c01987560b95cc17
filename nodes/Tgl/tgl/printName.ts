// tg's print names: the names telegram-cli users typed to address a peer.
import type { PeerKey, PeerTypeName } from './types';

/**
 * tg's rule: non-empty parts joined with "_", every char <= 0x20 becomes "_" and every "#"
 * becomes "@" (so "#" is left free for the "#1" duplicate suffix).
 */
export function printNameBase(parts: ReadonlyArray<string | null | undefined>): string {
	return parts
		.filter((p): p is string => !!p)
		.join('_')
		.replace(/[\u0000-\u0020]/g, '_')
		.replace(/#/g, '@');
}

/** Stand-in when a peer has no name at all (tg left it empty, which nobody could type). */
function fallbackBase(type: PeerTypeName, id: number): string {
	return printNameBase([`${type}#${id}`]);
}

export function userPrintBase(firstName: string | null | undefined, lastName: string | null | undefined, id: number): string {
	return printNameBase([firstName, lastName]) || fallbackBase('user', id);
}

export function chatPrintBase(title: string | null | undefined, type: 'chat' | 'channel', id: number): string {
	return printNameBase([title]) || fallbackBase(type, id);
}

/** "!" + the other user's names; "!_user@ID" while that user is unknown. */
export function secretChatPrintBase(
	user: { first_name: string | null; last_name: string | null } | undefined,
	userId: number | null,
	chatId: number,
): string {
	if (user && (user.first_name || user.last_name)) return printNameBase(['!', user.first_name, user.last_name]);
	if (userId !== null) return printNameBase(['!', `user#${userId}`]);
	return printNameBase(['!', `secret_chat#${chatId}`]);
}

/**
 * The registry that makes print names unique, one per account: a peer whose base name is
 * taken by another peer gets "#1", "#2"…; a peer keeps its name for as long as its base
 * name does not change. Also answers name → peer for users who address peers by name.
 */
export class PrintNames {
	private readonly byName = new Map<string, PeerKey>();
	private readonly byKey = new Map<PeerKey, { base: string; name: string }>();

	/** The unique name for `key` given its base name (see the *PrintBase helpers). */
	assign(key: PeerKey, base: string): string {
		const current = this.byKey.get(key);
		if (current && current.base === base) return current.name;
		if (current) this.byName.delete(current.name);
		let name = base;
		for (let n = 1; this.byName.has(name); n++) name = `${base}#${n}`;
		this.byName.set(name, key);
		this.byKey.set(key, { base, name });
		return name;
	}

	nameOf(key: PeerKey): string | undefined {
		return this.byKey.get(key)?.name;
	}

	/** Exact print name → peer key; undefined when no peer has that name. */
	lookup(name: string): PeerKey | undefined {
		return this.byName.get(name);
	}

	forget(key: PeerKey): void {
		const current = this.byKey.get(key);
		if (!current) return;
		this.byName.delete(current.name);
		this.byKey.delete(key);
	}

	get size(): number {
		return this.byKey.size;
	}
}
