import bigInt from 'big-integer';
import { Api } from 'telegram';
import { secretEntityItems, toSecretEntities } from './entities';

describe('secret entities', () => {
	it('map GramJS entities onto the secret layer: tg://user links and mention-names by int id, pre with its language', () => {
		const out = toSecretEntities([
			new Api.MessageEntityBold({ offset: 0, length: 1 }),
			new Api.MessageEntityTextUrl({ offset: 1, length: 1, url: 'tg://user?id=42' }),
			new Api.MessageEntityTextUrl({ offset: 2, length: 1, url: 'https://x.org' }),
			new Api.MessageEntityMentionName({ offset: 3, length: 1, userId: bigInt(7) }),
			new Api.MessageEntityMentionName({ offset: 4, length: 1, userId: bigInt(2 ** 40) }),
			new Api.MessageEntityPre({ offset: 5, length: 1, language: 'ts' }),
			new Api.MessageEntityStrike({ offset: 6, length: 1 }),
			new Api.MessageEntityCustomEmoji({ offset: 7, length: 2, documentId: bigInt('5368324170671202286') }),
		]);
		expect(out).toEqual([
			{ type: 'bold', offset: 0, length: 1 },
			{ type: 'mentionName', offset: 1, length: 1, userId: 42 },
			{ type: 'textUrl', offset: 2, length: 1, url: 'https://x.org' },
			{ type: 'mentionName', offset: 3, length: 1, userId: 7 },
			{ type: 'pre', offset: 5, length: 1, language: 'ts' },
			{ type: 'strike', offset: 6, length: 1 },
			{ type: 'customEmoji', offset: 7, length: 2, documentId: 5368324170671202286n },
		]);
		expect(toSecretEntities([])).toBeUndefined();
	});

	it('show received secret entities as the Msg item does for cloud messages', () => {
		expect(
			secretEntityItems([
				{ type: 'strike', offset: 0, length: 1 },
				{ type: 'textUrl', offset: 1, length: 1, url: 'https://x.org' },
				{ type: 'mentionName', offset: 2, length: 1, userId: 9 },
				{ type: 'customEmoji', offset: 3, length: 2, documentId: 12n },
			]),
		).toEqual([
			{ type: 'strikethrough', offset: 0, length: 1 },
			{ type: 'text_link', offset: 1, length: 1, url: 'https://x.org' },
			{ type: 'text_mention', offset: 2, length: 1, user_id: 9 },
			{ type: 'custom_emoji', offset: 3, length: 2, custom_emoji_id: '12' },
		]);
		expect(secretEntityItems(undefined)).toBeUndefined();
	});
});
