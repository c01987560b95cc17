// Account → Set Profile Photo / Set Status Online / Offline through the n8n engine, over MTProto,
// checked in the items and in the world's profile of the account.
import { runWorkflow } from '../harness';
import { ATTACH, fileNodeTypes } from '../support/attach-file';
import { chain, node, TestEnv, tgl, type Workflow } from '../support/env';

const PNG_FILE = { fileName: 'me.png', mimeType: 'image/png' };
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
// Bigger than one upload part (512 KiB), so the parts must come back together in order.
const BIG = Buffer.concat([Buffer.from(PNG, 'base64'), Buffer.alloc(700 * 1024, 7)]).toString('base64');

describe('Account: profile photo and online status', () => {
	let env: TestEnv;
	let alice: { id: number };
	let bob: { id: number };

	beforeAll(async () => {
		env = await TestEnv.start();
		alice = env.world.addUser({ firstName: 'Alice', username: 'alice_a' });
		bob = env.world.addUser({ firstName: 'Bob', username: 'bob_a' });
		env.world.addContact(bob.id, alice.id);
	});

	afterAll(async () => {
		await env.stop();
	});

	const withFile = (workflow: Workflow, asUser: number) =>
		env.credentials(asUser).then((credentials) => runWorkflow(workflow, { nodeTypes: fileNodeTypes, credentials }));
	const profilePhotoBytes = (userId: number) => env.world.db.files.photos.get(env.world.user(userId)!.photoId!)!.sizes.at(-1)!.bytes;

	it('setProfilePhoto: uploads the binary field and stores it byte-identical as the profile photo', async () => {
		const run = await withFile(
			chain([{}], node('Attach', ATTACH, { base64: PNG, ...PNG_FILE }), tgl('Photo', 'account', 'setProfilePhoto', {})),
			alice.id,
		);
		expect(run.error).toBeUndefined();
		expect(run.output('Photo').map((i) => [i.json, i.pairedItem])).toEqual([[{ success: true }, { item: 0 }]]);
		expect(profilePhotoBytes(alice.id).equals(Buffer.from(PNG, 'base64'))).toBe(true);
	});

	it('setProfilePhoto: reads a named binary field, and a file of several upload parts', async () => {
		const run = await withFile(
			chain(
				[{}],
				node('Attach', ATTACH, { base64: BIG, property: 'avatar', ...PNG_FILE }),
				tgl('Photo', 'account', 'setProfilePhoto', { binaryPropertyName: 'avatar' }),
			),
			alice.id,
		);
		expect(run.error).toBeUndefined();
		expect(run.output('Photo')[0].json).toEqual({ success: true });
		expect(profilePhotoBytes(alice.id).equals(Buffer.from(BIG, 'base64'))).toBe(true);
	});

	it('setProfilePhoto: a missing binary field is a clear error and the other items still go', async () => {
		const before = env.world.user(alice.id)!.photoId;
		const run = await withFile(
			chain(
				[{ png: '' }, { png: PNG }],
				node('Attach', ATTACH, { base64: '={{ $json.png }}', ...PNG_FILE }),
				tgl('Photo', 'account', 'setProfilePhoto', {}, { onError: 'continueRegularOutput' }),
			),
			alice.id,
		);
		expect(run.error).toBeUndefined();
		const out = run.output('Photo');
		expect(out[0].json.error).toMatch(/binary file 'data', but none was found/);
		expect(out[1].json).toEqual({ success: true });
		expect(out[1].pairedItem).toEqual({ item: 1 });
		expect(env.world.user(alice.id)!.photoId).not.toBe(before);
		expect(profilePhotoBytes(alice.id).equals(Buffer.from(PNG, 'base64'))).toBe(true);
	});

	it('setProfilePhoto: stops the workflow without Continue On Fail, naming the item', async () => {
		const run = await withFile(chain([{}], node('Attach', ATTACH, { base64: '', ...PNG_FILE }), tgl('Photo', 'account', 'setProfilePhoto', {})), alice.id);
		expect(run.error?.message).toMatch(/binary/i);
		expect(run.error?.context.itemIndex).toBe(0);
	});

	it('statusOnline / statusOffline: the account shows online, then offline', async () => {
		const online = await env.run(chain([{}], tgl('Online', 'account', 'statusOnline')), alice.id);
		expect(online.error).toBeUndefined();
		expect(online.output('Online')[0].json).toEqual({ success: true });
		expect(env.world.user(alice.id)).toMatchObject({ online: true });
		expect(env.world.user(alice.id)!.statusDate).toBeGreaterThan(Date.now() / 1000);

		const offline = await env.run(chain([{}], tgl('Offline', 'account', 'statusOffline')), alice.id);
		expect(offline.error).toBeUndefined();
		expect(offline.output('Offline')[0].json).toEqual({ success: true });
		expect(env.world.user(alice.id)).toMatchObject({ online: false });
		expect(env.world.user(alice.id)!.statusDate).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
	});

	it('statusOnline: waits out a short FLOOD_WAIT and fails on a long one with the wait', async () => {
		env.world.setStatus(alice.id, false);
		env.faults.failNext('account.UpdateStatus', 'FLOOD_WAIT_1');
		const started = Date.now();
		const waited = await env.run(chain([{}], tgl('Online', 'account', 'statusOnline')), alice.id);
		expect(waited.error).toBeUndefined();
		expect(Date.now() - started).toBeGreaterThanOrEqual(900);
		expect(env.world.user(alice.id)!.online).toBe(true);

		env.faults.failNext('account.UpdateStatus', 'FLOOD_WAIT_60');
		const failed = await env.run(chain([{}], tgl('Offline', 'account', 'statusOffline')), alice.id);
		expect(failed.error?.message).toMatch(/FLOOD_WAIT_60: .*wait 60 seconds/);
		expect(env.world.user(alice.id)!.online).toBe(true);
	});
});
