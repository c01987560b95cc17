// The service-level secret-chat fixture: a device is a raw GramJS client on the loopback running
// the pack's SecretChatService, fed by the client's updates, its state file in a temp folder; what
// the service reports (chat changes, messages, typing, log lines) is recorded for the tests to read.
import { mkdtemp } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import bigInt from 'big-integer';
import { Api } from 'telegram';
import { Raw } from 'telegram/events';
import { LoopbackTelegram } from '../telegram/loopback';
import { rawClient, type RawClient } from './raw-client';
import { SecretChatService, type SecretChatRecord, type SecretServiceOptions, type SecretServiceState, type StoredMessage, type WhatChanged } from '../../nodes/Tgl/secret/service';
import type { TypingKind } from '../../nodes/Tgl/secret/schema';
import { StateFile, stateFileName, stateKey } from '../../nodes/Tgl/secret/state-file';
import { eventually } from '../support/eventually';

export interface ServiceDevice {
	device: RawClient;
	service: SecretChatService;
	/** The folder of its state file: pass it again with `device.session` to restart the same device. */
	dir: string;
	store: StateFile<SecretServiceState>;
	changes: { id: number; what: WhatChanged[] }[];
	/** The messages handed over, and their texts ('?' for a service message). */
	messages: StoredMessage[];
	received: string[];
	/** The chat of each message handed over, in the same order. */
	messageChats: number[];
	typing: TypingKind[];
	log: string[];
	/** Asks `user` for a secret chat; the record as created (waiting). */
	request(user: { id: number; accessHash: bigInt.BigInteger }): Promise<SecretChatRecord>;
	/** Stops the service and closes the client. */
	stop(): Promise<void>;
}

export interface DeviceOptions {
	service?: SecretServiceOptions;
	/** The same device again: its state folder and session. */
	again?: { dir: string; session: string };
	/** Another state file (e.g. one that fails on purpose). */
	store?: (path: string, key: Buffer) => StateFile<SecretServiceState>;
	/** A step that throws (a simulated crash) is the test's to see, not an unhandled rejection. */
	quietFailures?: boolean;
}

/** Starts a device for `userId`; with `again`, the same auth key and state file as before. */
export async function serviceDevice(tg: LoopbackTelegram, userId: number, options: DeviceOptions = {}): Promise<ServiceDevice> {
	const device = await rawClient(tg, userId, options.again?.session);
	const authKey = device.client.session.getAuthKey()!.getKey()!;
	const dir = options.again?.dir ?? (await mkdtemp(join(tmpdir(), 'tgl-device-')));
	const path = join(dir, stateFileName(authKey));
	const store = options.store ? options.store(path, stateKey(authKey)) : new StateFile<SecretServiceState>(path, stateKey(authKey));
	const recorded = { changes: [] as ServiceDevice['changes'], messages: [] as StoredMessage[], received: [] as string[], messageChats: [] as number[], typing: [] as TypingKind[], log: [] as string[] };
	const service = new SecretChatService(device.client, store, { log: (line) => recorded.log.push(line), ...options.service }, {
		chatUpdate: (chat, what) => void recorded.changes.push({ id: chat.id, what }),
		message: (chat, m) => {
			recorded.messages.push(m);
			recorded.messageChats.push(chat.id);
			recorded.received.push(m.message._ === 'message' ? m.message.message : '?');
		},
		typing: (_chat, action) => void recorded.typing.push(action),
	});
	await service.start();
	device.client.addEventHandler((update: Api.TypeUpdate) => {
		const step = service.handleUpdate(update);
		if (options.quietFailures) step.catch(() => undefined);
	}, new Raw({}));
	return {
		device,
		service,
		dir,
		store,
		...recorded,
		request: (user) => service.create(new Api.InputUser({ userId: bigInt(user.id), accessHash: user.accessHash }), user.id),
		async stop() {
			await service.stop();
			await device.client.destroy();
		},
	};
}

export const working = (d: ServiceDevice, id: number) => d.changes.some((c) => c.id === id && c.what.includes('working'));
export const deleted = (d: ServiceDevice, id: number) => d.changes.some((c) => c.id === id && c.what.includes('deleted'));

/** Asks `user` for a chat from `d` and waits until `d` has it working (the other side accepted). */
export async function workingChat(d: ServiceDevice, user: { id: number; accessHash: bigInt.BigInteger }): Promise<SecretChatRecord> {
	const chat = await d.request(user);
	await eventually(() => working(d, chat.id), 'the chat accepted by the other side');
	return chat;
}

/**
 * A loopback Telegram for the test file (started before its tests, stopped after) and the devices
 * started on it, all stopped at the end.
 */
export function onLoopback() {
	const started: ServiceDevice[] = [];
	const bare: RawClient[] = [];
	const loop = {
		tg: undefined as unknown as LoopbackTelegram,
		async device(userId: number, options: DeviceOptions = {}): Promise<ServiceDevice> {
			const d = await serviceDevice(loop.tg, userId, options);
			started.push(d);
			return d;
		},
		/** A bare client (no service), closed at the end; with `session`, the same device again. */
		async raw(userId: number, session?: string): Promise<RawClient> {
			const c = await rawClient(loop.tg, userId, session);
			bare.push(c);
			return c;
		},
		/** Alice (as `names[0]`) asks Bob, whose device accepts; both working. */
		async pair(options: { alice?: DeviceOptions; bob?: DeviceOptions } = {}, names: [string, string] = ['Alice', 'Bob']) {
			const aliceUser = loop.tg.world.addUser({ firstName: names[0] });
			const bobUser = loop.tg.world.addUser({ firstName: names[1] });
			const alice = await loop.device(aliceUser.id, options.alice);
			const bob = await loop.device(bobUser.id, options.bob ?? { service: { acceptIncoming: true } });
			const { id } = await alice.request(bobUser);
			await eventually(() => working(alice, id) && working(bob, id), 'the chat working on both sides');
			return { alice, bob, id, aliceUser, bobUser };
		},
	};
	beforeAll(async () => {
		loop.tg = await LoopbackTelegram.start();
	});
	afterAll(async () => {
		for (const d of started) await d.service.stop();
		for (const c of [...started.map((d) => d.device), ...bare]) await c.client.destroy();
		await loop.tg.stop();
	});
	return loop;
}
