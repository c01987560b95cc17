// Files stored on another data centre, as Telegram keeps them: the loopback's DC 4 holds Bob's
// files. Load Document and the trigger's Download Media fetch them there, logged in with an
// exported authorization, at the address help.getConfig gives; the account stays on DC 2.
import bigInt from 'big-integer';
import { randomBytes } from 'crypto';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { Api } from 'telegram';
import { configureHarness } from '../harness';
import { byId, chain, eventually, node, TestEnv, TGL_TRIGGER, tgl, triggered } from '../support/env';
import { png } from '../support/media-bytes';
import { clientPool } from '../../nodes/Tgl/transport/client-pool';
import { toTglCredentials } from '../../nodes/Tgl/transport/credentials';
import type { MtprotoServer } from '../telegram/mtproto/server';
import { createHandlers } from '../telegram/handlers';
import { World } from '../telegram/world';
import { fakeContext, invoke, RecordingSink } from '../telegram/world/fakes';

configureHarness({ binaryDataMode: 'default' });

describe('Files on another DC', () => {
	let env: TestEnv;
	let dc4: MtprotoServer;
	let alice: { id: number };
	let bob: { id: number };

	beforeAll(async () => {
		env = await TestEnv.start();
		dc4 = env.tg.dcs.get(4)!;
		alice = env.world.addUser({ firstName: 'Alice' });
		bob = env.world.addUser({ firstName: 'Bob' });
		env.world.settings.fileDcs[bob.id] = 4;
	});

	afterAll(async () => {
		await env.stop();
	});

	const methodsOn = (server: MtprotoServer) => new Set(server.calls.map((c) => c.method));
	/** Alice's pooled connection, as the nodes hold it. */
	const aliceAccount = async () => clientPool.acquire(toTglCredentials((await env.credentials(alice.id)).tglApi as ICredentialDataDecryptedObject));

	it('Load Document fetches a file from DC 4 with an exported authorization; the account stays on DC 2', async () => {
		const bytes = randomBytes(1_300_000); // three parts of 512 KiB
		const sent = env.world.sendMedia(bob.id, { userId: alice.id }, { document: bytes, mimeType: 'application/pdf', fileName: 'far.pdf' });
		const doc = env.world.db.files.documents.get([...env.world.db.files.documents.keys()].at(-1)!)!;
		expect(doc.dcId).toBe(4);
		const load = () => env.run(chain([{}], tgl('Load', 'msg', 'loadDocument', { message: String(sent.boxes[alice.id]) })), alice.id);

		const run = await load();
		expect(run.error).toBeUndefined();
		const [item] = run.output('Load');
		expect(item.json).toMatchObject({ file_name: 'far.pdf', size: bytes.length });
		expect(Buffer.from(item.binary!.data.data, 'base64').equals(bytes)).toBe(true);
		expect(env.server.callCount('auth.ExportAuthorization')).toBe(1);
		expect(methodsOn(dc4)).toEqual(new Set(['auth.ImportAuthorization', 'upload.GetFile']));
		expect(dc4.callCount('upload.GetFile')).toBe(3);
		expect(env.server.callCount('upload.GetFile')).toBe(0);

		// The next download reuses the DC 4 connection and its authorization.
		const again = await load();
		expect(again.error).toBeUndefined();
		expect(dc4.connectionsOpened).toBe(1);
		expect(dc4.callCount('auth.ImportAuthorization')).toBe(1);

		// The account itself still talks to DC 2.
		const before = env.server.callCount('users.GetFullUser');
		const info = await env.run(chain([{}], tgl('Info', 'peer', 'info', { peer: byId('me') })), alice.id);
		expect(info.error).toBeUndefined();
		expect(env.server.callCount('users.GetFullUser')).toBe(before + 1);
		expect(dc4.callCount('users.GetFullUser')).toBe(0);
		const account = await aliceAccount();
		try {
			expect(account.client.session.dcId).toBe(2);
		} finally {
			clientPool.release(account);
		}
	});

	it("the trigger's Download Media attaches a photo stored on DC 4", async () => {
		const carol = env.world.addUser({ firstName: 'Carol' });
		const trigger = await env.trigger(triggered(node('Trigger', TGL_TRIGGER, { events: ['on_msg_receive'], options: { downloadMedia: true } })), carol.id);
		try {
			await eventually(() => env.server.calls.some((c) => c.method === 'updates.GetState' && c.userId === carol.id), 'engine start');
			const photo = png(320, 200);
			env.world.sendMedia(bob.id, { userId: carol.id }, { photo }, 'from afar');
			const [item] = await trigger.waitForItems(1);
			expect(item.json.msg).toMatchObject({ text: 'from afar' });
			expect(item.json.media_note).toBeUndefined();
			expect(Buffer.from(item.binary!.data.data, 'base64').equals(photo)).toBe(true);
			expect(dc4.calls.some((c) => c.method === 'upload.GetFile' && c.userId === carol.id)).toBe(true);
		} finally {
			await trigger.close();
		}
	});

	it('follows FILE_MIGRATE_4 when the file was asked for on DC 2', async () => {
		const bytes = randomBytes(40_000);
		env.world.sendMedia(bob.id, { userId: alice.id }, { document: bytes, mimeType: 'application/zip', fileName: 'z.zip' });
		const doc = env.world.db.files.documents.get([...env.world.db.files.documents.keys()].at(-1)!)!;
		const location = new Api.InputDocumentFileLocation({ id: bigInt(doc.id), accessHash: doc.accessHash, fileReference: doc.fileReference, thumbSize: '' });
		const account = await aliceAccount();
		const chunks: Buffer[] = [];
		const onDc2 = env.server.callCount('upload.GetFile');
		try {
			const size = await account.download(location, {}, (chunk) => void chunks.push(chunk));
			expect(size).toBe(bytes.length);
		} finally {
			clientPool.release(account);
		}
		expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
		expect(env.server.callCount('upload.GetFile')).toBe(onDc2 + 1); // answered FILE_MIGRATE_4
	});
});

