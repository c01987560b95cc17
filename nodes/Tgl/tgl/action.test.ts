import { Api } from 'telegram';
import { toAction } from './action';
import {
	ACTION_CHAT_ADD_USER,
	ACTION_CHAT_ADD_USER_BY_LINK,
	ACTION_CHAT_CREATE,
	ACTION_CHAT_DELETE_PHOTO,
	ACTION_CHAT_DELETE_USER,
	ACTION_CHAT_EDIT_PHOTO,
	ACTION_CHAT_EDIT_TITLE,
	ACTION_NONE,
	ACTION_SCREENSHOT_MESSAGES,
	ACTION_SET_MESSAGE_TTL,
	ACTIONS,
} from './constants';
import { big, DATE, expectPlainJson, peerUser } from './fixtures.test';

describe('toAction', () => {
	it('keeps tg\'s numbering', () => {
		expect(Object.values(ACTIONS)).toEqual([...Array(23).keys()]);
	});

	it('maps group service actions with their details', () => {
		const cases: Array<[Api.TypeMessageAction, number, object]> = [
			[new Api.MessageActionChatCreate({ title: 'Team', users: [big(1), big(2)] }), ACTION_CHAT_CREATE, { title: 'Team', users: [1, 2] }],
			[new Api.MessageActionChatEditTitle({ title: 'New' }), ACTION_CHAT_EDIT_TITLE, { title: 'New' }],
			[
				new Api.MessageActionChatEditPhoto({
					photo: new Api.Photo({ id: big('6000000000000000001'), accessHash: big(1), fileReference: Buffer.from('r'), date: DATE, sizes: [], dcId: 1 }),
				}),
				ACTION_CHAT_EDIT_PHOTO,
				{ photo_id: '6000000000000000001' },
			],
			[new Api.MessageActionChatEditPhoto({ photo: new Api.PhotoEmpty({ id: big(0) }) }), ACTION_CHAT_EDIT_PHOTO, {}],
			[new Api.MessageActionChatDeletePhoto(), ACTION_CHAT_DELETE_PHOTO, {}],
			[new Api.MessageActionChatAddUser({ users: [big(3)] }), ACTION_CHAT_ADD_USER, { users: [3] }],
			[new Api.MessageActionChatJoinedByLink({ inviterId: big(4) }), ACTION_CHAT_ADD_USER_BY_LINK, { inviter_id: 4 }],
			[new Api.MessageActionChatJoinedByRequest(), ACTION_CHAT_ADD_USER_BY_LINK, {}],
			[new Api.MessageActionChatDeleteUser({ userId: big(5) }), ACTION_CHAT_DELETE_USER, { user_id: 5 }],
			[new Api.MessageActionSetMessagesTTL({ period: 86400 }), ACTION_SET_MESSAGE_TTL, { ttl: 86400 }],
			[new Api.MessageActionScreenshotTaken(), ACTION_SCREENSHOT_MESSAGES, {}],
		];
		for (const [action, code, details] of cases) {
			const a = toAction(action);
			expect(a).toEqual({ action: code, action_type: action.className, action_details: details });
			expectPlainJson(a);
		}
	});

	it('maps actions tg did not know to ACTION_NONE with their details', () => {
		expect(toAction(new Api.MessageActionChannelCreate({ title: 'News' }))).toEqual({
			action: ACTION_NONE,
			action_type: 'MessageActionChannelCreate',
			action_details: { title: 'News' },
		});
		expect(toAction(new Api.MessageActionChatMigrateTo({ channelId: big(1234567890) })).action_details).toEqual({ channel_id: 1234567890 });
		expect(toAction(new Api.MessageActionChannelMigrateFrom({ title: 'Old', chatId: big(7) })).action_details).toEqual({ title: 'Old', chat_id: 7 });
		expect(toAction(new Api.MessageActionPinMessage())).toEqual({ action: ACTION_NONE, action_type: 'MessageActionPinMessage', action_details: {} });
		expect(toAction(new Api.MessageActionHistoryClear()).action).toBe(ACTION_NONE);
		expect(toAction(new Api.MessageActionEmpty()).action).toBe(ACTION_NONE);
	});

	it('reads the scalar fields of any other action, dropping nested objects, bytes and longs beyond 2^53 safely', () => {
		const call = toAction(
			new Api.MessageActionGroupCall({ call: new Api.InputGroupCall({ id: big(1), accessHash: big(2) }), duration: 61 }),
		);
		expect(call).toEqual({ action: ACTION_NONE, action_type: 'MessageActionGroupCall', action_details: { duration: 61 } });
		const topic = toAction(new Api.MessageActionTopicCreate({ title: 'Ideas', iconColor: 0x6fb9f0, iconEmojiId: big('5368324170671202286') }));
		expect(topic.action_details).toEqual({ title: 'Ideas', icon_color: 0x6fb9f0, icon_emoji_id: '5368324170671202286' });
		const sent = toAction(new Api.MessageActionWebViewDataSentMe({ text: 't', data: 'd' }));
		expect(sent.action_details).toEqual({ text: 't', data: 'd' });
		const payment = toAction(
			new Api.MessageActionPaymentSentMe({ currency: 'EUR', totalAmount: big(500), payload: Buffer.from('p'), charge: new Api.PaymentCharge({ id: 'c', providerChargeId: 'p' }) }),
		);
		expect(payment.action_details).toEqual({ currency: 'EUR', total_amount: 500 });
		const requested = toAction(new Api.MessageActionRequestedPeer({ buttonId: 1, peers: [peerUser(5)] }));
		expect(requested.action_details).toEqual({ button_id: 1 });
		for (const a of [call, topic, sent, payment, requested]) expectPlainJson(a);
	});
});
