// The secret chats of one connected account: one SecretChatService per AccountClient, created on
// first use (by the trigger or an action), fed by the account's update engine, caught up from its
// saved qts, and stopped (its state file unlocked) when the connection closes. Triggers listen to
// it; the action node sends through it; both see the same chats and keys.
import { join } from 'path';
import type { Api } from 'telegram';
import { SecretChatService, type SecretChatRecord, type SecretServiceState, type StoredMessage, type WhatChanged } from '../secret/service';
import { StateFile, stateDir, stateFileName, stateKey } from '../secret/state-file';
import { engineFor } from '../updates/registry';
import type { AccountClient } from './account-client';

export interface SecretListener {
	/** Accept incoming requests on this device while this listener is there. */
	acceptIncoming?: boolean;
	chatUpdate?(chat: SecretChatRecord, whatChanged: WhatChanged[]): void;
	message?(chat: SecretChatRecord, message: StoredMessage): void;
}

export class AccountSecretChats {
	private readonly listeners = new Set<SecretListener>();

	constructor(readonly service: SecretChatService) {
		service.events = {
			chatUpdate: (chat, what) => {
				for (const l of [...this.listeners]) l.chatUpdate?.(chat, what);
			},
			message: (chat, message) => {
				for (const l of [...this.listeners]) l.message?.(chat, message);
			},
		};
	}

	get listening(): boolean {
		return this.listeners.size > 0;
	}

	/**
	 * Adds a listener. One that accepts incoming chats also accepts the requests still waiting
	 * (they arrived while nobody accepted; one taken by another device meanwhile just fails).
	 */
	listen(listener: SecretListener): () => void {
		this.listeners.add(listener);
		this.refreshAccept();
		if (listener.acceptIncoming) {
			for (const chat of this.service.chats()) {
				if (chat.state === 'requested') void this.service.accept(chat.id).catch(() => undefined);
			}
		}
		return () => {
			this.listeners.delete(listener);
			this.refreshAccept();
		};
	}

	private refreshAccept(): void {
		this.service.setAcceptIncoming([...this.listeners].some((l) => l.acceptIncoming));
	}
}

const hubs = new WeakMap<AccountClient, Promise<AccountSecretChats>>();

/** The account's secret chats, started on first use; a failed start is tried afresh next time. */
export function secretChatsOf(account: AccountClient): Promise<AccountSecretChats> {
	let hub = hubs.get(account);
	if (!hub) {
		hub = openSecretChats(account);
		hubs.set(account, hub);
		hub.catch(() => hubs.delete(account));
	}
	return hub;
}

async function openSecretChats(account: AccountClient): Promise<AccountSecretChats> {
	const authKey = account.client.session.getAuthKey()?.getKey();
	if (!authKey) throw new Error('This account has no auth key yet, so it cannot keep secret chats');
	const store = new StateFile<SecretServiceState>(join(stateDir(), stateFileName(authKey)), stateKey(authKey));
	const service = new SecretChatService({ invoke: <R extends Api.AnyRequest>(request: R) => account.call(request) }, store);
	await service.start();
	const hub = new AccountSecretChats(service);
	const engine = engineFor(account);
	let unsubscribe: () => void = () => undefined;
	account.beforeClose(async () => {
		unsubscribe();
		hubs.delete(account);
		await service.stop();
	});
	try {
		await engine.start();
		// updateEncryption / updateNewEncryptedMessage come in qts order through the one live stream.
		unsubscribe = engine.subscribe({
			onEvent: (event) => {
				if (event.type === 'update') void service.handleUpdate(event.update).catch(() => undefined);
			},
		});
		const cursor = engine.cursor!;
		await service.catchUp({ pts: cursor.pts, date: cursor.date, qts: cursor.qts });
	} catch (error) {
		unsubscribe();
		await service.stop();
		throw error;
	}
	return hub;
}
