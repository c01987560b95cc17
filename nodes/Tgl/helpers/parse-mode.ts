// The "Parse Mode" option: a text written with Markdown or HTML markup becomes the plain text and
// the MessageEntity list Telegram stores (GramJS's own parsers do the parsing). Malformed markup
// never fails: HTML closes unclosed tags at the end; Markdown drops a marker it cannot pair.
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import bigInt from 'big-integer';
import { Api } from 'telegram';
import { HTMLParser } from 'telegram/extensions/html';
import { MarkdownParser } from 'telegram/extensions/markdown';

export type ParseMode = 'none' | 'markdown' | 'html';

// n8n shows descriptions as HTML: the tags in the examples are written escaped.
export const parseModeOption: INodeProperties = {
	displayName: 'Parse Mode',
	name: 'parseMode',
	type: 'options',
	default: 'none',
	options: [
		{ name: 'None', value: 'none', description: 'Send the text as it is, without formatting' },
		{
			name: 'Markdown',
			value: 'markdown',
			description: '**bold**, __italic__, ~~strikethrough~~, `code` (a marker without its pair is dropped)',
		},
		{
			name: 'HTML',
			value: 'html',
			description:
				'&lt;b&gt;, &lt;i&gt;, &lt;u&gt;, &lt;s&gt;, &lt;spoiler&gt;, &lt;code&gt;, &lt;pre&gt;, &lt;blockquote&gt;, &lt;a href="https://…"&gt;; write &amp;lt; &amp;gt; &amp;amp; for the characters',
		},
	],
	description: 'How the text is formatted, e.g. with HTML: &lt;b&gt;Done&lt;/b&gt; see &lt;a href="https://n8n.io"&gt;the run&lt;/a&gt;',
};

export interface FormattedText {
	text: string;
	entities: Api.TypeMessageEntity[];
}

/** The plain text and its entities; entities that cover nothing or run past the text are left out. */
export function parseFormatted(mode: ParseMode | string | undefined, raw: string): FormattedText {
	if (mode !== 'markdown' && mode !== 'html') return { text: raw, entities: [] };
	const [text, parsed] = mode === 'html' ? HTMLParser.parse(raw) : MarkdownParser.parse(raw);
	const entities = (parsed ?? [])
		.filter((e) => e.length > 0 && e.offset >= 0 && e.offset + e.length <= text.length)
		.map(withLongEmojiId)
		.filter((e): e is Api.TypeMessageEntity => e !== undefined)
		.sort((a, b) => a.offset - b.offset);
	return { text: text ?? '', entities };
}

const LONG = /^-?\d{1,19}$/;
const LONG_MIN = bigInt('-9223372036854775808');
const LONG_MAX = bigInt('9223372036854775807');

/**
 * GramJS's HTML parser keeps <tg-emoji emoji-id="…"> as the attribute's text: a long made of it
 * here, and a custom emoji without a numeric id is left plain (it would fail the send, or name
 * emoji 0, in a cloud chat and in a secret chat alike).
 */
function withLongEmojiId(e: Api.TypeMessageEntity): Api.TypeMessageEntity | undefined {
	if (!(e instanceof Api.MessageEntityCustomEmoji)) return e;
	const raw = String((e.documentId as unknown) ?? '').trim();
	if (!LONG.test(raw)) return undefined;
	const id = bigInt(raw);
	if (id.lesser(LONG_MIN) || id.greater(LONG_MAX)) return undefined;
	return new Api.MessageEntityCustomEmoji({ offset: e.offset, length: e.length, documentId: id });
}

/** The item's text as its Parse Mode option reads it (the option sits in the Options collection). */
export function formatItemText(ctx: IExecuteFunctions, i: number, raw: string): FormattedText {
	const { parseMode } = ctx.getNodeParameter('options', i, {}) as { parseMode?: string };
	return parseFormatted(parseMode, raw);
}
