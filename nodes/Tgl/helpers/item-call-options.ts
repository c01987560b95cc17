// The Request Settings of the item being executed, for work deep inside a lookup that no
// operation calls directly: the dialog crawl that resolving a peer by id may start. The router
// runs each item inside `withItemCallOptions`; outside an item there are none.
import { AsyncLocalStorage } from 'async_hooks';
import type { CallOptions } from '../transport/account-client';

const scope = new AsyncLocalStorage<CallOptions>();

export function withItemCallOptions<T>(options: CallOptions, work: () => Promise<T>): Promise<T> {
	return scope.run(options, work);
}

/** The current item's call options ({} outside an item: rate limits are not waited out). */
export function itemCallOptions(): CallOptions {
	return scope.getStore() ?? {};
}
