import bigInt from 'big-integer';
import { Api } from 'telegram';
import { staticContext } from '../tgl/context';
import { PrintNames } from '../tgl/printName';
import { deletionItem, editItem, wantsEdits } from './message-events';

const ctx = staticContext(1, new PrintNames(), [], [new Api.Channel({ id: bigInt(9), title: 'News', photo: new Api.ChatPhotoEmpty(), date: 0, accessHash: bigInt(3) })]);

describe('on_msg_delete items', () => {
	it('common box: the ids, no peer; an empty deletion (our own send) is none', () => {
		expect(deletionItem(new Api.UpdateDeleteMessages({ messages: [4, 5], pts: 10, ptsCount: 2 }), ctx)).toEqual({ event: 'on_msg_delete', ids: [4, 5], peer: null });
		expect(deletionItem(new Api.UpdateDeleteMessages({ messages: [], pts: 10, ptsCount: 1 }), ctx)).toBeUndefined();
	});

	it('a channel: the ids and the channel; Only These Chats keeps it only when listed', () => {
		const update = new Api.UpdateDeleteChannelMessages({ channelId: bigInt(9), messages: [7], pts: 3, ptsCount: 1 });
		expect(deletionItem(update, ctx)).toMatchObject({ event: 'on_msg_delete', ids: [7], peer: { type_name: 'channel', id: 9, title: 'News' } });
		expect(deletionItem(update, ctx, new Set(['channel#9']))).toBeDefined();
		expect(deletionItem(update, ctx, new Set(['user#2']))).toBeUndefined();
		// The common box names no chat: it cannot be shown to be in scope.
		expect(deletionItem(new Api.UpdateDeleteMessages({ messages: [4], pts: 10, ptsCount: 1 }), ctx, new Set(['user#2']))).toBeUndefined();
	});

	it('other updates are not deletions', () => {
		expect(deletionItem(new Api.UpdateUserTyping({ userId: bigInt(2), action: new Api.SendMessageTypingAction() }), ctx)).toBeUndefined();
	});
});

describe('on_msg_edit items', () => {
	const event = {
		type: 'message' as const,
		message: new Api.Message({ id: 3, peerId: new Api.PeerUser({ userId: bigInt(2) }), date: 100, editDate: 200, message: 'fixed' }),
		box: 'common' as const,
		edited: true,
		users: [],
		chats: [],
	};

	it('on_msg_edit when chosen; the older Emit Edited Messages way otherwise', () => {
		expect(editItem(event, ctx, new Set(['on_msg_edit']))).toMatchObject({ event: 'on_msg_edit', edited: true, msg: { id: 3, text: 'fixed' } });
		expect(editItem(event, ctx, new Set(['on_msg_receive']))).toMatchObject({ event: 'on_msg_receive', edited: true });
	});

	it('edits are wanted for on_msg_edit, or on_msg_receive with Emit Edited Messages', () => {
		expect(wantsEdits(new Set(['on_msg_edit']), {})).toBe(true);
		expect(wantsEdits(new Set(['on_msg_receive']), { emitEdited: true })).toBe(true);
		expect(wantsEdits(new Set(['on_msg_receive']), {})).toBe(false);
		expect(wantsEdits(new Set(['on_msg_delete']), { emitEdited: true })).toBe(false);
	});
});
