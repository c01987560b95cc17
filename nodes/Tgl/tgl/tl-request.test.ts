import bigInt from 'big-integer';
import { Api } from 'telegram';
import { buildRequest, CallMethodInputError, type PeerResolver } from './tl-request';
import { toPlainJson } from './tl-json';
import { describeParameters, findMethod } from './tl-schema';

const noPeers: PeerResolver = async () => {
	throw new Error('no peers here');
};

describe('Call Telegram Method: parameters from JSON', () => {
	it('builds the GramJS request from the schema name and snake_case or camelCase parameters', async () => {
		const a = await buildRequest('messages.getFullChat', { chat_id: '123456789012' }, noPeers);
		expect(a).toBeInstanceOf(Api.messages.GetFullChat);
		expect((a as Api.messages.GetFullChat).chatId.toString()).toBe('123456789012');
		const b = await buildRequest('messages.GetFullChat', { chatId: 5 }, noPeers);
		expect((b as Api.messages.GetFullChat).chatId.equals(bigInt(5))).toBe(true);
	});

	it('builds constructors named in "_", lists, flags, and peers through the resolver', async () => {
		const seen: string[] = [];
		const peers: PeerResolver = async (type, value) => {
			seen.push(`${type}:${String(value)}`);
			return new Api.InputChannel({ channelId: bigInt(7), accessHash: bigInt(8) });
		};
		const request = (await buildRequest(
			'channels.getParticipants',
			{ channel: '@news', filter: { _: 'channelParticipantsSearch', q: 'al' }, offset: 0, limit: 10, hash: 0 },
			peers,
		)) as Api.channels.GetParticipants;
		expect(seen).toEqual(['InputChannel:@news']);
		expect(request.filter).toBeInstanceOf(Api.ChannelParticipantsSearch);
		expect((request.filter as Api.ChannelParticipantsSearch).q).toBe('al');
		const send = (await buildRequest(
			'messages.sendMessage',
			{ peer: { _: 'inputPeerSelf' }, message: 'hi', silent: true, entities: [{ _: 'messageEntityBold', offset: 0, length: 2 }] },
			noPeers,
		)) as Api.messages.SendMessage;
		expect(send.peer).toBeInstanceOf(Api.InputPeerSelf);
		expect(send.silent).toBe(true);
		expect(send.entities?.[0]).toBeInstanceOf(Api.MessageEntityBold);
		expect(send.randomId).toBeDefined();
	});

	it.each([
		['messages.getFulChat', {}, /^Telegram has no method "messages.getFulChat": did you mean messages.getFullChat/],
		['messages.getFullChat', { chat: 1 }, /^messages.getFullChat has no parameter "chat"; messages.getFullChat takes: chat_id: long$/],
		['messages.getFullChat', {}, /^messages.getFullChat needs chat_id \(long\); messages.getFullChat takes: chat_id: long$/],
		['messages.getFullChat', { chat_id: 'abc' }, /^chat_id must be a long \(a whole number, or a string of digits\), not "abc"; messages.getFullChat takes: chat_id: long$/],
		['messages.getFullChat', [1], /^The parameters are not a JSON object; messages.getFullChat takes: chat_id: long$/],
		[
			'channels.getParticipants',
			{ channel: { _: 'inputChannelEmpty' }, filter: { _: 'inputPeerSelf' }, offset: 0, limit: 1, hash: 0 },
			/^filter: inputPeerSelf is a InputPeer, not a ChannelParticipantsFilter; channels.getParticipants takes: channel: InputChannel, filter: ChannelParticipantsFilter, offset: int, limit: int, hash: long$/,
		],
		[
			'channels.getParticipants',
			{ channel: { _: 'inputChannelEmpty' }, filter: { _: 'channelParticipantsSearch' }, offset: 0, limit: 1, hash: 0 },
			/^channelParticipantsSearch needs q \(string\); channelParticipantsSearch takes: q: string; channels.getParticipants takes: /,
		],
		['messages.sendMessage', { peer: '@x', message: 'hi' }, /^peer: no peers here; messages.sendMessage takes: no_webpage\?: true, silent\?: true/],
		['messages.getHistory', { peer: { _: 'inputPeerSelf' }, offset_id: 2 ** 31, offset_date: 0, add_offset: 0, limit: 1, max_id: 0, min_id: 0, hash: 0 }, /^offset_id must be an int/],
	])('%s %j is refused with a sentence that lists the parameters', async (method, params, message) => {
		const attempt = buildRequest(method, params, noPeers);
		await expect(attempt).rejects.toThrow(CallMethodInputError);
		await expect(attempt).rejects.toThrow(message);
	});

	it('describes optional parameters with "?"', () => {
		expect(describeParameters(findMethod('messages.sendMessage')!)).toContain('reply_to?: InputReplyTo, message: string, random_id?: long');
	});
});

describe('Call Telegram Method: answers as plain JSON', () => {
	it('names every object with "_", prints longs as strings and bytes as base64, with schema field names', () => {
		const user = new Api.User({ id: bigInt('1234567890123'), accessHash: bigInt('-42'), firstName: 'Al', bot: false, photo: new Api.UserProfilePhotoEmpty() });
		const json = toPlainJson([new Api.InputPeerUser({ userId: bigInt(9), accessHash: bigInt(10) }), user, Buffer.from([1, 2, 3]), true]) as unknown[];
		expect(json[0]).toEqual({ _: 'inputPeerUser', user_id: '9', access_hash: '10' });
		expect(json[1]).toMatchObject({ _: 'user', id: '1234567890123', access_hash: '-42', first_name: 'Al', photo: { _: 'userProfilePhotoEmpty' }, last_name: null });
		expect(json[1]).not.toHaveProperty('flags');
		expect(json[2]).toBe('AQID');
		expect(json[3]).toBe(true);
		expect(toPlainJson(new Api.messages.AffectedMessages({ pts: 5, ptsCount: 1 }))).toEqual({ _: 'messages.affectedMessages', pts: 5, pts_count: 1 });
	});
});
