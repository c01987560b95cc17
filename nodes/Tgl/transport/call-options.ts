// The Request Settings of the work under way: the action node's router runs each item inside
// `withCallOptions`, and so do the trigger's downloads and the peer list search. `call` reads
// them here, so no operation or helper passes them along (and a new one cannot forget to).
// Outside a scope there are none: rate limits are not waited out.
import { AsyncLocalStorage } from 'async_hooks';

export interface CallOptions {
	/** FLOOD_WAIT up to this many seconds is waited out and the call retried; longer fails. */
	floodWaitMaxSeconds?: number;
}

const scope = new AsyncLocalStorage<CallOptions>();

export function withCallOptions<T>(options: CallOptions, work: () => Promise<T>): Promise<T> {
	return scope.run(options, work);
}

/** The options of the work under way ({} outside any). */
export function currentCallOptions(): CallOptions {
	return scope.getStore() ?? {};
}
