import bigInt from 'big-integer';
import { Api } from 'telegram';
import { toEntities } from './entities';

describe('toEntities', () => {
	it('gives plain JSON with Bot API type names, and nothing for a message without entities', () => {
		expect(
			toEntities([
				new Api.MessageEntityPre({ offset: 0, length: 3, language: '' }),
				new Api.MessageEntityTextUrl({ offset: 3, length: 1, url: 'https://x.org' }),
				new Api.MessageEntityMentionName({ offset: 4, length: 1, userId: bigInt(5) }),
				new Api.MessageEntityCustomEmoji({ offset: 5, length: 2, documentId: bigInt('5368324170671202286') }),
				new Api.MessageEntityUnknown({ offset: 7, length: 1 }),
			]),
		).toEqual([
			{ type: 'pre', offset: 0, length: 3, language: '' },
			{ type: 'text_link', offset: 3, length: 1, url: 'https://x.org' },
			{ type: 'text_mention', offset: 4, length: 1, user_id: 5 },
			{ type: 'custom_emoji', offset: 5, length: 2, custom_emoji_id: '5368324170671202286' },
			{ type: 'unknown', offset: 7, length: 1 },
		]);
		expect(toEntities(undefined)).toBeUndefined();
		expect(toEntities([])).toBeUndefined();
	});
});
