// The secret-chat happy path in a real n8n 2.8.4 (the pack installed from its tarball, `n8n start`):
// the other side is a raw GramJS client running the pack's SecretChatService in this process. It
// asks for a chat; the published workflow's trigger accepts it, receives the decrypted messages
// and answers each one into the secret chat through Peer → Send Message.
import * as fs from 'fs';
import { mkdtemp } from 'fs/promises';
import { tmpdir } from 'os';
import * as path from 'path';
import bigInt from 'big-integer';
import { Api } from 'telegram';
import { Raw } from 'telegram/events';
import { LoopbackTelegram } from '../telegram/loopback';
import { N8nInstance } from '../n8n/n8n-instance';
import { byId, chainWorkflow, tglCredential, tglNode, tglTrigger } from '../n8n/workflows';
import { eventually as waitFor } from '../support/eventually';
import { rawClient, type RawClient } from './raw-client';
import { SecretChatService, type SecretServiceState, type StoredMessage, type WhatChanged } from '../../nodes/Tgl/secret/service';
import { StateFile, stateFileName, stateKey } from '../../nodes/Tgl/secret/state-file';

jest.setTimeout(300_000);

const CRED = { id: 'tglSecret0000001', name: 'Telegram (loopback)' };
const WF = 'tglSecretReply01';
const eventually = (check: () => boolean, what: string) => waitFor(check, what, 120_000, 100);

describe('secret chats in a real n8n', () => {
	let tg: LoopbackTelegram;
	let n8n: N8nInstance;
	let other: RawClient | undefined;
	let service: SecretChatService | undefined;

	beforeAll(async () => {
		tg = await LoopbackTelegram.start();
		n8n = await N8nInstance.create();
		n8n.installPack();
	});

	afterAll(async () => {
		await service?.stop();
		await other?.client.destroy();
		try {
			await n8n?.stop();
			await n8n?.dispose();
		} finally {
			await tg?.stop();
		}
	});

	it('accepts a chat, answers its messages in it, and keeps the state under the n8n user folder', async () => {
		const alice = tg.world.addUser({ firstName: 'Alice' });
		const bob = tg.world.addUser({ firstName: 'Bob' });
		await n8n.importCredentials([tglCredential(CRED, await tg.credentialsFor(alice.id))]);
		await n8n.importWorkflow(
			chainWorkflow(WF, 'Secret auto-reply', [
				tglTrigger('On secret message', CRED, { events: ['on_msg_receive'], options: { acceptSecretChats: true } }),
				tglNode('Reply', CRED, { resource: 'peer', operation: 'sendMsg', peer: byId('={{ $json.msg.dest }}'), text: '=Got: {{ $json.msg.text }}' }),
			]),
		);
		await n8n.publishWorkflow(WF);
		const fromCall = tg.server.calls.length;
		await n8n.start();
		await eventually(() => tg.server.calls.slice(fromCall).some((c) => c.method === 'updates.GetState' && c.userId === alice.id), 'the trigger live');

		// Bob: a raw client with the pack's service, its state in a folder of its own.
		other = await rawClient(tg, bob.id);
		const authKey = other.client.session.getAuthKey()!.getKey()!;
		const dir = await mkdtemp(path.join(tmpdir(), 'tgl-bob-'));
		const changes: WhatChanged[][] = [];
		const received: string[] = [];
		service = new SecretChatService(other.client, new StateFile<SecretServiceState>(path.join(dir, stateFileName(authKey)), stateKey(authKey)), {}, {
			chatUpdate: (_c, what) => void changes.push(what),
			message: (_c, m: StoredMessage) => void received.push(m.message._ === 'message' ? m.message.message : ''),
		});
		await service.start();
		const bobService = service;
		other.client.addEventHandler((update: Api.TypeUpdate) => void bobService.handleUpdate(update), new Raw({}));

		const chat = await service.create(new Api.InputUser({ userId: bigInt(alice.id), accessHash: tg.world.user(alice.id)!.accessHash }), alice.id);
		await eventually(() => changes.some((w) => w.includes('working')), 'the chat accepted by the trigger');
		for (const text of ['ping 1', 'ping 2', 'ping 3']) await service.sendText(chat.id, text);
		await eventually(() => received.length >= 3, 'three answers in the secret chat');
		expect(received).toEqual(['Got: ping 1', 'Got: ping 2', 'Got: ping 3']);
		// Telegram saw ciphertext only: no cloud message holds the texts.
		expect(JSON.stringify(tg.world.history(bob.id, { userId: alice.id }))).not.toContain('ping');
		const stateFiles = fs.readdirSync(path.join(n8n.userFolder, '.n8n', 'tgl')).filter((f) => f.endsWith('.state'));
		expect(stateFiles).toHaveLength(1);
		expect(fs.readFileSync(path.join(n8n.userFolder, '.n8n', 'tgl', stateFiles[0])).includes(Buffer.from('ping'))).toBe(false);
		expect(n8n.outboundAttempts()).toEqual([]);
	});
});
