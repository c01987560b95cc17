// Shared pieces of the node-level secret-chat tests: accounts that run the pack through n8n-core
// (a trigger each, sends through Peer → Send Message / Photo / Document…, loads through Msg →
// Load…), and what their triggers emitted.
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { Container } from '@n8n/di';
import { BinaryDataService } from 'n8n-core';
import { byId, chain, eventually, node, type TestEnv, TGL_TRIGGER, tgl, triggered } from '../support/env';
import { runWorkflow } from '../harness';
import { ATTACH, fileNodeTypes } from '../support/attach-file';

export const EVENTS = ['on_secret_chat_update', 'on_msg_receive', 'on_get_difference_end'];
/** EVENTS and the deletions. */
export const WITH_DELETES = ['on_secret_chat_update', 'on_msg_receive', 'on_msg_delete', 'on_get_difference_end'];
export const COF = { onError: 'continueRegularOutput' as const };

export type Trigger = Awaited<ReturnType<TestEnv['trigger']>>;
/** A Peer locator value (byId, byPrintName…). */
type PeerLocator = ReturnType<typeof byId>;

/** Starts a trigger for the account with the secret-chat events, once it has caught up. */
export async function listen(env: TestEnv, userId: number, options: INodeParameters = {}, events = EVENTS): Promise<Trigger> {
	const trigger = await env.trigger(triggered(node(`Trigger ${userId}`, TGL_TRIGGER, { events, options })), userId);
	await eventually(() => trigger.items().some((i) => i.json.event === 'on_get_difference_end'), 'start-up');
	return trigger;
}

/** Polls an asynchronous check (a workflow run) until it holds. */
export async function until(check: () => Promise<boolean>, what: string, tries = 100) {
	for (let k = 0; k < tries; k++) {
		if (await check()) return;
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error(`timed out waiting for ${what}`);
}

export const of = (items: INodeExecutionData[], event: string) => items.map((i) => i.json).filter((j) => j.event === event);
/** The Msgs of the on_msg_receive items. */
export const msgs = (items: INodeExecutionData[]) => of(items, 'on_msg_receive').map((j) => j.msg as IDataObject);
export const texts = (items: INodeExecutionData[]) => msgs(items).map((m) => m.text);
export const whats = (items: INodeExecutionData[]) => of(items, 'on_secret_chat_update').map((j) => j.what_changed);

/** A user as a Peer object the locator takes (id, type, access hash). */
export const userRef = (env: TestEnv, id: number) => ({ id, type: 1, access_hash: env.world.user(id)!.accessHash.toString() });

/** The locator of secret chat `chatId`. */
export const secretPeer = (chatId: number) => byId(`secret_chat#${chatId}`);

/** Chat → Create Secret Chat with `otherId` as `userId`; returns the run. */
export async function createSecretChat(env: TestEnv, userId: number, otherId: number, options: IDataObject = { waitForAcceptance: true, waitSeconds: 20 }) {
	return env.run(
		chain([{ who: userRef(env, otherId) }], tgl('Create', 'chat', 'createSecretChat', { peer: byId('={{ $json.who }}'), options } as INodeParameters, COF)),
		userId,
	);
}

/** A working secret chat from `adminId` to `otherId` (whose trigger accepts it); its id. */
export async function workingChat(env: TestEnv, adminId: number, otherId: number): Promise<number> {
	const created = await createSecretChat(env, adminId, otherId);
	expect(created.error).toBeUndefined();
	expect(created.output('Create')[0].json).toMatchObject({ type: 4, state: 'working' });
	return created.output('Create')[0].json.id as number;
}

/** Sends each text with Peer → Send Message into secret chat `chat` (its id or a locator), one item each, in one run. */
export async function sendTexts(env: TestEnv, userId: number, chat: number | PeerLocator, list: string[]) {
	const peer = typeof chat === 'number' ? secretPeer(chat) : chat;
	const run = await env.run(chain(list.map((t) => ({ t })), tgl('Send', 'peer', 'sendMsg', { peer, text: '={{ $json.t }}' }, COF)), userId);
	return run.output('Send');
}

/** Sends one text (with send options) into secret chat `chatId`; the item (a Msg, or an item error). */
export async function sendText(env: TestEnv, userId: number, chatId: number, text: string, options: IDataObject = {}) {
	const run = await env.run(chain([{}], tgl('Send', 'peer', 'sendMsg', { peer: secretPeer(chatId), text, options } as INodeParameters, COF)), userId);
	return run.output('Send')[0].json;
}

/** Sends `bytes` as a file with Peer → `operation` (sendPhoto, sendDocument…) into secret chat `chatId`; the sent Msg. */
export async function sendFile(env: TestEnv, userId: number, chatId: number, operation: string, bytes: Buffer, options: IDataObject = {}) {
	const run = await runWorkflow(
		chain(
			[{ b64: bytes.toString('base64') }],
			node('Attach', ATTACH, { base64: '={{ $json.b64 }}' }),
			tgl('Send', 'peer', operation, { peer: secretPeer(chatId), options } as INodeParameters),
		),
		{ nodeTypes: fileNodeTypes, credentials: await env.credentials(userId) },
	);
	expect(run.error).toBeUndefined();
	return run.output('Send')[0].json;
}

/** The bytes of an item's binary property "data". */
export const bytesOf = (item: INodeExecutionData) => Container.get(BinaryDataService).getAsBuffer(item.binary!.data);

/** Msg → `operation` (loadPhoto, loadDocument…) of `msg` as `userId`: the item's json and the file's bytes. */
export async function loadFile(env: TestEnv, userId: number, operation: string, msg: IDataObject) {
	const run = await env.run(chain([{ msg }], tgl('Load', 'msg', operation, { message: '={{ $json.msg }}' })), userId);
	expect(run.error).toBeUndefined();
	const [item] = run.output('Load');
	return { json: item.json, bytes: await bytesOf(item) };
}

/** Peer → Get History of the secret chat as Msgs, newest first. */
export async function history(env: TestEnv, userId: number, chatId: number, limit = 100): Promise<IDataObject[]> {
	const run = await env.run(chain([{}], tgl('History', 'peer', 'getHistory', { peer: secretPeer(chatId), limit })), userId);
	expect(run.error).toBeUndefined();
	return run.output('History').map((i) => i.json);
}

/** Peer → Get History of the secret chat, its texts oldest first. */
export async function historyTexts(env: TestEnv, userId: number, chatId: number, limit = 100): Promise<unknown[]> {
	return (await history(env, userId, chatId, limit)).map((m) => m.text).reverse();
}
