// GramJS message entities → the Msg item's `entities`: plain JSON, with the Bot API's type names
// (what n8n's own Telegram nodes show), so that a workflow can read a message's formatting.
import { Api } from 'telegram';

export type TglEntityType =
	| 'mention'
	| 'hashtag'
	| 'cashtag'
	| 'bot_command'
	| 'url'
	| 'email'
	| 'phone_number'
	| 'bank_card'
	| 'bold'
	| 'italic'
	| 'underline'
	| 'strikethrough'
	| 'spoiler'
	| 'blockquote'
	| 'code'
	| 'pre'
	| 'text_link'
	| 'text_mention'
	| 'custom_emoji'
	| 'unknown';

export interface TglMessageEntity {
	type: TglEntityType;
	/** In UTF-16 code units, as Telegram counts (JavaScript string indexes). */
	offset: number;
	length: number;
	/** text_link */
	url?: string;
	/** pre: the code block's language ('' when none) */
	language?: string;
	/** text_mention */
	user_id?: number;
	/** custom_emoji: the emoji's document id (decimal) */
	custom_emoji_id?: string;
}

const TYPE_OF_CLASS: Record<string, TglEntityType> = {
	MessageEntityMention: 'mention',
	MessageEntityHashtag: 'hashtag',
	MessageEntityCashtag: 'cashtag',
	MessageEntityBotCommand: 'bot_command',
	MessageEntityUrl: 'url',
	MessageEntityEmail: 'email',
	MessageEntityPhone: 'phone_number',
	MessageEntityBankCard: 'bank_card',
	MessageEntityBold: 'bold',
	MessageEntityItalic: 'italic',
	MessageEntityUnderline: 'underline',
	MessageEntityStrike: 'strikethrough',
	MessageEntitySpoiler: 'spoiler',
	MessageEntityBlockquote: 'blockquote',
	MessageEntityCode: 'code',
	MessageEntityPre: 'pre',
	MessageEntityTextUrl: 'text_link',
	MessageEntityMentionName: 'text_mention',
	InputMessageEntityMentionName: 'text_mention',
	MessageEntityCustomEmoji: 'custom_emoji',
};

function toEntity(e: Api.TypeMessageEntity): TglMessageEntity {
	const out: TglMessageEntity = { type: TYPE_OF_CLASS[e.className] ?? 'unknown', offset: e.offset, length: e.length };
	if (e instanceof Api.MessageEntityTextUrl) out.url = e.url;
	if (e instanceof Api.MessageEntityPre) out.language = e.language ?? '';
	if (e instanceof Api.MessageEntityMentionName) out.user_id = e.userId.toJSNumber();
	if (e instanceof Api.InputMessageEntityMentionName && e.userId instanceof Api.InputUser) out.user_id = e.userId.userId.toJSNumber();
	if (e instanceof Api.MessageEntityCustomEmoji) out.custom_emoji_id = e.documentId.toString();
	return out;
}

/** The item's `entities`, or undefined for a message without any (the key is then left out). */
export function toEntities(entities: Api.TypeMessageEntity[] | undefined): TglMessageEntity[] | undefined {
	return entities?.length ? entities.map(toEntity) : undefined;
}
