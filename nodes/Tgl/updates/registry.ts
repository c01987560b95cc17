// One update engine per connected account, created on first use and closed with the connection.
import type { AccountClient } from '../transport/account-client';
import { DEFAULT_ENGINE_OPTIONS, UpdateEngine } from './engine';

const engines = new WeakMap<AccountClient, UpdateEngine>();

export function engineFor(account: AccountClient): UpdateEngine {
	let engine = engines.get(account);
	if (!engine) {
		const created = new UpdateEngine(account, DEFAULT_ENGINE_OPTIONS);
		engine = created;
		engines.set(account, created);
		account.beforeClose(async () => {
			created.close();
			engines.delete(account);
		});
	}
	return engine;
}
