// Message media → tg's media dicts, plus the checks the Load * operations need.
import { Api } from 'telegram';
import { toDecimal, toNum } from './convert';
import type {
	TglContactMedia,
	TglDocumentMedia,
	TglMedia,
	TglMediaKind,
	TglPhotoMedia,
	TglPollMedia,
	TglVenueMedia,
	TglWebpageMedia,
} from './types';

type Media = Api.TypeMessageMedia;

/** Drops keys whose value is undefined or "" (tg left empty strings out). */
function compact<T extends object>(obj: T): T {
	const out: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(obj)) if (v !== undefined && v !== null && v !== '') out[k] = v;
	return out as T;
}

function largestSize(sizes: ReadonlyArray<Api.TypePhotoSize>): { w: number; h: number; size?: number } | undefined {
	let best: { w: number; h: number; size?: number } | undefined;
	for (const s of sizes) {
		let cur: { w: number; h: number; size?: number } | undefined;
		if (s instanceof Api.PhotoSize) cur = { w: s.w, h: s.h, size: s.size };
		else if (s instanceof Api.PhotoSizeProgressive) cur = { w: s.w, h: s.h, size: Math.max(0, ...s.sizes) };
		else if (s instanceof Api.PhotoCachedSize) cur = { w: s.w, h: s.h, size: s.bytes.length };
		if (cur && (!best || cur.w * cur.h > best.w * best.h)) best = cur;
	}
	return best;
}

function photoMedia(photo: Api.TypePhoto | null | undefined, caption: string): TglPhotoMedia {
	if (!(photo instanceof Api.Photo)) return compact({ type: 'photo', caption });
	const largest = largestSize(photo.sizes);
	return compact({
		type: 'photo',
		caption,
		id: toDecimal(photo.id) ?? undefined,
		access_hash: toDecimal(photo.accessHash) ?? undefined,
		width: largest?.w,
		height: largest?.h,
		size: largest?.size,
	});
}

function documentKind(doc: Api.Document, media?: Api.MessageMediaDocument): 'document' | 'video' | 'audio' {
	const attrs = doc.attributes;
	// Stickers (even video stickers) stay documents: nobody means a sticker by "video".
	if (attrs.some((a) => a instanceof Api.DocumentAttributeSticker)) return 'document';
	if (media?.voice || attrs.some((a) => a instanceof Api.DocumentAttributeAudio)) return 'audio';
	if (media?.video || media?.round || attrs.some((a) => a instanceof Api.DocumentAttributeVideo)) return 'video';
	return 'document';
}

function documentMedia(doc: Api.TypeDocument | null | undefined, caption: string, media?: Api.MessageMediaDocument): TglDocumentMedia {
	if (!(doc instanceof Api.Document)) return compact({ type: 'document', caption });
	const type = documentKind(doc, media);
	const out: TglDocumentMedia = {
		type,
		caption,
		id: toDecimal(doc.id) ?? undefined,
		access_hash: toDecimal(doc.accessHash) ?? undefined,
		mime_type: doc.mimeType,
		size: toNum(doc.size),
	};
	for (const a of doc.attributes) {
		if (a instanceof Api.DocumentAttributeFilename) out.file_name = a.fileName;
		else if (a instanceof Api.DocumentAttributeImageSize) {
			out.width ??= a.w;
			out.height ??= a.h;
		} else if (a instanceof Api.DocumentAttributeVideo && type === 'video') {
			out.duration = a.duration;
			out.width = a.w;
			out.height = a.h;
			out.round = !!a.roundMessage || !!media?.round;
		} else if (a instanceof Api.DocumentAttributeAudio && type === 'audio') {
			out.duration = a.duration;
			out.voice = !!a.voice || !!media?.voice;
			out.performer = a.performer ?? undefined;
			out.title = a.title ?? undefined;
		} else if (a instanceof Api.DocumentAttributeSticker) out.sticker = true;
	}
	if (type === 'video') {
		out.round ??= !!media?.round;
		out.animated = doc.attributes.some((a) => a instanceof Api.DocumentAttributeAnimated);
	}
	if (type === 'audio') out.voice ??= !!media?.voice;
	out.has_thumb = documentHasThumb(doc);
	return compact(out);
}

function geoCoords(geo: Api.TypeGeoPoint): { longitude?: number; latitude?: number } {
	return geo instanceof Api.GeoPoint ? { longitude: geo.long, latitude: geo.lat } : {};
}

/**
 * tg's media dict for a message's media; `caption` is the message text (photos and
 * documents carry it). null for no media.
 */
