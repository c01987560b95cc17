import { Api } from 'telegram';
import { ACTION_CHAT_ADD_USER, ACTION_NONE, MSG_FLAGS, PEER_CHANNEL, PEER_CHAT, PEER_USER } from './constants';
import { withEntities, withMessages, type MapContext } from './context';
import {
	big,
	channel,
	chat,
	ctxWith,
	DATE,
	DATE_ISO,
	expectPlainJson,
	message,
	peerChannel,
	peerChat,
	peerUser,
	SELF_ID,
	serviceMessage,
	user,
} from './fixtures.test';
import { toMsg } from './msg';

const me = user(SELF_ID, 'Me', undefined, { self: true });
const john = user(2000, 'John', 'Doe');
const team = chat(300, 'Team');
const news = channel(1234567890, 'News', { broadcast: true });

const C = MSG_FLAGS;

function ctx(): MapContext {
	return ctxWith([me, john], [team, news]);
}

describe('toMsg: who and where', () => {
	it('private incoming: src is the sender, dest is you', () => {
		const m = toMsg(message({ id: 1, peerId: peerUser(2000), fromId: peerUser(2000), message: 'hi' }), ctx());
		expect(m.src?.name).toBe('John_Doe');
		expect(m.dest).toMatchObject({ id: SELF_ID, name: 'Me', self: true });
		expect(m).toMatchObject({ out: false, text: 'hi', date: DATE_ISO, service: false, action: null, media: null });
		expectPlainJson(m);
	});

	it('private incoming without fromId (how Telegram sends it) still has the sender', () => {
		const m = toMsg(message({ id: 1, peerId: peerUser(2000), message: 'hi' }), ctx());
		expect(m.src?.id).toBe(2000);
		expect(m.dest?.id).toBe(SELF_ID);
	});

	it('private outgoing: src is you, dest the recipient', () => {
		const m = toMsg(message({ id: 2, out: true, peerId: peerUser(2000), message: 'yo' }), ctx());
		expect(m.src?.id).toBe(SELF_ID);
		expect(m.dest?.id).toBe(2000);
		expect(m.out).toBe(true);
		expect(m.flags & C.OUT).toBe(C.OUT);
	});

	it('groups: dest is the chat', () => {
		const m = toMsg(message({ id: 3, peerId: peerChat(300), fromId: peerUser(2000), message: 'all' }), ctx());
		expect(m.src?.id).toBe(2000);
		expect(m.dest).toMatchObject({ id: 300, type: PEER_CHAT, peer_id: -300, name: 'Team' });
	});

	it('channel posts: src and dest are the channel, with marked ids', () => {
		const m = toMsg(message({ id: 4, post: true, peerId: peerChannel(1234567890), message: 'news' }), ctx());
		expect(m.src).toMatchObject({ type: PEER_CHANNEL, peer_id: -1001234567890 });
		expect(m.dest).toMatchObject({ type: PEER_CHANNEL, peer_id: -1001234567890 });
		const mine = toMsg(message({ id: 5, post: true, out: true, peerId: peerChannel(1234567890), message: 'n' }), ctx());
		expect(mine.src?.type).toBe(PEER_CHANNEL);
	});

	it('unknown peers become minimal peers, never a crash', () => {
		const m = toMsg(message({ id: 6, peerId: peerChannel(55), fromId: peerUser(66), message: 'x' }), ctx());
		expect(m.src).toMatchObject({ id: 66, type: PEER_USER, name: 'user#66' });
		expect(m.dest).toMatchObject({ id: 55, type: PEER_CHANNEL, name: 'channel#55', peer_id: -1000000000055 });
		expectPlainJson(m);
	});

	it('resolves peers from a result\'s own users and chats', () => {
		const base = ctxWith();
		const local = withEntities(base, [john], [news]);
		const m = toMsg(message({ id: 7, peerId: peerChannel(1234567890), fromId: peerUser(2000), message: 'x' }), local);
		expect(m.src?.name).toBe('John_Doe');
		expect(m.dest?.name).toBe('News');
	});
});

