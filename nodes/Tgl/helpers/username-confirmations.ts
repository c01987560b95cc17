// Usernames whose owner was confirmed during one execution of the action node. A batch of items
// sent to the same @name checks its owner once, not once per item: a name moving to someone else
// within one execution is no risk worth a request per item. Outside an execution nothing is kept.
import { AsyncLocalStorage } from 'async_hooks';
import type { PeerKey } from '../tgl/types';

const scope = new AsyncLocalStorage<Map<string, PeerKey>>();

export function withUsernameConfirmations<T>(work: () => Promise<T>): Promise<T> {
	return scope.run(new Map(), work);
}

/** The peer the name was confirmed for in this execution, if any. */
export function confirmedOwnerOf(username: string): PeerKey | undefined {
	return scope.getStore()?.get(username.toLowerCase());
}

export function confirmOwner(username: string, key: PeerKey): void {
	scope.getStore()?.set(username.toLowerCase(), key);
}
