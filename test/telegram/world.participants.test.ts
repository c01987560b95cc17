// The loopback's channels.getParticipants, editBanned, editAdmin and exportChatInvite limits,
// called as a client would (checked against core.telegram.org's method pages).
import { Api } from 'telegram';
import bigInt from 'big-integer';
import { World } from './world';
import { createHandlers } from './handlers';
import { RecordingSink, fakeContext, invoke } from './world/fakes';
import { idsHash } from './world/participants';

function setup() {
	const world = new World(new RecordingSink());
	const handlers = createHandlers(world);
	const alice = world.addUser({ firstName: 'Alice' });
	const bob = world.addUser({ firstName: 'Bob' });
	const crowd = Array.from({ length: 210 }, (_, n) => world.addUser({ firstName: `M${n}` }).id);
	const channel = world.createChannel(alice.id, 'Room', { megagroup: true, memberIds: [bob.id, ...crowd] });
	const input = new Api.InputChannel({ channelId: bigInt(channel.id), accessHash: channel.accessHash });
	return { world, handlers, alice, bob, channel, input };
}

const rejects = (promise: Promise<unknown>, message: string) => expect(promise).rejects.toMatchObject({ errorMessage: message });

describe('channels.getParticipants', () => {
	it('answers at most 200 per call with the full count, and NotModified for a matching hash', async () => {
		const { handlers, alice, input } = setup();
		const ask = (offset: number, limit: number, hash = bigInt.zero) =>
			invoke<Api.channels.TypeChannelParticipants>(handlers, fakeContext(alice.id), new Api.channels.GetParticipants({ channel: input, filter: new Api.ChannelParticipantsRecent(), offset, limit, hash }));
		const first = (await ask(0, 500)) as Api.channels.ChannelParticipants;
		expect(first.participants).toHaveLength(200);
		expect(first.count).toBe(212);
		const rest = (await ask(200, 200)) as Api.channels.ChannelParticipants;
		expect(rest.participants).toHaveLength(12);
		const ids = rest.participants.map((p) => ('userId' in p ? p.userId.toJSNumber() : 0));
		expect(await ask(200, 200, idsHash(ids))).toBeInstanceOf(Api.channels.ChannelParticipantsNotModified);
	});

	it('keeps ban lists to admins with the ban right and broadcast members to admins', async () => {
		const { world, handlers, alice, bob, input } = setup();
		await rejects(
			invoke(handlers, fakeContext(bob.id), new Api.channels.GetParticipants({ channel: input, filter: new Api.ChannelParticipantsKicked({ q: '' }), offset: 0, limit: 10, hash: bigInt.zero })),
			'CHAT_ADMIN_REQUIRED',
		);
		const news = world.createChannel(alice.id, 'News', { megagroup: false, memberIds: [bob.id] });
		const newsInput = new Api.InputChannel({ channelId: bigInt(news.id), accessHash: news.accessHash });
		await rejects(
			invoke(handlers, fakeContext(bob.id), new Api.channels.GetParticipants({ channel: newsInput, filter: new Api.ChannelParticipantsRecent(), offset: 0, limit: 10, hash: bigInt.zero })),
			'CHAT_ADMIN_REQUIRED',
		);
	});
});

describe('channels.editBanned and exportChatInvite', () => {
	it('keeps a ban until its date, reads a ban under 30 seconds as forever, and lifts it', async () => {
		const { world, handlers, alice, bob, channel, input } = setup();
		const participant = new Api.InputPeerUser({ userId: bigInt(bob.id), accessHash: world.user(bob.id)!.accessHash });
		const ban = (untilDate: number, viewMessages = true) =>
			invoke(handlers, fakeContext(alice.id), new Api.channels.EditBanned({ channel: input, participant, bannedRights: new Api.ChatBannedRights({ viewMessages: viewMessages || undefined, untilDate }) }));
		await ban(Math.floor(Date.now() / 1000) + 10);
		expect(channel.bans!.get(bob.id)!.untilDate).toBe(0);
		expect(channel.members.has(bob.id)).toBe(false);
		await ban(0, false);
		expect(channel.kicked.has(bob.id)).toBe(false);
		await rejects(
			invoke(handlers, fakeContext(bob.id), new Api.channels.EditBanned({ channel: input, participant: new Api.InputPeerSelf(), bannedRights: new Api.ChatBannedRights({ viewMessages: true, untilDate: 0 }) })),
			'CHANNEL_PRIVATE',
		);
	});

	it('refuses usage limits outside 1–99999 and past expiry dates', async () => {
		const { handlers, alice, channel } = setup();
		const peer = new Api.InputPeerChannel({ channelId: bigInt(channel.id), accessHash: channel.accessHash });
		await rejects(invoke(handlers, fakeContext(alice.id), new Api.messages.ExportChatInvite({ peer, usageLimit: 0 })), 'USAGE_LIMIT_INVALID');
		await rejects(invoke(handlers, fakeContext(alice.id), new Api.messages.ExportChatInvite({ peer, usageLimit: 100000 })), 'USAGE_LIMIT_INVALID');
		await rejects(invoke(handlers, fakeContext(alice.id), new Api.messages.ExportChatInvite({ peer, expireDate: 1000 })), 'EXPIRE_DATE_INVALID');
		const ok = await invoke<Api.ChatInviteExported>(handlers, fakeContext(alice.id), new Api.messages.ExportChatInvite({ peer, usageLimit: 99999 }));
		expect(ok.usageLimit).toBe(99999);
	});
});
