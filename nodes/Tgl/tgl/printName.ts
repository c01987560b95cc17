// tg's print names: the names telegram-cli users typed to address a peer.
import { parsePeerKey } from './peerId';
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

/** What a print name stands for: one peer, or several that share a bare name (never guessed). */
export type PrintNameMatch = { key: PeerKey } | { ambiguous: PeerKey[] } | undefined;

const TYPE_ORDER: Record<PeerTypeName, number> = { user: 0, chat: 1, channel: 2, secret_chat: 3 };

/** Id order (then type), so that the same set of peers always gets the same suffixes. */
function byIdOrder(a: PeerKey, b: PeerKey): number {
	const pa = parsePeerKey(a);
	const pb = parsePeerKey(b);
	if (!pa || !pb) return a < b ? -1 : a > b ? 1 : 0;
	return pa.id - pb.id || TYPE_ORDER[pa.type_name] - TYPE_ORDER[pb.type_name];
}

/**
 * The registry that makes print names unique, one per account. Peers sharing a base name are
 * ranked by id: the lowest keeps the bare name, the next ones get "#1", "#2"…, so the names
 * depend only on which peers are known, never on the order they were seen in. A bare name that
 * several peers share answers `ambiguous` on lookup: who is meant cannot be known.
 */
export class PrintNames {
	private readonly baseOf = new Map<PeerKey, string>();
	/** Peers by base name, in id order. */
	private readonly carriers = new Map<string, PeerKey[]>();

	/** Registers (or re-registers) `key` under its base name (see the *PrintBase helpers); returns its name. */
	assign(key: PeerKey, base: string): string {
		if (this.baseOf.get(key) !== base) {
			this.forget(key);
			this.baseOf.set(key, base);
			const list = this.carriers.get(base) ?? [];
			list.push(key);
			list.sort(byIdOrder);
			this.carriers.set(base, list);
		}
		return this.nameOf(key)!;
	}

	nameOf(key: PeerKey): string | undefined {
		const base = this.baseOf.get(key);
		if (base === undefined) return undefined;
		const rank = this.carriers.get(base)!.indexOf(key);
		return rank ? `${base}#${rank}` : base;
	}

	/** Exact print name → the peer; a bare name that several peers carry → all of them. */
	lookup(name: string): PrintNameMatch {
		const carriers = this.carriers.get(name);
		if (carriers) return carriers.length === 1 ? { key: carriers[0] } : { ambiguous: [...carriers] };
		// Base names never contain "#", so "Base#n" can only be the n-th duplicate.
		const suffixed = /^(.+)#([1-9]\d*)$/.exec(name);
		const key = suffixed ? this.carriers.get(suffixed[1])?.[Number(suffixed[2])] : undefined;
		return key ? { key } : undefined;
	}

	forget(key: PeerKey): void {
		const base = this.baseOf.get(key);
		if (base === undefined) return;
		this.baseOf.delete(key);
		const rest = this.carriers.get(base)!.filter((k) => k !== key);
		if (rest.length) this.carriers.set(base, rest);
		else this.carriers.delete(base);
	}

	get size(): number {
		return this.baseOf.size;
	}
}