export function toMedia(media: Media | null | undefined, caption = ''): TglMedia | null {
	if (!media || media instanceof Api.MessageMediaEmpty) return null;
	if (media instanceof Api.MessageMediaPhoto) return photoMedia(media.photo, caption);
	if (media instanceof Api.MessageMediaDocument) return documentMedia(media.document, caption, media);
	if (media instanceof Api.MessageMediaGeo) return { type: 'geo', ...geoCoords(media.geo) };
	if (media instanceof Api.MessageMediaGeoLive) return { type: 'geo', ...geoCoords(media.geo), live_period: media.period };
	if (media instanceof Api.MessageMediaContact) {
		return compact<TglContactMedia>({
			type: 'contact',
			phone: media.phoneNumber,
			first_name: media.firstName,
			last_name: media.lastName,
			user_id: toNum(media.userId ?? 0),
		});
	}
	if (media instanceof Api.MessageMediaVenue) {
		return compact<TglVenueMedia>({
			type: 'venue',
			...geoCoords(media.geo),
			title: media.title,
			address: media.address,
			provider: media.provider,
			venue_id: media.venueId,
		});
	}
	if (media instanceof Api.MessageMediaWebPage) {
		const page = media.webpage;
		if (page instanceof Api.WebPage) {
			return compact<TglWebpageMedia>({
				type: 'webpage',
				url: page.url,
				title: page.title ?? undefined,
				description: page.description ?? undefined,
				author: page.author ?? undefined,
				site_name: page.siteName ?? undefined,
			});
		}
		// Pending or empty previews may still know the URL.
		const url = page instanceof Api.WebPageEmpty || page instanceof Api.WebPagePending ? page.url : undefined;
		return compact<TglWebpageMedia>({ type: 'webpage', url: url ?? undefined });
	}
	if (media instanceof Api.MessageMediaPoll) return pollMedia(media);
	return { type: 'unknown', media_type: media.className };
}

/** TextWithEntities (current layers) or a plain string (older ones): the text. */
function pollText(text: Api.TypeTextWithEntities | string): string {
	return typeof text === 'string' ? text : text.text;
}

/** An answer's option bytes as a short string: "0" for the usual one-byte options. */
function optionKey(option: Buffer | Uint8Array): string {
	return Array.from(option).join(',');
}

function pollMedia(media: Api.MessageMediaPoll): TglPollMedia {
	const poll = media.poll;
	const results = media.results;
	const voters = new Map((results.results ?? []).map((r) => [optionKey(r.option), r]));
	const answers = poll.answers.map((a) => {
		const r = voters.get(optionKey(a.option));
		const answer: TglPollMedia['answers'][number] = { text: pollText(a.text), option: optionKey(a.option) };
		if (r) {
			answer.voters = r.voters;
			if (r.chosen) answer.chosen = true;
			if (r.correct) answer.correct = true;
		}
		return answer;
	});
	const out: TglPollMedia = {
		type: 'poll',
		poll_id: toDecimal(poll.id) ?? '',
		question: pollText(poll.question),
		answers,
		quiz: !!poll.quiz,
		multiple_choice: !!poll.multipleChoice,
		public_voters: !!poll.publicVoters,
		closed: !!poll.closed,
		total_voters: results.totalVoters ?? null,
	};
	if (results.solution) out.solution = results.solution;
	return out;
}

function messageMedia(message: Api.TypeMessage): Media | undefined {
	return message instanceof Api.Message ? message.media ?? undefined : undefined;
}

/** Kind of a message's media ('photo', 'video', 'audio', 'document', 'geo', …); null for none. */
export function mediaKind(message: Api.TypeMessage): TglMediaKind | null {
	return toMedia(messageMedia(message))?.type ?? null;
}

function documentHasThumb(doc: Api.Document): boolean {
	return (doc.thumbs?.length ?? 0) > 0 || (doc.videoThumbs?.length ?? 0) > 0;
}

/** Whether the message's document (video, audio or other file) has a thumbnail to load. */
export function hasThumb(message: Api.TypeMessage): boolean {
	const media = messageMedia(message);
	return media instanceof Api.MessageMediaDocument && media.document instanceof Api.Document && documentHasThumb(media.document);
}

export type LoadTarget = 'photo' | 'video' | 'video_thumb' | 'audio' | 'document' | 'document_thumb';

const TARGET_LABEL: Record<LoadTarget, string> = {
	photo: 'a photo',
	video: 'a video',
	video_thumb: 'a video',
	audio: 'an audio file',
	document: 'a document',
	document_thumb: 'a document',
};

/** What a message of each media kind has, as a sentence says it ("has a photo"). */
export const KIND_LABEL: Record<TglMediaKind, string> = {
	photo: 'a photo',
	video: 'a video',
	audio: 'an audio file',
	document: 'a document',
	geo: 'a location',
	contact: 'a contact',
	webpage: 'a link preview',
	venue: 'a venue',
	poll: 'a poll',
	unknown: 'media this node cannot download',
};

/**
 * Why msg.load_<target> cannot work on this message, or null when it can. tg downloaded
 * whatever the message had; we say clearly when the media is of another kind.
 * Documents include videos and audio (as in tg), so load_document accepts them too.
 */
export function loadError(message: Api.TypeMessage, target: LoadTarget): string | null {
	const kind = mediaKind(message);
	const where = `Message ${message.id}`;
	if (kind === null) return `${where} has no media`;
	const fits =
		target === 'photo'
			? kind === 'photo'
			: target === 'video' || target === 'video_thumb'
				? kind === 'video'
				: target === 'audio'
					? kind === 'audio'
					: kind === 'document' || kind === 'video' || kind === 'audio';
	if (!fits) return `${where} has ${KIND_LABEL[kind]}, not ${TARGET_LABEL[target]}`;
	const media = messageMedia(message);
	const missing =
		(media instanceof Api.MessageMediaPhoto && !(media.photo instanceof Api.Photo)) ||
		(media instanceof Api.MessageMediaDocument && !(media.document instanceof Api.Document));
	if (missing) return `${where}'s media is no longer available (expired or deleted)`;
	if ((target === 'video_thumb' || target === 'document_thumb') && !hasThumb(message)) {
		return `${where} has ${KIND_LABEL[kind]} without a thumbnail`;
	}
	return null;
}
