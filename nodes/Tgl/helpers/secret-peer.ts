// A secret chat given as a peer: its Peer object (type 4), "secret_chat#<id>", or its print name
// ("!First_Last"). Only the account's own state file knows these chats, so they are looked up
// there and never sent to Telegram as a peer.
import { PeerInputError, readLocator } from './resolve-peer';
import { parsePeerKey } from '../tgl/peerId';
import { secretChatPeer } from '../secret/tgl-items';
import type { SecretChatRecord } from '../secret/service';
import type { AccountClient } from '../transport/account-client';
import { secretChatsOf, type AccountSecretChats } from '../transport/secret-chats';

export interface SecretTarget {
	hub: AccountSecretChats;
	record: SecretChatRecord;
	/** Its print name, for messages. */
	name: string;
}

/** The id of the secret chat `value` names, or undefined when it names none (or cannot tell yet). */
function secretIdOf(value: unknown): number | 'byName' | undefined {
	if (value && typeof value === 'object') {
		const p = value as { type?: unknown; type_name?: unknown; id?: unknown };
		const secret = p.type_name === 'secret_chat' || (p.type_name === undefined && Number(p.type) === 4);
		return secret && Number.isSafeInteger(Number(p.id)) ? Number(p.id) : undefined;
	}
	const text = String(value ?? '').trim();
	const key = parsePeerKey(text);
	if (key?.type_name === 'secret_chat') return key.id;
	return text.startsWith('!') ? 'byName' : undefined;
}

/** The secret chat the peer value names; undefined for every other peer (resolvePeer takes those). */
export async function secretChatTarget(account: AccountClient, value: unknown): Promise<SecretTarget | undefined> {
	const { mode, value: inner } = readLocator(value);
	if (mode === 'username') return undefined;
	const id = secretIdOf(inner);
	if (id === undefined) return undefined;
	const hub = await secretChatsOf(account);
	const ctx = await account.mapContext();
	// Naming every chat registers their print names, so "!Bob" finds its chat.
	const names = new Map(hub.service.chats().map((r) => [r.id, secretChatPeer(r, ctx).name]));
	let chatId: number | undefined;
	if (id === 'byName') {
		const match = account.names.lookup(String(inner).trim());
		if (!match) return undefined; // not a secret chat's name: maybe some other peer's
		if ('ambiguous' in match) throw new PeerInputError(`Several secret chats are named "${String(inner).trim()}": give it as secret_chat#<id>`);
		const key = parsePeerKey(match.key);
		if (key?.type_name !== 'secret_chat') return undefined;
		chatId = key.id;
	} else {
		chatId = id;
	}
	const record = hub.service.chatById(chatId);
	if (!record) {
		throw new PeerInputError(
			`Secret chat ${chatId} is not known to this account: a secret chat lives only in the state file of the device ` +
				'(this n8n, with this credential) that created or accepted it',
		);
	}
	return { hub, record, name: names.get(chatId) ?? `secret_chat#${chatId}` };
}
