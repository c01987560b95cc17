import { Api } from 'telegram';
import { channel, chat, peerChannel, peerChat, peerUser, user } from './fixtures.test';
import { apiPeer, entityKey, keyToApiPeer, makePeerKey, markedIdOfPeer, parseMarkedId, parsePeerKey, peerKey, toMarkedId } from './peerId';

describe('marked ids', () => {
	it('writes them as the Bot API does', () => {
		expect(toMarkedId('user', 123)).toBe(123);
		expect(toMarkedId('chat', 123)).toBe(-123);
		expect(toMarkedId('channel', 1234567890)).toBe(-1001234567890);
		expect(toMarkedId('channel', 123)).toBe(-1000000000123);
	});

	it('reads numbers and strings back', () => {
		expect(parseMarkedId(123)).toEqual({ type: 'user', id: 123 });
		expect(parseMarkedId('-123')).toEqual({ type: 'chat', id: 123 });
		expect(parseMarkedId(' -1001234567890 ')).toEqual({ type: 'channel', id: 1234567890 });
		expect(parseMarkedId(-1000000000123)).toEqual({ type: 'channel', id: 123 });
		// "-100" followed by a short number is a basic group id, as in the Bot API.
		expect(parseMarkedId('-100123')).toEqual({ type: 'chat', id: 100123 });
		expect(parseMarkedId('-999999999999')).toEqual({ type: 'chat', id: 999999999999 });
	});

	it('round-trips', () => {
		for (const [type, id] of [['user', 7], ['chat', 7], ['channel', 7], ['channel', 2147483648123]] as const) {
			expect(parseMarkedId(toMarkedId(type, id))).toEqual({ type, id });
		}
	});

	it('rejects what is not an id', () => {
		for (const bad of ['', 'abc', '@user', '1.5', '0', 0, '-1000000000000', '99999999999999999999', 1.5]) {
			expect(() => parseMarkedId(bad)).toThrow(/Not a peer id/);
		}
	});

	it('marks GramJS peer references', () => {
		expect(markedIdOfPeer(peerUser(5))).toBe(5);
		expect(markedIdOfPeer(peerChat(5))).toBe(-5);
		expect(markedIdOfPeer(peerChannel(5))).toBe(-1000000000005);
	});
});

describe('peer keys', () => {
	it('keys references and entities alike, in tg\'s "user#123" syntax', () => {
		expect(peerKey(peerUser(5))).toBe('user#5');
		expect(peerKey(peerChat(5))).toBe('chat#5');
		expect(peerKey(peerChannel(5))).toBe('channel#5');
		expect(entityKey(user(5))).toBe('user#5');
		expect(entityKey(new Api.UserEmpty({ id: user(6).id }))).toBe('user#6');
		expect(entityKey(chat(5, 't'))).toBe('chat#5');
		expect(entityKey(new Api.ChatForbidden({ id: user(6).id, title: 'x' }))).toBe('chat#6');
		expect(entityKey(channel(5, 't'))).toBe('channel#5');
	});

	it('parses keys and turns them back into references', () => {
		expect(parsePeerKey('user#12')).toEqual({ type_name: 'user', id: 12 });
		expect(parsePeerKey('secret_chat#-12')).toEqual({ type_name: 'secret_chat', id: -12 });
		expect(parsePeerKey('John')).toBeUndefined();
		expect(parsePeerKey('user#x')).toBeUndefined();
		const ref = keyToApiPeer(makePeerKey('channel', 9));
		expect(ref).toBeInstanceOf(Api.PeerChannel);
		expect(peerKey(ref as Api.TypePeer)).toBe('channel#9');
		expect(keyToApiPeer(makePeerKey('secret_chat', 9))).toBeUndefined();
		expect(apiPeer('chat', 3)).toBeInstanceOf(Api.PeerChat);
	});
});
