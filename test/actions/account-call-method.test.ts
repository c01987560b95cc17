// Account → Call Telegram Method through the n8n engine over MTProto: methods by their schema
// name, peers as a peer field takes them, answers as plain JSON, mistakes as item errors that
// list the parameters, and a send's updates moving the trigger's position like any send.
import type { IDataObject } from 'n8n-workflow';
import { chain, eventually, node, TestEnv, TGL_TRIGGER, tgl, triggered } from '../support/env';

const COF = { onError: 'continueRegularOutput' as const };

describe('Account: Call Telegram Method', () => {
	let env: TestEnv;
	let alice: { id: number };
	let bob: { id: number; username?: string };

	beforeAll(async () => {
		env = await TestEnv.start();
		alice = env.world.addUser({ firstName: 'Alice', username: 'alice_cm' });
		bob = env.world.addUser({ firstName: 'Bob', lastName: 'Builder', username: 'bob_cm' });
		env.world.addContact(alice.id, bob.id);
	});

	afterAll(async () => {
		await env.stop();
	});

	const call = (method: string, parameters: IDataObject | string, extra = {}) =>
		env.run(
			chain([{}], tgl('Call', 'account', 'callMethod', { method, parameters: typeof parameters === 'string' ? parameters : JSON.stringify(parameters) }, extra)),
			alice.id,
		);

	it('messages.getFullChat: a long parameter in, the answer as plain JSON with "_" names and longs as strings', async () => {
		const group = env.world.createGroup(alice.id, 'Builders', [bob.id]);
		const run = await call('messages.getFullChat', { chat_id: String(group.id) });
		expect(run.error).toBeUndefined();
		const [item] = run.output('Call');
		expect(item.json).toMatchObject({
			_: 'messages.chatFull',
			full_chat: { _: 'chatFull', id: String(group.id) },
			chats: [{ _: 'chat', id: String(group.id), title: 'Builders' }],
		});
		const users = item.json.users as IDataObject[];
		const bobJson = users.find((u) => u.id === String(bob.id))!;
		expect(bobJson).toMatchObject({ _: 'user', first_name: 'Bob', last_name: 'Builder', username: 'bob_cm' });
		expect(bobJson.access_hash).toMatch(/^-?\d+$/);
		expect(JSON.parse(JSON.stringify(item.json))).toEqual(item.json);
	});

	it('peer parameters take what the peer field takes: @username for an InputUser, a marked id for an InputChannel', async () => {
		const user = await call('users.getFullUser', { id: '@bob_cm' });
		expect(user.error).toBeUndefined();
		expect(user.output('Call')[0].json).toMatchObject({ _: 'users.userFull', full_user: { _: 'userFull', id: String(bob.id) } });

		const channel = env.world.createChannel(alice.id, 'Announcements', { megagroup: true, memberIds: [bob.id] });
		const full = await call('channels.getFullChannel', { channel: `-100${channel.id}` });
		expect(full.error).toBeUndefined();
		expect(full.output('Call')[0].json).toMatchObject({ _: 'messages.chatFull', full_chat: { _: 'channelFull', id: String(channel.id), participants_count: 2 } });

		const wrongKind = await call('users.getFullUser', { id: `-100${channel.id}` }, COF);
		expect(String(wrongKind.output('Call')[0].json.error)).toMatch(/^id: The peer ".*" is a channel or supergroup; this operation needs a user; users.getFullUser takes: id: InputUser$/);
	});

	it('mistakes are item errors that name them and list the parameters', async () => {
		const cases: Array<[string, IDataObject | string, string]> = [
			['messages.getFulChat', {}, 'Telegram has no method "messages.getFulChat": did you mean messages.getFullChat?'],
			['messages.getFullChat', { chat: 1 }, 'messages.getFullChat has no parameter "chat"; messages.getFullChat takes: chat_id: long'],
			['messages.getFullChat', {}, 'messages.getFullChat needs chat_id (long); messages.getFullChat takes: chat_id: long'],
			['messages.getFullChat', { chat_id: true }, 'chat_id must be a long (a whole number, or a string of digits), not true; messages.getFullChat takes: chat_id: long'],
			['messages.getFullChat', '{"chat_id": ', 'The parameters are not valid JSON'],
		];
		for (const [method, parameters, message] of cases) {
			const run = await call(method, parameters, COF);
			expect(run.output('Call').map((i) => i.json.error)).toEqual([message]);
		}
		const thrown = await call('messages.getFullChat', {});
		expect(thrown.error?.message).toBe('messages.getFullChat needs chat_id (long); messages.getFullChat takes: chat_id: long [node "Call", item 0]');
	});

	it("Telegram's own refusals are told as for every operation", async () => {
		const run = await call('users.getFullUser', { id: '@nobody_here_cm' }, COF);
		expect(run.output('Call')[0].json.error).toMatch(/^USERNAME_NOT_OCCUPIED/);
	});

	it("messages.sendMessage sends; its updates move the trigger's position, so no gap is seen", async () => {
		const trigger = await env.trigger(triggered(node('Trigger', TGL_TRIGGER, { events: ['on_msg_receive', 'on_get_difference_end'] })), alice.id);
		try {
			await eventually(() => trigger.items().some((i) => i.json.event === 'on_get_difference_end'), 'catch-up end');
			const run = await call('messages.sendMessage', { peer: '@bob_cm', message: 'built by a raw call', silent: true });
			expect(run.error).toBeUndefined();
			expect(run.output('Call')[0].json._).toMatch(/^(updateShortSentMessage|updates)$/);
			const inBobsBox = env.world.history(bob.id, { userId: alice.id }).map((m) => m.text);
			expect(inBobsBox).toContain('built by a raw call');

			const differences = env.server.callCount('updates.GetDifference');
			env.world.sendMessage(bob.id, { userId: alice.id }, 'and back');
			await eventually(
				() => trigger.items().some((i) => i.json.event === 'on_msg_receive' && (i.json.msg as IDataObject).text === 'and back'),
				'the reply',
			);
			expect(env.server.callCount('updates.GetDifference')).toBe(differences);
		} finally {
			await trigger.close();
		}
	});
});
