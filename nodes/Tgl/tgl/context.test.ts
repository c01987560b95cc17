import { Api } from 'telegram';
import { entityMap, lookupUser, selfPeer, staticContext, withEntities, withMessages } from './context';
import { big, channel, chat, ctxWith, message, peerChannel, peerChat, peerUser, SELF_ID, user } from './fixtures.test';
import { peerKey } from './peerId';
import { PrintNames } from './printName';

describe('context helpers', () => {
	it('entityMap keys a result\'s users and chats', () => {
		const map = entityMap([user(1, 'A'), new Api.UserEmpty({ id: big(2) })], [chat(1, 'C'), channel(1, 'Ch')]);
		expect([...map.keys()]).toEqual(['user#1', 'user#2', 'chat#1', 'channel#1']);
	});

	it('withEntities layers a result over the base lookup', () => {
		const base = ctxWith([user(1, 'Old')]);
		const local = withEntities(base, [user(2, 'New')], []);
		expect((local.peer(peerUser(1)) as Api.User).firstName).toBe('Old');
		expect((local.peer(peerUser(2)) as Api.User).firstName).toBe('New');
		expect(local.peer(peerChannel(1))).toBeUndefined();
		expect(base.peer(peerUser(2))).toBeUndefined();
		expect(local.names).toBe(base.names);
	});

	it('withMessages finds messages by chat and id', () => {
		const ctx = withMessages(ctxWith(), [message({ id: 3, peerId: peerChat(1) }), new Api.MessageEmpty({ id: 4 })]);
		expect(ctx.message?.(peerChat(1), 3)?.id).toBe(3);
		expect(ctx.message?.(peerChat(2), 3)).toBeUndefined();
		const outer = withMessages(ctx, [message({ id: 5, peerId: peerChat(1) })]);
		expect(outer.message?.(peerChat(1), 3)?.id).toBe(3);
	});

	it('selfPeer and lookupUser', () => {
		const ctx = staticContext(SELF_ID, new PrintNames(), [user(5, 'E')], [chat(5, 'C')]);
		expect(peerKey(selfPeer(ctx))).toBe(`user#${SELF_ID}`);
		expect(lookupUser(ctx, 5)?.id.toString()).toBe('5');
		expect(lookupUser(ctx, 6)).toBeUndefined();
		expect(lookupUser({ selfId: 1, names: new PrintNames() }, 5)).toBeUndefined();
	});
});
