import { Api } from 'telegram';
import bigInt from 'big-integer';
import { World } from './world';
import { createHandlers } from './handlers';
import { RecordingSink, fakeContext, invoke } from './world/fakes';

function setup(settings = {}) {
	const sink = new RecordingSink();
	const world = new World(sink, settings);
	const handlers = createHandlers(world);
	const alice = world.addUser({ firstName: 'Alice', username: 'alice_u' });
	const bob = world.addUser({ firstName: 'Bob' });
	return { sink, world, handlers, alice, bob };
}

const getDifference = (pts: number, date: number, extra: Partial<Api.updates.GetDifference> = {}) =>
	new Api.updates.GetDifference({ pts, date, qts: 0, ...extra });

describe('updates.getState and getDifference', () => {
	it('reports the state and an empty difference when nothing is new', async () => {
		const { handlers, world, alice, bob } = setup();
		world.sendMessage(bob.id, { userId: alice.id }, 'one');
		const ctx = fakeContext(alice.id);
		const state = await invoke<Api.updates.State>(handlers, ctx, new Api.updates.GetState());
		expect(state).toMatchObject({ pts: 1, qts: 0, seq: 0, unreadCount: 1 });
		const empty = await invoke<Api.updates.DifferenceEmpty>(handlers, ctx, getDifference(state.pts, state.date));
		expect(empty.className).toBe('updates.DifferenceEmpty');
		expect(empty.seq).toBe(0);
	});

	it('returns 500 messages in order across slices', async () => {
		const { handlers, world, alice, bob } = setup();
		const ctx = fakeContext(alice.id);
		const start = await invoke<Api.updates.State>(handlers, ctx, new Api.updates.GetState());
		for (let i = 1; i <= 500; i++) world.sendMessage(i % 3 ? bob.id : alice.id, { userId: i % 3 ? alice.id : bob.id }, `n${i}`);
		let pts = start.pts;
		let date = start.date;
		const texts: string[] = [];
		let slices = 0;
		for (;;) {
			const diff = await invoke<Api.updates.TypeDifference>(handlers, ctx, getDifference(pts, date));
			if (diff.className === 'updates.DifferenceSlice') {
				slices++;
				expect(diff.newMessages).toHaveLength(100);
				texts.push(...diff.newMessages.map((m) => (m as Api.Message).message));
				expect(diff.intermediateState.pts).toBe(pts + 100);
				pts = diff.intermediateState.pts;
				date = diff.intermediateState.date;
				expect(diff.users.length).toBeGreaterThan(0);
				continue;
			}
			expect(diff.className).toBe('updates.Difference');
			const final = diff as Api.updates.Difference;
			texts.push(...final.newMessages.map((m) => (m as Api.Message).message));
			expect(final.state.pts).toBe(500);
			break;
		}
		expect(slices).toBe(4);
		expect(texts).toEqual(Array.from({ length: 500 }, (_, i) => `n${i + 1}`));
	});

	it('puts edits of state (reads, deletes) in other_updates', async () => {
		const { handlers, world, alice, bob } = setup();
		world.sendMessage(bob.id, { userId: alice.id }, 'a');
		world.sendMessage(bob.id, { userId: alice.id }, 'b');
		const before = world.stateOf(bob.id);
		world.readHistory(alice.id, { userId: bob.id });
		world.deleteMessages(alice.id, [1], true);
		const diff = await invoke<Api.updates.Difference>(handlers, fakeContext(bob.id), getDifference(before.pts, before.date));
		expect(diff.newMessages).toHaveLength(0);
		expect(diff.otherUpdates.map((u) => u.className)).toEqual(['UpdateReadHistoryOutbox', 'UpdateDeleteMessages']);
		expect((diff.otherUpdates[0] as Api.UpdateReadHistoryOutbox).maxId).toBe(2);
		expect(diff.state.pts).toBe(before.pts + 2);
	});

	it('edits: both boxes change, the difference carries updateEditMessage', async () => {
		const { handlers, world, alice, bob } = setup();
		const sent = world.sendMessage(alice.id, { userId: bob.id }, 'typo');
		const before = world.stateOf(bob.id);
		const ctx = fakeContext(alice.id);
		const result = await invoke<Api.Updates>(handlers, ctx, new Api.messages.EditMessage({
			peer: new Api.InputPeerUser({ userId: bigInt(bob.id), accessHash: bob.accessHash }), id: sent.id, message: 'fixed',
		}));
		expect(result.updates[0].className).toBe('UpdateEditMessage');
		expect(world.history(bob.id, { userId: alice.id })[0]).toMatchObject({ text: 'fixed' });
		const diff = await invoke<Api.updates.Difference>(handlers, fakeContext(bob.id), getDifference(before.pts, before.date));
		const edit = diff.otherUpdates[0] as Api.UpdateEditMessage;
		expect(edit.className).toBe('UpdateEditMessage');
		expect((edit.message as Api.Message)).toMatchObject({ message: 'fixed', out: undefined });
		await expect(invoke(handlers, fakeContext(bob.id), new Api.messages.EditMessage({
			peer: new Api.InputPeerUser({ userId: bigInt(alice.id), accessHash: alice.accessHash }), id: sent.boxes[bob.id], message: 'hack',
		}))).rejects.toMatchObject({ errorMessage: 'MESSAGE_AUTHOR_REQUIRED' });
	});

	it('answers differenceTooLong beyond retainUpdates and for pts_total_limit', async () => {
		const { handlers, world, alice, bob } = setup({ retainUpdates: 50 });
		for (let i = 0; i < 120; i++) world.sendMessage(bob.id, { userId: alice.id }, `x${i}`);
		const ctx = fakeContext(alice.id);
		const tooLong = await invoke<Api.updates.DifferenceTooLong>(handlers, ctx, getDifference(10, 0));
		expect(tooLong.className).toBe('updates.DifferenceTooLong');
		expect(tooLong.pts).toBe(120);
		const recent = await invoke<Api.updates.Difference>(handlers, ctx, getDifference(70, 0));
		expect(recent.className).toBe('updates.Difference');
		expect(recent.newMessages).toHaveLength(50);
		const limited = await invoke<Api.updates.TypeDifference>(handlers, ctx, getDifference(80, 0, { ptsTotalLimit: 10 }));
		expect(limited.className).toBe('updates.DifferenceTooLong');
	});

	it('counts seq for containers without pts and replays them in the difference', async () => {
		const { handlers, world, sink, alice, bob } = setup();
		world.addContact(alice.id, bob.id);
		const ctx = fakeContext(alice.id);
		const state = await invoke<Api.updates.State>(handlers, ctx, new Api.updates.GetState());
		expect(state.seq).toBe(1);
		sink.clear();
		world.setUserName(bob.id, 'Robert', 'B');
		world.sendMessage(bob.id, { userId: alice.id }, 'new name');
		world.setUsername(bob.id, 'robert_b');
		const pushes = sink.to(alice.id) as Api.Updates[];
		expect(pushes.map((p) => p.seq)).toEqual([2, 0, 3]);
		expect(pushes[0].updates[0].className).toBe('UpdateUserName');
		expect(pushes[2].date).toBeGreaterThan(state.date);
		const diff = await invoke<Api.updates.Difference>(handlers, ctx, getDifference(state.pts, state.date));
		expect(diff.newMessages).toHaveLength(1);
		expect(diff.otherUpdates.map((u) => u.className)).toEqual(['UpdateUserName', 'UpdateUserName']);
		expect(diff.state.seq).toBe(3);
		expect((diff.users.find((u) => u.id.toJSNumber() === bob.id) as Api.User).username).toBe('robert_b');
		const after = await invoke<Api.updates.TypeDifference>(handlers, ctx, getDifference(diff.state.pts, diff.state.date));
		expect(after.className).toBe('updates.DifferenceEmpty');
	});

	it('group membership carries updateChatParticipants with seq next to the service message', async () => {
		const { world, sink, alice, bob } = setup();
		const carol = world.addUser({ firstName: 'Carol' });
		const group = world.createGroup(alice.id, 'G', [bob.id]);
		sink.clear();
		world.addChatMember(group.id, carol.id, alice.id);
		const toBob = sink.to(bob.id)[0] as Api.Updates;
		expect(toBob.updates.map((u) => u.className)).toEqual(['UpdateNewMessage', 'UpdateChatParticipants']);
		expect(toBob.seq).toBe(1);
		expect(world.stateOf(bob.id)).toMatchObject({ pts: 2, seq: 1 });
		const toCarol = sink.to(carol.id)[0] as Api.Updates;
		expect(((toCarol.updates[0] as Api.UpdateNewMessage).message as Api.MessageService).action.className).toBe('MessageActionChatAddUser');
	});
});

