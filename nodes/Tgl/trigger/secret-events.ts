// The trigger's side of secret chats: on_secret_chat_update from the account's SecretChatService,
// its decrypted messages as on_msg_receive (dest: the secret chat Peer, type 4), the "Accept
// Incoming Secret Chats" option, and the messages saved while no trigger listened, emitted once.
import { existsSync } from 'fs';
import { join } from 'path';
import type { IDataObject } from 'n8n-workflow';
import type { MapContext } from '../tgl/context';
import { secretChatPeer, secretMsg } from '../secret/tgl-items';
import type { SecretChatRecord, StoredMessage } from '../secret/service';
import { stateDir, stateFileName } from '../secret/state-file';
import type { AccountClient } from '../transport/account-client';
import { listenSecretChats, secretChatsOpened, whenSecretChatsOpen, type AccountSecretChats } from '../transport/secret-chats';
import type { TglEventName, TriggerOptions } from './options';

export interface SecretEventSettings {
	events: Set<TglEventName>;
	options: TriggerOptions;
	/** An active workflow: messages it emits count as delivered (the editor's test listening does not). */
	active: boolean;
	/** Whether a peer key is in the trigger's "Only These Chats" (always true when unset). */
	inScope(key: string): boolean;
	emit(json: IDataObject): void;
}

/** Whether this account has secret chats to follow (a state file, or the option that accepts new ones). */
function wanted(account: AccountClient, s: SecretEventSettings): boolean {
	if (s.events.has('on_secret_chat_update') || s.options.acceptSecretChats) return true;
	if (!s.events.has('on_msg_receive')) return false;
	if (secretChatsOpened(account)) return true;
	const authKey = account.client.session.getAuthKey()?.getKey();
	return !!authKey && existsSync(join(stateDir(), stateFileName(authKey)));
}

export class SecretTriggerEvents {
	private stop: (() => void) | undefined;
	/** chat:id of messages emitted by this activation (a live one may also be in the backlog). */
	private readonly emitted = new Set<string>();
	private cancelWait: (() => void) | undefined;
	private closed = false;
	private hub: AccountSecretChats | undefined;
	private ctx!: MapContext;

	constructor(
		private readonly account: AccountClient,
		private readonly s: SecretEventSettings,
	) {}

	/**
	 * Listens, then emits the saved messages not emitted yet. Resolves with the error that stops
	 * the trigger: a failed start only matters when secret-chat events were asked for.
	 */
	async start(): Promise<Error | undefined> {
		if (!wanted(this.account, this.s)) {
			// No chats yet: follow them once an action (Create Secret Chat) opens them in this process.
			if (this.s.events.has('on_msg_receive')) {
				this.cancelWait = whenSecretChatsOpen(this.account, () => {
					this.cancelWait = undefined;
					if (!this.closed) void this.start();
				});
			}
			return undefined;
		}
		this.ctx = await this.account.mapContext();
		// Listening starts before the service does, so what its catch-up brings is heard too.
		const { stop, ready } = listenSecretChats(this.account, {
			acceptIncoming: !!this.s.options.acceptSecretChats,
			chatUpdate: (chat, what) => this.chatUpdate(chat, what),
			message: (chat, message) => this.messages(chat, [message]),
		});
		this.stop = stop;
		const started = await ready.then(
			(hub) => ({ hub }),
			(error: Error) => ({ error }),
		);
		if ('error' in started) {
			this.close();
			return this.s.events.has('on_secret_chat_update') || this.s.options.acceptSecretChats ? started.error : undefined;
		}
		const hub: AccountSecretChats = started.hub;
		this.hub = hub;
		if (this.s.active) for (const chat of hub.service.chats()) this.messages(chat, chat.history.filter((m) => !m.delivered && !m.out));
		return undefined;
	}

	close(): void {
		this.closed = true;
		this.cancelWait?.();
		this.stop?.();
		this.stop = undefined;
	}

	private chatUpdate(chat: SecretChatRecord, what: string[]): void {
		if (!this.stop || !this.s.events.has('on_secret_chat_update') || !this.s.inScope(`secret_chat#${chat.id}`)) return;
		this.s.emit({ event: 'on_secret_chat_update', peer: secretChatPeer(chat, this.ctx) as unknown as IDataObject, what_changed: what });
	}

	private messages(chat: SecretChatRecord, messages: StoredMessage[]): void {
		if (!this.stop || !this.s.events.has('on_msg_receive') || !this.s.inScope(`secret_chat#${chat.id}`)) return;
		const delivered: number[] = [];
		for (const m of messages) {
			const key = `${chat.id}:${m.id}`;
			if (this.emitted.has(key) || (m.out && !this.s.options.includeOutgoing)) continue;
			this.emitted.add(key);
			this.s.emit({ event: 'on_msg_receive', msg: secretMsg(chat, m, this.ctx) as unknown as IDataObject });
			delivered.push(m.id);
		}
		if (this.s.active && delivered.length) void this.hub?.service.markDelivered(chat.id, delivered).catch(() => undefined);
	}
}
