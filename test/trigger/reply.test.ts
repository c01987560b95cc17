// The vertical slice: Bob writes to Alice; Alice's trigger emits on_msg_receive; the same
// workflow replies with Peer → Send Message to {{$json.msg.src}}; Bob receives the reply.
import { eventually, node, TestEnv, TGL_TRIGGER, tgl, triggered } from '../support/env';

describe('trigger → reply', () => {
	let env: TestEnv;

	beforeAll(async () => {
		env = await TestEnv.start();
	});

	afterAll(async () => {
		await env.stop();
	});

	it('emits a pushed message and the reply reaches the sender', async () => {
		const alice = env.world.addUser({ firstName: 'Alice', username: 'alice_tr' });
		const bob = env.world.addUser({ firstName: 'Bob', lastName: 'Builder', username: 'bob_tr' });
		const workflow = triggered(
			node('On Message', TGL_TRIGGER, { events: ['on_msg_receive'] }),
			tgl('Reply', 'peer', 'sendMsg', {
				peer: { __rl: true, mode: 'id', value: '={{ $json.msg.src }}' },
				text: '=Got: {{ $json.msg.text }}',
			}),
		);
		const trigger = await env.trigger(workflow, alice.id);
		try {
			// Wait until the trigger is live (its engine asked for the state), then push.
			await eventually(() => env.server.calls.some((c) => c.method === 'updates.GetState' && c.userId === alice.id), 'trigger start');
			env.world.sendMessage(bob.id, { userId: alice.id }, 'Hi Alice');
			const [item] = await trigger.waitForItems(1);
			expect(item.json).toMatchObject({
				event: 'on_msg_receive',
				msg: {
					text: 'Hi Alice',
					out: false,
					src: { id: bob.id, type_name: 'user', name: 'Bob_Builder', access_hash: expect.any(String) },
					dest: { id: alice.id, type_name: 'user' },
				},
			});
			await trigger.waitForRuns(1);
			await eventually(() => env.world.history(bob.id, { userId: alice.id }).some((m) => m.text === 'Got: Hi Alice'), 'the reply at Bob');
			// The workflow's own reply is outgoing: it must not loop back into the trigger. Anything
			// it caused would come before a later message from Bob.
			env.world.sendMessage(bob.id, { userId: alice.id }, 'sentinel');
			await trigger.waitForItems(2);
			expect(trigger.items().map((i) => (i.json.msg as { text: string }).text)).toEqual(['Hi Alice', 'sentinel']);
		} finally {
			await trigger.close();
		}
	});
});
