// Formatting in secret chats: GramJS's (cloud) entities become the secret layer's own
// (schema.ts ENTITY_IDS; the codec then drops what the peer's layer does not know), and received
// secret entities become the same `entities` items as cloud messages show.
import { Api } from 'telegram';
import type { TglEntityType, TglMessageEntity } from '../tgl/entities';
import type { EntityKind, SecretEntity } from './schema';

const KIND_OF_CLASS: Record<string, EntityKind> = {
	MessageEntityMention: 'mention',
	MessageEntityHashtag: 'hashtag',
	MessageEntityCashtag: 'cashtag',
	MessageEntityBotCommand: 'botCommand',
	MessageEntityUrl: 'url',
	MessageEntityEmail: 'email',
	MessageEntityPhone: 'phone',
	MessageEntityBold: 'bold',
	MessageEntityItalic: 'italic',
	MessageEntityUnderline: 'underline',
	MessageEntityStrike: 'strike',
	MessageEntitySpoiler: 'spoiler',
	MessageEntityBlockquote: 'blockquote',
	MessageEntityCode: 'code',
	MessageEntityPre: 'pre',
	MessageEntityTextUrl: 'textUrl',
	MessageEntityMentionName: 'mentionName',
	MessageEntityCustomEmoji: 'customEmoji',
};

const TYPE_OF_KIND: Record<EntityKind, TglEntityType> = {
	unknown: 'unknown',
	mention: 'mention',
	hashtag: 'hashtag',
	botCommand: 'bot_command',
	url: 'url',
	email: 'email',
	bold: 'bold',
	italic: 'italic',
	code: 'code',
	pre: 'pre',
	textUrl: 'text_link',
	mentionName: 'text_mention',
	phone: 'phone_number',
	cashtag: 'cashtag',
	underline: 'underline',
	strike: 'strikethrough',
	blockquote: 'blockquote',
	spoiler: 'spoiler',
	customEmoji: 'custom_emoji',
};

/** A link to tg://user?id=N is how HTML names a user: in a secret chat it is a mention by int id. */
const USER_LINK = /^tg:\/\/user\?id=(\d+)$/;

function toSecretEntity(e: Api.TypeMessageEntity): SecretEntity | undefined {
	const base = { offset: e.offset, length: e.length };
	if (e instanceof Api.MessageEntityTextUrl) {
		const user = USER_LINK.exec(e.url);
		if (user && Number(user[1]) <= 2 ** 31 - 1) return { type: 'mentionName', ...base, userId: Number(user[1]) };
		return { type: 'textUrl', ...base, url: e.url };
	}
	if (e instanceof Api.MessageEntityMentionName) {
		// The secret schema holds the user id as an int: a larger id cannot be named there.
		const userId = e.userId.toJSNumber();
		return userId <= 2 ** 31 - 1 ? { type: 'mentionName', ...base, userId } : undefined;
	}
	if (e instanceof Api.MessageEntityPre) return { type: 'pre', ...base, language: e.language ?? '' };
	if (e instanceof Api.MessageEntityCustomEmoji) return { type: 'customEmoji', ...base, documentId: BigInt(e.documentId.toString()) };
	const type = KIND_OF_CLASS[e.className];
	return type ? { type, ...base } : undefined;
}

/** The secret layer's entities for a parsed text (what it has no form for is left plain). */
export function toSecretEntities(entities: Api.TypeMessageEntity[]): SecretEntity[] | undefined {
	const out = entities.map(toSecretEntity).filter((e): e is SecretEntity => e !== undefined);
	return out.length ? out : undefined;
}

/** A received (or sent) secret message's entities as the Msg item's `entities`. */
export function secretEntityItems(entities: SecretEntity[] | undefined): TglMessageEntity[] | undefined {
	if (!entities?.length) return undefined;
	return entities.map((e) => {
		const out: TglMessageEntity = { type: TYPE_OF_KIND[e.type], offset: e.offset, length: e.length };
		if (e.type === 'textUrl') out.url = e.url ?? '';
		if (e.type === 'pre') out.language = e.language ?? '';
		if (e.type === 'mentionName') out.user_id = e.userId ?? 0;
		if (e.type === 'customEmoji') out.custom_emoji_id = (e.documentId ?? 0n).toString();
		return out;
	});
}
