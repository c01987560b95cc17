// Shared pieces of the node-level secret-chat tests: accounts that run the pack through n8n-core
// (a trigger each, sends through Peer → Send Message), and what their triggers emitted.
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { byId, chain, eventually, node, type TestEnv, TGL_TRIGGER, tgl, triggered } from '../support/env';

export const EVENTS = ['on_secret_chat_update', 'on_msg_receive', 'on_get_difference_end'];
export const COF = { onError: 'continueRegularOutput' as const };

export type Trigger = Awaited<ReturnType<TestEnv['trigger']>>;

/** Starts a trigger for the account with the secret-chat events, once it has caught up. */
export async function listen(env: TestEnv, userId: number, options: INodeParameters = {}): Promise<Trigger> {
	const trigger = await env.trigger(triggered(node(`Trigger ${userId}`, TGL_TRIGGER, { events: EVENTS, options })), userId);
	await eventually(() => trigger.items().some((i) => i.json.event === 'on_get_difference_end'), 'start-up');
	return trigger;
}

export const of = (items: INodeExecutionData[], event: string) => items.map((i) => i.json).filter((j) => j.event === event);
export const texts = (items: INodeExecutionData[]) => of(items, 'on_msg_receive').map((j) => (j.msg as IDataObject).text);
export const whats = (items: INodeExecutionData[]) => of(items, 'on_secret_chat_update').map((j) => j.what_changed);

/** A user as a Peer object the locator takes (id, type, access hash). */
export const userRef = (env: TestEnv, id: number) => ({ id, type: 1, access_hash: env.world.user(id)!.accessHash.toString() });

/** Chat → Create Secret Chat with `otherId` as `userId`; returns the run. */
export async function createSecretChat(env: TestEnv, userId: number, otherId: number, options: IDataObject = { waitForAcceptance: true, waitSeconds: 20 }) {
	return env.run(
		chain([{ who: userRef(env, otherId) }], tgl('Create', 'chat', 'createSecretChat', { peer: byId('={{ $json.who }}'), options } as INodeParameters, COF)),
		userId,
	);
}

/** Sends each text with Peer → Send Message into secret chat `chatId`, one item each, in one run. */
export async function sendTexts(env: TestEnv, userId: number, chatId: number, list: string[]) {
	const run = await env.run(chain(list.map((t) => ({ t })), tgl('Send', 'peer', 'sendMsg', { peer: byId(`secret_chat#${chatId}`), text: '={{ $json.t }}' }, COF)), userId);
	return run.output('Send');
}

/** Peer → Get History of the secret chat, oldest first. */
export async function historyTexts(env: TestEnv, userId: number, chatId: number, limit = 100): Promise<unknown[]> {
	const run = await env.run(chain([{}], tgl('History', 'peer', 'getHistory', { peer: byId(`secret_chat#${chatId}`), limit })), userId);
	return run
		.output('History')
		.map((i) => i.json.text)
		.reverse();
}
