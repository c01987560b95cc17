// A chat's life: requesting one (we create), a request arriving and being accepted, the peer
// accepting ours (the fingerprint check), a failed key-exchange check, and the end (discarded by
// either side). Each change is saved before its chatUpdate event.
import { randomInt } from 'crypto';
import { Api } from 'telegram';
import { attempt } from './attempt';
import { SecretChat } from './chat';
import type { DhConfigResult } from './dh-config';
import type { SecretChatError } from './errors';
import { big, inputChat, native, randomId } from './gramjs-values';
import { acceptRequest, beginRequest, completeRequest } from './handshake';
import type { SecretChatRecord } from './records';
import { SECRET_LAYER } from './schema';
import { sendNow } from './secret-sender';
import { clearHoleTimer, note, save, type SecretCore } from './service-core';

async function dhConfig(core: SecretCore): Promise<DhConfigResult> {
	return (await core.client.invoke(new Api.messages.GetDhConfig({ version: core.dh.version, randomLength: 256 }))) as DhConfigResult;
}

/** tgl.create_secret_chat: requests a chat with the user; it is 'waiting' until accepted. */
export async function createChat(core: SecretCore, user: Api.TypeInputUser, userId: number): Promise<SecretChatRecord> {
	const pending = beginRequest(core.dh, await dhConfig(core));
	const id = randomInt(1, 2 ** 31 - 1);
	const result = await core.client.invoke(new Api.messages.RequestEncryption({ userId: user, randomId: id, gA: pending.gA }));
	if (!(result instanceof Api.EncryptedChatWaiting) || result.id !== id) throw new Error('requestEncryption answered something unexpected');
	const record: SecretChatRecord = {
		id,
		accessHash: native(result.accessHash),
		userId,
		creator: true,
		state: 'waiting',
		date: result.date,
		pending,
		sent: {},
		history: [],
	};
	core.state.chats[id] = record;
	await save(core);
	core.events.chatUpdate?.(record, ['created']);
	return record;
}

/** Accepts an incoming request on this device (the user's other devices lose it). */
export async function acceptChat(core: SecretCore, id: number): Promise<SecretChatRecord> {
	const record = core.state.chats[id];
	if (!record || record.state !== 'requested' || !record.gA) throw new Error(`secret chat ${id} has no request to accept`);
	const gA = record.gA;
	const config = await dhConfig(core);
	const checked = attempt(() => acceptRequest(core.dh, config, gA));
	if ('refusal' in checked) {
		// A g_a out of range breaks the request for every device: decline it. A bad DH config is ours to retry.
		if (checked.refusal.reason !== 'BAD_DH_VALUE') throw checked.refusal;
		await failExchange(core, record, checked.refusal);
		return record;
	}
	const accepted = checked.value;
	await core.client.invoke(new Api.messages.AcceptEncryption({ peer: inputChat(record), gB: accepted.gB, keyFingerprint: big(accepted.fingerprint) }));
	core.live.set(id, new SecretChat(false, accepted.key, { dh: accepted.params }));
	record.state = 'working';
	delete record.gA;
	await sendNow(core, record, { _: 'service', randomId: randomId(), action: { _: 'notifyLayer', layer: SECRET_LAYER } });
	core.events.chatUpdate?.(record, ['working']);
	return record;
}

/** Discards the chat on Telegram (unless it is gone already), optionally with its history. */
export async function discardChat(core: SecretCore, id: number, deleteHistory: boolean): Promise<void> {
	const record = core.state.chats[id];
	if (!record) throw new Error(`unknown secret chat ${id}`);
	if (record.state !== 'deleted') await core.client.invoke(new Api.messages.DiscardEncryption({ chatId: id, deleteHistory: deleteHistory || undefined }));
	closeChat(core, record, deleteHistory);
	await save(core);
	core.events.chatUpdate?.(record, ['deleted']);
}

/** A key exchange check failed: discards the chat on Telegram and keeps the reason for the user. */
async function failExchange(core: SecretCore, record: SecretChatRecord, refusal: SecretChatError): Promise<void> {
	await core.client.invoke(new Api.messages.DiscardEncryption({ chatId: record.id }));
	closeChat(core, record, false);
	record.failure = refusal.message;
	await save(core);
	core.events.chatUpdate?.(record, ['deleted']);
}

/** Ends the chat in memory: no key, no kept bytes, no hole watch (the history stays unless asked). */
export function closeChat(core: SecretCore, record: SecretChatRecord, deleteHistory: boolean): void {
	clearHoleTimer(core, record.id);
	delete record.hole;
	record.state = 'deleted';
	delete record.pending;
	delete record.gA;
	delete record.chat;
	record.sent = {};
	if (deleteHistory) {
		record.history = [];
		note(core, { t: 'clear', chat: record.id });
	}
	core.live.delete(record.id);
}

/** updateEncryption: a request arrived, the peer accepted ours, or the chat was discarded. */
export async function onEncryption(core: SecretCore, chat: Api.TypeEncryptedChat): Promise<void> {
	const record = core.state.chats[chat.id];
	if (chat instanceof Api.EncryptedChatRequested) {
		if (record) return;
		const incoming: SecretChatRecord = {
			id: chat.id,
			accessHash: native(chat.accessHash),
			userId: chat.adminId.toJSNumber(),
			creator: false,
			state: 'requested',
			date: chat.date,
			gA: Buffer.from(chat.gA),
			sent: {},
			history: [],
		};
		core.state.chats[chat.id] = incoming;
		await save(core);
		core.events.chatUpdate?.(incoming, ['created', 'requested']);
		if (core.options.acceptIncoming) await acceptChat(core, chat.id);
		return;
	}
	if (!record) return;
	if (chat instanceof Api.EncryptedChat && record.creator && record.pending) {
		const pending = record.pending;
		const completed = attempt(() => completeRequest(pending, chat.gAOrB, native(chat.keyFingerprint)));
		if ('refusal' in completed) {
			// Different keys (or a bad g_b): the spec says discard and tell the user.
			await failExchange(core, record, completed.refusal);
			return;
		}
		core.live.set(record.id, new SecretChat(true, completed.value, { dh: pending.params }));
		delete record.pending;
		record.state = 'working';
		await sendNow(core, record, { _: 'service', randomId: randomId(), action: { _: 'notifyLayer', layer: SECRET_LAYER } });
		core.events.chatUpdate?.(record, ['working']);
		return;
	}
	if (chat instanceof Api.EncryptedChatDiscarded && record.state !== 'deleted') {
		closeChat(core, record, !!chat.historyDeleted);
		await save(core);
		core.events.chatUpdate?.(record, ['deleted']);
	}
}