describe('toMsg: text, media, dates', () => {
	it('text is null for media without caption, the caption otherwise', () => {
		const geo = new Api.MessageMediaGeo({ geo: new Api.GeoPoint({ long: 1, lat: 2, accessHash: big(0) }) });
		expect(toMsg(message({ id: 1, media: geo, message: '' }), ctx()).text).toBeNull();
		const photo = new Api.MessageMediaPhoto({ ttlSeconds: 1 });
		const captioned = toMsg(message({ id: 2, media: photo, message: 'cap' }), ctx());
		expect(captioned.text).toBe('cap');
		expect(captioned.media).toEqual({ type: 'photo', caption: 'cap' });
		expect(toMsg(message({ id: 3, message: '' }), ctx()).text).toBe('');
	});

	it('reads forward headers', () => {
		const fwd = new Api.MessageFwdHeader({ fromId: peerUser(2000), date: DATE - 60 });
		const m = toMsg(message({ id: 1, fwdFrom: fwd, message: 'f' }), ctx());
		expect(m.fwd_src?.name).toBe('John_Doe');
		expect(m.fwd_date).toBe(new Date((DATE - 60) * 1000).toISOString());
		expect(m.fwd_name).toBeNull();
		const hidden = toMsg(message({ id: 2, fwdFrom: new Api.MessageFwdHeader({ fromName: 'Anon', date: DATE }), message: 'f' }), ctx());
		expect(hidden).toMatchObject({ fwd_src: null, fwd_name: 'Anon', fwd_date: DATE_ISO });
		expect(toMsg(message({ id: 3, message: 'x' }), ctx())).toMatchObject({ fwd_src: null, fwd_date: null, fwd_name: null });
	});

	it('adds edit_date', () => {
		expect(toMsg(message({ id: 1, message: 'x', editDate: DATE + 5 }), ctx()).edit_date).toBe(new Date((DATE + 5) * 1000).toISOString());
	});
});

describe('toMsg: replies', () => {
	const original = message({ id: 10, peerId: peerChat(300), fromId: peerUser(2000), message: 'question' });
	const reply = message({
		id: 11,
		peerId: peerChat(300),
		fromId: peerUser(SELF_ID),
		out: true,
		message: 'answer',
		replyTo: new Api.MessageReplyHeader({ replyToMsgId: 10 }),
	});
	const replyToReply = message({
		id: 12,
		peerId: peerChat(300),
		fromId: peerUser(2000),
		message: 'thanks',
		replyTo: new Api.MessageReplyHeader({ replyToMsgId: 11 }),
	});

	it('has reply_id always and reply only when the caller holds the message', () => {
		const without = toMsg(reply, ctx());
		expect(without).toMatchObject({ reply_id: 10, reply: null });
		const held = toMsg(reply, withMessages(ctx(), [original]));
		expect(held.reply).toMatchObject({ id: 10, text: 'question', reply: null });
		expect(held.reply?.src?.id).toBe(2000);
		expectPlainJson(held);
	});

	it('goes one level deep only', () => {
		const m = toMsg(replyToReply, withMessages(ctx(), [original, reply]));
		expect(m.reply).toMatchObject({ id: 11, reply_id: 10, reply: null });
	});

	it('looks replies up in the right chat', () => {
		const elsewhere = message({ id: 10, peerId: peerChat(999), message: 'other chat' });
		expect(toMsg(reply, withMessages(ctx(), [elsewhere])).reply).toBeNull();
		const crossChat = message({
			id: 13,
			peerId: peerChat(300),
			message: 'see there',
			replyTo: new Api.MessageReplyHeader({ replyToMsgId: 10, replyToPeerId: peerChat(999) }),
		});
		expect(toMsg(crossChat, withMessages(ctx(), [elsewhere])).reply?.text).toBe('other chat');
	});

	it('ignores story reply headers', () => {
		const m = toMsg(message({ id: 14, message: 'nice story', replyTo: new Api.MessageReplyStoryHeader({ peer: peerUser(2000), storyId: 1 }) as unknown as Api.MessageReplyHeader }), ctx());
		expect(m).toMatchObject({ reply_id: null, reply: null });
	});
});

