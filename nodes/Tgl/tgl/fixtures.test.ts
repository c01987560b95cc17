// GramJS objects for the tgl tests, built the way the wire would deliver them.
import bigInt from 'big-integer';
import { Api } from 'telegram';
import { staticContext, type MapContext } from './context';
import { findNonJson } from './plainJson';
import { PrintNames } from './printName';

export const SELF_ID = 1000;
// Strings for values beyond 2^53.
export const big = (n: number | string) => bigInt(String(n));

export function user(id: number, first?: string, last?: string, more: Partial<ConstructorParameters<typeof Api.User>[0]> = {}): Api.User {
	return new Api.User({ id: big(id), accessHash: big('9007199254740993123'), firstName: first, lastName: last, ...more });
}

export function chat(id: number, title: string, more: Partial<ConstructorParameters<typeof Api.Chat>[0]> = {}): Api.Chat {
	return new Api.Chat({ id: big(id), title, photo: new Api.ChatPhotoEmpty(), participantsCount: 3, date: 1, version: 1, ...more });
}

export function channel(id: number, title: string, more: Partial<ConstructorParameters<typeof Api.Channel>[0]> = {}): Api.Channel {
	return new Api.Channel({ id: big(id), accessHash: big('-8123456789012345678'), title, photo: new Api.ChatPhotoEmpty(), date: 1, ...more });
}

export const peerUser = (id: number) => new Api.PeerUser({ userId: big(id) });
export const peerChat = (id: number) => new Api.PeerChat({ chatId: big(id) });
export const peerChannel = (id: number) => new Api.PeerChannel({ channelId: big(id) });

export const DATE = 1_700_000_000;
export const DATE_ISO = new Date(DATE * 1000).toISOString();

export function message(args: Partial<ConstructorParameters<typeof Api.Message>[0]> & { id: number }): Api.Message {
	return new Api.Message({ peerId: peerUser(2000), date: DATE, message: '', ...args });
}

export function serviceMessage(id: number, action: Api.TypeMessageAction, more: Partial<ConstructorParameters<typeof Api.MessageService>[0]> = {}): Api.MessageService {
	return new Api.MessageService({ id, peerId: peerChat(300), fromId: peerUser(2000), date: DATE, action, ...more });
}

/** A context over the given entities, with a fresh print-name registry. */
export function ctxWith(users: Api.TypeUser[] = [], chats: Api.TypeChat[] = [], messages: Api.TypeMessage[] = []): MapContext {
	return staticContext(SELF_ID, new PrintNames(), users, chats, messages);
}

/** Output must be plain JSON: no BigInteger, Buffer, class instance or undefined anywhere. */
export function expectPlainJson(value: unknown): void {
	expect(findNonJson(value)).toBeNull();
	expect(JSON.parse(JSON.stringify(value))).toEqual(value);
}

// Imported by every tgl suite: run the self-check only in this file's own suite.
const ownSuite = expect.getState().testPath?.endsWith('fixtures.test.ts') ?? false;

if (ownSuite) describe('test fixtures', () => {
	it('build GramJS objects with long fields as BigInteger', () => {
		expect(user(5, 'A').id.toString()).toBe('5');
		expect(findNonJson({ a: big(1) })).toBe('$.a');
		expect(findNonJson({ a: [Buffer.from('x')] })).toBe('$.a[0]');
		expect(findNonJson({ a: undefined })).toBe('$.a');
		expect(findNonJson({ a: new Date() })).toBe('$.a');
		expect(findNonJson({ a: [1, 'x', null, { b: true }] })).toBeNull();
		expect(findNonJson(NaN)).toBe('$');
	});
});
