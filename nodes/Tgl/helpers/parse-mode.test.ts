import bigInt from 'big-integer';
import { Api } from 'telegram';
import { generateRandomLong } from 'telegram/Helpers';
import { toSecretEntities } from '../secret/entities';
import { parseFormatted } from './parse-mode';

const kinds = (raw: string, mode: string) => {
	const { text, entities } = parseFormatted(mode, raw);
	return { text, entities: entities.map((e) => [e.className, e.offset, e.length]) };
};

describe('parseFormatted', () => {
	it('None (or no option) keeps the text as it is', () => {
		expect(parseFormatted('none', '<b>x</b> **y**')).toEqual({ text: '<b>x</b> **y**', entities: [] });
		expect(parseFormatted(undefined, ' a ')).toEqual({ text: ' a ', entities: [] });
	});

	it('HTML: tags become entities sorted by offset, escapes become characters, offsets count UTF-16 units', () => {
		expect(kinds('😀 <b>y</b> &amp; <pre><code class="language-js">x</code></pre>', 'html')).toEqual({
			text: '😀 y & x',
			entities: [
				['MessageEntityBold', 3, 1],
				['MessageEntityPre', 7, 1],
			],
		});
		expect(parseFormatted('html', '<pre><code class="language-js">x</code></pre>').entities[0]).toMatchObject({ language: 'js' });
	});

	it('HTML: unclosed tags close at the end; unknown tags leave their text plain', () => {
		expect(kinds('<b>a <i>b', 'html')).toEqual({ text: 'a b', entities: [['MessageEntityBold', 0, 3], ['MessageEntityItalic', 2, 1]] });
		expect(kinds('<blink>a</blink>', 'html')).toEqual({ text: 'a', entities: [] });
	});

	it('Markdown: paired markers become entities; an unpaired one is dropped, never an empty entity', () => {
		expect(kinds('**b** __i__ ~~s~~ `c`', 'markdown')).toEqual({
			text: 'b i s c',
			entities: [
				['MessageEntityBold', 0, 1],
				['MessageEntityItalic', 2, 1],
				['MessageEntityStrike', 4, 1],
				['MessageEntityCode', 6, 1],
			],
		});
		expect(kinds('a **b', 'markdown')).toEqual({ text: 'a b', entities: [] });
		for (const { entities, text } of [parseFormatted('markdown', '```x```'), parseFormatted('markdown', '****')]) {
			for (const e of entities) {
				expect(e.length).toBeGreaterThan(0);
				expect(e.offset + e.length).toBeLessThanOrEqual(text.length);
			}
		}
	});

	it('HTML: a custom emoji carries its id as a long; one without a numeric id is left plain, never failing the send', () => {
		const good = parseFormatted('html', 'a <tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>');
		expect(good.entities).toHaveLength(1);
		const { documentId } = good.entities[0] as Api.MessageEntityCustomEmoji;
		expect(bigInt.isInstance(documentId) && documentId.toString()).toBe('5368324170671202286');
		for (const raw of ['<tg-emoji emoji-id="abc">👍</tg-emoji>', '<tg-emoji>👍</tg-emoji>', '<tg-emoji emoji-id="99999999999999999999">👍</tg-emoji>']) {
			const { text, entities } = parseFormatted('html', raw);
			expect({ text, entities }).toEqual({ text: '👍', entities: [] });
		}
		// What both sends then do with the entities: serialise them (cloud) and map them (secret chats).
		for (const raw of ['<tg-emoji emoji-id="abc">x</tg-emoji>', '<tg-emoji>x</tg-emoji>', '<tg-emoji emoji-id="-5">x</tg-emoji> <b>y</b>']) {
			const { text, entities } = parseFormatted('html', raw);
			expect(() => new Api.messages.SendMessage({ peer: new Api.InputPeerSelf(), message: text, entities, randomId: generateRandomLong() }).getBytes()).not.toThrow();
			expect(() => toSecretEntities(entities)).not.toThrow();
		}
	});
});