describe('toMsg: flags', () => {
	it('always sets CREATED and derives the booleans from the flags', () => {
		const m = toMsg(message({ id: 1, message: 'x' }), ctx());
		expect(m.flags).toBe(C.CREATED);
		expect(m).toMatchObject({ unread: false, out: false, mention: false, service: false });
	});

	it('MENTION when you are mentioned', () => {
		const m = toMsg(message({ id: 1, peerId: peerChat(300), fromId: peerUser(2000), mentioned: true, message: '@me' }), ctx());
		expect(m.mention).toBe(true);
		expect(m.flags).toBe(C.CREATED | C.MENTION);
	});

	it('UNREAD from the read state: inbox for incoming, outbox for outgoing', () => {
		const read: MapContext = { ...ctx(), readState: () => ({ inbox_max_id: 10, outbox_max_id: 20 }) };
		expect(toMsg(message({ id: 11, message: 'x' }), read).unread).toBe(true);
		expect(toMsg(message({ id: 10, message: 'x' }), read).unread).toBe(false);
		const outUnread = toMsg(message({ id: 21, out: true, message: 'x' }), read);
		expect(outUnread).toMatchObject({ unread: true, out: true });
		expect(outUnread.flags).toBe(C.CREATED | C.OUT | C.UNREAD);
		expect(toMsg(message({ id: 15, out: true, message: 'x' }), read).unread).toBe(false);
	});

	it('DISABLE_PREVIEW when the sender asked for no preview and none came', () => {
		const noPreview: MapContext = { ...ctx(), disablePreview: true };
		expect(toMsg(message({ id: 1, message: 'https://x.org' }), noPreview).flags & C.DISABLE_PREVIEW).toBe(C.DISABLE_PREVIEW);
		const page = new Api.MessageMediaWebPage({ webpage: new Api.WebPageEmpty({ id: big(1) }) });
		expect(toMsg(message({ id: 2, message: 'https://x.org', media: page }), noPreview).flags & C.DISABLE_PREVIEW).toBe(0);
		expect(toMsg(message({ id: 3, message: 'https://x.org' }), ctx()).flags & C.DISABLE_PREVIEW).toBe(0);
	});
});

describe('toMsg: service and empty messages', () => {
	it('service messages: text null, SERVICE flag, action and details', () => {
		const m = toMsg(serviceMessage(20, new Api.MessageActionChatAddUser({ users: [big(2000)] })), ctx());
		expect(m).toMatchObject({
			service: true,
			text: null,
			media: null,
			action: ACTION_CHAT_ADD_USER,
			action_type: 'MessageActionChatAddUser',
			action_details: { users: [2000] },
		});
		expect(m.flags).toBe(C.CREATED | C.SERVICE);
		expect(m.dest?.id).toBe(300);
		expectPlainJson(m);
	});

	it('unknown actions do not throw', () => {
		const m = toMsg(
			serviceMessage(21, new Api.MessageActionPinMessage(), { replyTo: new Api.MessageReplyHeader({ replyToMsgId: 5 }) }),
			ctx(),
		);
		expect(m).toMatchObject({ action: ACTION_NONE, action_type: 'MessageActionPinMessage', reply_id: 5 });
		expectPlainJson(m);
	});

	it('MessageEmpty becomes an EMPTY Msg', () => {
		const m = toMsg(new Api.MessageEmpty({ id: 9, peerId: peerChat(300) }), ctx());
		expect(m).toMatchObject({ id: 9, flags: C.EMPTY, src: null, text: null, date: null });
		expect(m.dest?.id).toBe(300);
		expect(toMsg(new Api.MessageEmpty({ id: 9 }), ctx()).dest).toBeNull();
		expectPlainJson(m);
	});

	it('album parts carry their grouped_id; a poll is the media, with no text', () => {
		const part = toMsg(message({ id: 4, message: '', groupedId: big('9007199254740993') }), ctx());
		expect(part.grouped_id).toBe('9007199254740993');
		expect(toMsg(message({ id: 5, message: 'alone' }), ctx()).grouped_id).toBeNull();
		const poll = new Api.MessageMediaPoll({
			poll: new Api.Poll({
				id: big(1),
				question: new Api.TextWithEntities({ text: 'Tea?', entities: [] }),
				answers: ['Yes', 'No'].map((t, i) => new Api.PollAnswer({ text: new Api.TextWithEntities({ text: t, entities: [] }), option: Buffer.from([i]) })),
			}),
			results: new Api.PollResults({ min: true }),
		});
		const m = toMsg(message({ id: 6, message: '', media: poll }), ctx());
		expect(m.text).toBeNull();
		expect(m.media).toMatchObject({ type: 'poll', question: 'Tea?', answers: [{ text: 'Yes' }, { text: 'No' }] });
		expectPlainJson(m);
	});

	it('every Msg has the same keys', () => {
		const keys = (x: object) => Object.keys(x).sort();
		const a = toMsg(message({ id: 1, message: 'x' }), ctx());
		const b = toMsg(serviceMessage(2, new Api.MessageActionChatDeletePhoto()), ctx());
		const c = toMsg(new Api.MessageEmpty({ id: 3 }), ctx());
		expect(keys(b)).toEqual(keys(a));
		expect(keys(c)).toEqual(keys(a));
	});
});
