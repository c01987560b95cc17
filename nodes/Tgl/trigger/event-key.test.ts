import { Api } from 'telegram';
import { returnBigInt } from 'telegram/Helpers';
import { eventKey } from './event-key';

const noEntities = { users: [], chats: [] };
const message = (id: number, more: Partial<ConstructorParameters<typeof Api.Message>[0]> = {}) =>
	new Api.Message({ id, peerId: new Api.PeerUser({ userId: returnBigInt(7) }), date: 1_700_000_000, message: 'hi', ...more });

describe('eventKey', () => {
	it('names a new message by its box and id, an edit also by its edit date', () => {
		expect(eventKey({ type: 'message', message: message(5), box: 'common', edited: false, ...noEntities })).toBe('m:common:5');
		expect(eventKey({ type: 'message', message: message(5), box: 'channel:42', edited: false, ...noEntities })).toBe('m:channel:42:5');
		expect(eventKey({ type: 'message', message: message(5, { editDate: 1_700_000_100 }), box: 'common', edited: true, ...noEntities })).toBe(
			'e:common:5:1700000100',
		);
	});

	it('names an update by its pts in its box, or its qts; none for one Telegram does not hand out again', () => {
		const update = (u: Api.TypeUpdate) => eventKey({ type: 'update', update: u, ...noEntities });
		expect(update(new Api.UpdateDeleteMessages({ messages: [1], pts: 9, ptsCount: 1 }))).toBe('u:common:9');
		expect(update(new Api.UpdateDeleteChannelMessages({ channelId: returnBigInt(42), messages: [1], pts: 3, ptsCount: 1 }))).toBe('u:channel:42:3');
		const encrypted = new Api.EncryptedMessageService({ randomId: returnBigInt(1), chatId: 1, date: 1, bytes: Buffer.alloc(0) });
		expect(update(new Api.UpdateNewEncryptedMessage({ message: encrypted, qts: 4 }))).toBe('u:qts:4');
		expect(update(new Api.UpdateEncryption({ chat: new Api.EncryptedChatDiscarded({ id: 1 }), date: 1 }))).toBeUndefined();
		expect(update(new Api.UpdateUserStatus({ userId: returnBigInt(7), status: new Api.UserStatusEmpty() }))).toBeUndefined();
	});
});
