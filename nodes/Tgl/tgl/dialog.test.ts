import { Api } from 'telegram';
import { withMessages } from './context';
import { toDialog } from './dialog';
import { chat, ctxWith, expectPlainJson, message, peerChat, peerUser, user } from './fixtures.test';

const dialog = (peer: Api.TypePeer, top: number, unreadCount: number, readInboxMaxId = 0, readOutboxMaxId = 0) =>
	new Api.Dialog({
		peer,
		topMessage: top,
		readInboxMaxId,
		readOutboxMaxId,
		unreadCount,
		unreadMentionsCount: 0,
		unreadReactionsCount: 0,
		notifySettings: new Api.PeerNotifySettings({}),
	});

describe('toDialog', () => {
	const john = user(2000, 'John');
	const team = chat(300, 'Team');
	const msgs = [
		message({ id: 7, peerId: peerUser(2000), message: 'hi' }),
		message({ id: 9, peerId: peerChat(300), fromId: peerUser(2000), message: 'all' }),
	];
	const ctx = withMessages(ctxWith([john], [team]), msgs);

	it('gives tg\'s {peer, message, unread} plus unread_count', () => {
		const d = toDialog(dialog(peerUser(2000), 7, 2, 5), ctx);
		expect(d).toMatchObject({ peer: { id: 2000, name: 'John' }, message: { id: 7, text: 'hi', unread: true }, unread: true, unread_count: 2 });
		expectPlainJson(d);
	});

	it('uses the dialog\'s read marks for its top message', () => {
		const d = toDialog(dialog(peerChat(300), 9, 0, 9), ctx);
		expect(d).toMatchObject({ unread: false, unread_count: 0, message: { id: 9, unread: false } });
	});

	it('has message null when the top message is not in the result', () => {
		expect(toDialog(dialog(peerChat(300), 99, 1), ctx)).toMatchObject({ message: null, unread: true });
	});

	it('skips folders', () => {
		const folder = new Api.DialogFolder({
			folder: new Api.Folder({ id: 1, title: 'Archive' }),
			peer: peerChat(300),
			topMessage: 9,
			unreadMutedPeersCount: 0,
			unreadUnmutedPeersCount: 0,
			unreadMutedMessagesCount: 0,
			unreadUnmutedMessagesCount: 0,
		});
		expect(toDialog(folder, ctx)).toBeNull();
	});
});