describe('updates.getChannelDifference', () => {
	function channelSetup(settings = {}) {
		const base = setup(settings);
		const channel = base.world.createChannel(base.alice.id, 'C', { megagroup: true, memberIds: [base.bob.id] });
		const input = new Api.InputChannel({ channelId: bigInt(channel.id), accessHash: channel.accessHash });
		return { ...base, channel, input };
	}

	it('pages with final=false, then empties', async () => {
		const { handlers, world, alice, bob, channel, input } = channelSetup();
		const startPts = world.channel(channel.id)!.pts;
		for (let i = 0; i < 250; i++) world.sendMessage(i % 2 ? alice.id : bob.id, { channelId: channel.id }, `c${i}`);
		const ctx = fakeContext(bob.id);
		let pts = startPts;
		const texts: string[] = [];
		for (let round = 0; round < 10; round++) {
			const diff = await invoke<Api.updates.TypeChannelDifference>(handlers, ctx, new Api.updates.GetChannelDifference({
				channel: input, filter: new Api.ChannelMessagesFilterEmpty(), pts, limit: 100,
			}));
			if (diff.className === 'updates.ChannelDifferenceEmpty') {
				expect(diff.final).toBe(true);
				expect(diff.pts).toBe(pts);
				break;
			}
			expect(diff.className).toBe('updates.ChannelDifference');
			const page = diff as Api.updates.ChannelDifference;
			texts.push(...page.newMessages.map((m) => (m as Api.Message).message));
			expect(page.final).toBe(page.pts === world.channel(channel.id)!.pts ? true : undefined);
			pts = page.pts;
		}
		expect(texts).toEqual(Array.from({ length: 250 }, (_, i) => `c${i}`));
	});

	it('answers channelDifferenceTooLong when too far behind, and CHANNEL_PRIVATE to outsiders', async () => {
		const { handlers, world, alice, channel, input } = channelSetup({ retainUpdates: 20 });
		for (let i = 0; i < 60; i++) world.sendMessage(alice.id, { channelId: channel.id }, `c${i}`);
		const request = (pts: number) => new Api.updates.GetChannelDifference({ channel: input, filter: new Api.ChannelMessagesFilterEmpty(), pts, limit: 10 });
		const tooLong = await invoke<Api.updates.ChannelDifferenceTooLong>(handlers, fakeContext(alice.id), request(2));
		expect(tooLong.className).toBe('updates.ChannelDifferenceTooLong');
		expect((tooLong.dialog as Api.Dialog).pts).toBe(world.channel(channel.id)!.pts);
		expect(tooLong.messages).toHaveLength(10);
		const outsider = world.addUser({ firstName: 'Out' });
		await expect(invoke(handlers, fakeContext(outsider.id), request(50))).rejects.toMatchObject({ errorMessage: 'CHANNEL_PRIVATE' });
	});

	it('gives an ordinary user at most 100 updates a call, whatever limit it asks', async () => {
		const { handlers, world, alice, bob, channel, input } = channelSetup();
		const pts = world.channel(channel.id)!.pts;
		for (let i = 0; i < 150; i++) world.sendMessage(alice.id, { channelId: channel.id }, `c${i}`);
		const diff = await invoke<Api.updates.ChannelDifference>(handlers, fakeContext(bob.id), new Api.updates.GetChannelDifference({
			channel: input, filter: new Api.ChannelMessagesFilterEmpty(), pts, limit: 100_000,
		}));
		expect(diff.newMessages).toHaveLength(100);
		expect(diff.final).toBeUndefined();
		expect(diff.pts).toBe(pts + 100);
	});

	it('getDifference names a channel with many new updates by updateChannelTooLong, from the pts before them', async () => {
		const { handlers, world, alice, bob, channel } = channelSetup({ channelTooLongAfter: 20 });
		const quiet = world.createChannel(alice.id, 'Q', { megagroup: true, memberIds: [bob.id] });
		const ctx = fakeContext(bob.id);
		const state = await invoke<Api.updates.State>(handlers, ctx, new Api.updates.GetState());
		const before = world.channel(channel.id)!.pts;
		for (let i = 0; i < 21; i++) world.sendMessage(alice.id, { channelId: channel.id }, `c${i}`);
		for (let i = 0; i < 20; i++) world.sendMessage(alice.id, { channelId: quiet.id }, `q${i}`);
		const diff = await invoke<Api.updates.Difference>(handlers, ctx, getDifference(state.pts, state.date));
		expect(diff.className).toBe('updates.Difference');
		const tooLong = diff.otherUpdates.filter((u): u is Api.UpdateChannelTooLong => u instanceof Api.UpdateChannelTooLong);
		expect(tooLong.map((u) => [u.channelId.toJSNumber(), u.pts])).toEqual([[channel.id, before]]);
		expect(diff.chats.map((c) => c.id.toJSNumber())).toContain(channel.id);
		// Nothing about channels the account is not in.
		const outsider = world.addUser({ firstName: 'Out' });
		const outState = await invoke<Api.updates.State>(handlers, fakeContext(outsider.id), new Api.updates.GetState());
		const none = await invoke<Api.updates.TypeDifference>(handlers, fakeContext(outsider.id), getDifference(outState.pts, state.date));
		expect(none.className).toBe('updates.DifferenceEmpty');
	});

	it('logs channel deletions as other updates', async () => {
		const { handlers, world, alice, channel, input } = channelSetup();
		const sent = world.sendMessage(alice.id, { channelId: channel.id }, 'oops');
		const pts = world.channel(channel.id)!.pts;
		const affected = await invoke<Api.messages.AffectedMessages>(handlers, fakeContext(alice.id), new Api.channels.DeleteMessages({ channel: input, id: [sent.id] }));
		expect(affected).toMatchObject({ pts: pts + 1, ptsCount: 1 });
		const diff = await invoke<Api.updates.ChannelDifference>(handlers, fakeContext(alice.id), new Api.updates.GetChannelDifference({
			channel: input, filter: new Api.ChannelMessagesFilterEmpty(), pts, limit: 100,
		}));
		expect(diff.otherUpdates[0].className).toBe('UpdateDeleteChannelMessages');
		expect(world.history(alice.id, { channelId: channel.id }).some((m) => m.text === 'oops')).toBe(false);
	});
});

describe('speed', () => {
	it('stores 10,000 messages quickly', () => {
		const { world, alice, bob } = setup();
		const channel = world.createChannel(alice.id, 'Fast', { megagroup: true, memberIds: [bob.id] });
		const started = Date.now();
		for (let i = 0; i < 5000; i++) world.sendMessage(alice.id, { userId: bob.id }, `p${i}`);
		for (let i = 0; i < 5000; i++) world.sendMessage(bob.id, { channelId: channel.id }, `c${i}`);
		expect(Date.now() - started).toBeLessThan(5000);
		expect(world.stateOf(bob.id).pts).toBe(5000);
	});
});
