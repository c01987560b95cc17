// A send whose answer is lost: the server stored the message, then the connection dropped before
// the answer went out. GramJS reconnects and sends the same request again (same random_id); the
// loopback, like Telegram, answers RANDOM_ID_DUPLICATE, and the node answers with the message
// already sent: one message on the server, a normal Msg item, no error.
import type { IBinaryData } from 'n8n-workflow';
import { randomBytes } from 'crypto';
import { byId, chain, TestEnv, tgl } from '../support/env';

describe('Peer: a send whose answer is lost is not sent twice', () => {
	let env: TestEnv;
	let alice: { id: number };
	let bob: { id: number };

	beforeAll(async () => {
		env = await TestEnv.start();
		alice = env.world.addUser({ firstName: 'Alice', username: 'alice_r' });
		bob = env.world.addUser({ firstName: 'Bob', username: 'bob_r' });
		env.world.sendMessage(bob.id, { userId: alice.id }, 'hi');
	});

	afterEach(() => env.faults.clear());

	afterAll(async () => {
		await env.stop();
	});

	const atBob = (text: string) => env.world.history(bob.id, { userId: alice.id }).filter((m) => m.text === text);

	it('Send Message: the connection drops after the server stored it; one message, a normal Msg item', async () => {
		const opened = env.server.connectionsOpened;
		env.faults.dropAfter('messages.SendMessage');
		const run = await env.run(chain([{}], tgl('Send', 'peer', 'sendMsg', { peer: byId(bob.id), text: 'exactly once' })), alice.id);
		expect(run.error).toBeUndefined();
		const stored = atBob('exactly once');
		expect(stored).toHaveLength(1);
		const [item] = run.output('Send');
		const mine = env.world.history(alice.id, { userId: bob.id }).find((m) => m.text === 'exactly once')!;
		expect(item.json).toMatchObject({ id: mine.id, out: true, text: 'exactly once', dest: { id: bob.id } });
		// The repeat really happened, over a new connection.
		expect(env.server.connectionsOpened).toBeGreaterThan(opened);
	});

	it('Send Document: the send after the upload is stored once; the item is the document message', async () => {
		env.faults.dropAfter('messages.SendMedia');
		const bytes = randomBytes(3000);
		const binary: IBinaryData = { data: bytes.toString('base64'), fileName: 'once.bin', mimeType: 'application/octet-stream' };
		const workflow = {
			...chain([], tgl('Doc', 'peer', 'sendDocument', { peer: byId(bob.id), options: { caption: 'one copy' } })),
			pinData: { Start: [{ json: {}, binary: { data: binary } }] },
		};
		const run = await env.run(workflow, alice.id);
		expect(run.error).toBeUndefined();
		expect(atBob('one copy')).toHaveLength(1);
		expect(env.world.fileBytes(atBob('one copy')[0])!.equals(bytes)).toBe(true);
		expect(run.output('Doc')[0].json).toMatchObject({ out: true, text: 'one copy', media: { type: 'document', file_name: 'once.bin' } });
	});

	it('Forward Message: forwarded once', async () => {
		const source = env.world.sendMessage(bob.id, { userId: alice.id }, 'pass it on');
		env.faults.dropAfter('messages.ForwardMessages');
		const run = await env.run(
			chain([{}], tgl('Fwd', 'peer', 'fwdMsg', { peer: byId(bob.id), message: `${source.boxes[alice.id]}`, fromPeer: byId(bob.id) })),
			alice.id,
		);
		expect(run.error).toBeUndefined();
		expect(atBob('pass it on').filter((m) => m.fwd)).toHaveLength(1);
		expect(run.output('Fwd')[0].json).toMatchObject({ out: true, text: 'pass it on' });
	});
});