describe('the loopback moves authorizations between DCs as Telegram does', () => {
	function setup() {
		const world = new World(new RecordingSink());
		world.settings.otherDcs.push({ id: 4, address: '127.0.0.1', port: 1 });
		const alice = world.addUser({ firstName: 'Alice' });
		return { world, alice, dc2: createHandlers(world), dc4: createHandlers(world, 4) };
	}
	const rejects = (promise: Promise<unknown>, message: string) => expect(promise).rejects.toMatchObject({ errorMessage: message });

	it('exports for another known DC only, and imports the bytes once, on that DC', async () => {
		const { alice, dc2, dc4 } = setup();
		const ctx = fakeContext(alice.id);
		await rejects(invoke(dc2, ctx, new Api.auth.ExportAuthorization({ dcId: 2 })), 'DC_ID_INVALID');
		await rejects(invoke(dc2, ctx, new Api.auth.ExportAuthorization({ dcId: 9 })), 'DC_ID_INVALID');
		await rejects(invoke(dc2, fakeContext(undefined), new Api.auth.ExportAuthorization({ dcId: 4 })), 'AUTH_KEY_UNREGISTERED');

		const exported = await invoke<Api.auth.ExportedAuthorization>(dc2, ctx, new Api.auth.ExportAuthorization({ dcId: 4 }));
		expect(exported.id.toJSNumber()).toBe(alice.id);
		const fresh = fakeContext(undefined);
		let bound: number | undefined;
		fresh.bindUser = (userId) => void (bound = userId);
		const wrongBytes = new Api.auth.ImportAuthorization({ id: exported.id, bytes: randomBytes(exported.bytes.length) });
		await rejects(invoke(dc4, fresh, wrongBytes), 'AUTH_BYTES_INVALID');
		const right = new Api.auth.ImportAuthorization({ id: exported.id, bytes: exported.bytes });
		await rejects(invoke(dc2, fresh, right), 'AUTH_BYTES_INVALID'); // not on the DC it was made for
		const imported = await invoke<Api.auth.Authorization>(dc4, fresh, right);
		expect((imported.user as Api.User).id.toJSNumber()).toBe(alice.id);
		expect(bound).toBe(alice.id);
		await rejects(invoke(dc4, fresh, right), 'AUTH_BYTES_INVALID'); // used up
	});

	it('answers upload.getFile with FILE_MIGRATE_X on the wrong DC, and checks parts as Telegram does', async () => {
		const { world, alice, dc2, dc4 } = setup();
		const bob = world.addUser({ firstName: 'Bob' });
		world.settings.fileDcs[bob.id] = 4;
		world.sendMedia(bob.id, { userId: alice.id }, { document: randomBytes(5000), mimeType: 'application/zip' });
		const doc = [...world.db.files.documents.values()].at(-1)!;
		const location = new Api.InputDocumentFileLocation({ id: bigInt(doc.id), accessHash: doc.accessHash, fileReference: doc.fileReference, thumbSize: '' });
		const part = (offset: number, limit: number, precise = false) => new Api.upload.GetFile({ location, offset: bigInt(offset), limit, precise });
		const ctx = fakeContext(alice.id);
		await rejects(invoke(dc2, ctx, part(0, 4096)), 'FILE_MIGRATE_4');
		expect((await invoke<Api.upload.File>(dc4, ctx, part(0, 4096))).bytes).toEqual(doc.bytes.subarray(0, 4096));
		await rejects(invoke(dc4, ctx, part(1000, 4096)), 'OFFSET_INVALID');
		await rejects(invoke(dc4, ctx, part(0, 3 * 4096)), 'LIMIT_INVALID'); // 1 MB is no multiple of 12 KB
		await rejects(invoke(dc4, ctx, part(1024 * 1024 - 4096, 8192)), 'LIMIT_INVALID'); // crosses a 1 MB block
		expect((await invoke<Api.upload.File>(dc4, ctx, part(1024, 3072, true))).bytes).toEqual(doc.bytes.subarray(1024, 4096));
	});
});
