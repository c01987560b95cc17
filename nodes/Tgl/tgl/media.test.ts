import { Api } from 'telegram';
import { big, DATE, expectPlainJson, message } from './fixtures.test';
import { hasThumb, loadError, mediaKind, toMedia } from './media';

const photo = (sizes: Api.TypePhotoSize[]) =>
	new Api.Photo({ id: big('6000000000000000001'), accessHash: big('-7000000000000000001'), fileReference: Buffer.from('r'), date: DATE, sizes, dcId: 2 });

const doc = (attributes: Api.TypeDocumentAttribute[], more: Partial<ConstructorParameters<typeof Api.Document>[0]> = {}) =>
	new Api.Document({
		id: big('8000000000000000001'),
		accessHash: big(12),
		fileReference: Buffer.from('r'),
		date: DATE,
		mimeType: 'application/octet-stream',
		size: big(123456),
		dcId: 2,
		attributes,
		...more,
	});

const thumb = new Api.PhotoSize({ type: 'm', w: 90, h: 90, size: 100 });
const geo = new Api.GeoPoint({ long: 13.4, lat: 52.5, accessHash: big(1) });

describe('toMedia', () => {
	it('maps photos with caption, ids as strings and the largest size', () => {
		const m = toMedia(
			new Api.MessageMediaPhoto({
				photo: photo([
					new Api.PhotoStrippedSize({ type: 'i', bytes: Buffer.from('x') }),
					new Api.PhotoSize({ type: 'm', w: 320, h: 240, size: 1000 }),
					new Api.PhotoSizeProgressive({ type: 'y', w: 1280, h: 960, sizes: [100, 5000, 90000] }),
					new Api.PhotoCachedSize({ type: 's', w: 90, h: 60, bytes: Buffer.from('abc') }),
				]),
			}),
			'Look',
		);
		expect(m).toEqual({
			type: 'photo',
			caption: 'Look',
			id: '6000000000000000001',
			access_hash: '-7000000000000000001',
			width: 1280,
			height: 960,
			size: 90000,
		});
		expectPlainJson(m);
	});

	it('leaves out empty captions and survives expired photos', () => {
		expect(toMedia(new Api.MessageMediaPhoto({ photo: photo([]) }), '')).toEqual({
			type: 'photo',
			id: '6000000000000000001',
			access_hash: '-7000000000000000001',
		});
		expect(toMedia(new Api.MessageMediaPhoto({ ttlSeconds: 10 }), 'c')).toEqual({ type: 'photo', caption: 'c' });
		expect(toMedia(new Api.MessageMediaPhoto({ photo: new Api.PhotoEmpty({ id: big(1) }) }))).toEqual({ type: 'photo' });
	});

	it('maps geo, live geo, contact, venue and webpages with tg\'s keys', () => {
		expect(toMedia(new Api.MessageMediaGeo({ geo }))).toEqual({ type: 'geo', longitude: 13.4, latitude: 52.5 });
		expect(toMedia(new Api.MessageMediaGeo({ geo: new Api.GeoPointEmpty() }))).toEqual({ type: 'geo' });
		expect(toMedia(new Api.MessageMediaGeoLive({ geo, period: 900 }))).toEqual({ type: 'geo', longitude: 13.4, latitude: 52.5, live_period: 900 });
		expect(
			toMedia(new Api.MessageMediaContact({ phoneNumber: '+1555', firstName: 'Ann', lastName: '', vcard: '', userId: big(44) })),
		).toEqual({ type: 'contact', phone: '+1555', first_name: 'Ann', user_id: 44 });
		expect(
			toMedia(new Api.MessageMediaContact({ phoneNumber: '+1555', firstName: 'Ann', lastName: 'B', vcard: '', userId: big(0) })),
		).toEqual({ type: 'contact', phone: '+1555', first_name: 'Ann', last_name: 'B', user_id: 0 });
		expect(
			toMedia(
				new Api.MessageMediaVenue({ geo, title: 'Cafe', address: 'Main St 1', provider: 'foursquare', venueId: 'abc', venueType: '' }),
			),
		).toEqual({ type: 'venue', longitude: 13.4, latitude: 52.5, title: 'Cafe', address: 'Main St 1', provider: 'foursquare', venue_id: 'abc' });
		const page = new Api.WebPage({ id: big(1), url: 'https://x.org', displayUrl: 'x.org', hash: 0, title: 'X', description: '', author: 'Ann', siteName: 'X site' });
		expect(toMedia(new Api.MessageMediaWebPage({ webpage: page }))).toEqual({
			type: 'webpage',
			url: 'https://x.org',
			title: 'X',
			author: 'Ann',
			site_name: 'X site',
		});
		expect(toMedia(new Api.MessageMediaWebPage({ webpage: new Api.WebPagePending({ id: big(1), date: DATE, url: 'https://y.org' }) }))).toEqual({
			type: 'webpage',
			url: 'https://y.org',
		});
		expect(toMedia(new Api.MessageMediaWebPage({ webpage: new Api.WebPageEmpty({ id: big(1) }) }))).toEqual({ type: 'webpage' });
	});

	it('maps plain documents with file name, MIME type, size and thumbnail flag', () => {
		const m = toMedia(
			new Api.MessageMediaDocument({
				document: doc([new Api.DocumentAttributeFilename({ fileName: 'report.pdf' })], { mimeType: 'application/pdf', thumbs: [thumb] }),
			}),
			'Q3',
		);
		expect(m).toEqual({
			type: 'document',
			caption: 'Q3',
			id: '8000000000000000001',
			access_hash: '12',
			file_name: 'report.pdf',
			mime_type: 'application/pdf',
			size: 123456,
			has_thumb: true,
		});
		expectPlainJson(m);
	});

	it('splits out videos (round and GIF too) and audio (voice too)', () => {
		const video = toMedia(
			new Api.MessageMediaDocument({
				document: doc([
					new Api.DocumentAttributeVideo({ duration: 12.5, w: 640, h: 360 }),
					new Api.DocumentAttributeFilename({ fileName: 'clip.mp4' }),
				], { mimeType: 'video/mp4' }),
			}),
		);
		expect(video).toMatchObject({ type: 'video', duration: 12.5, width: 640, height: 360, round: false, animated: false, file_name: 'clip.mp4', has_thumb: false });
		const round = toMedia(new Api.MessageMediaDocument({ round: true, document: doc([new Api.DocumentAttributeVideo({ duration: 3, w: 240, h: 240, roundMessage: true })]) }));
		expect(round).toMatchObject({ type: 'video', round: true });
		const gif = toMedia(new Api.MessageMediaDocument({ document: doc([new Api.DocumentAttributeVideo({ duration: 1, w: 10, h: 10 }), new Api.DocumentAttributeAnimated()]) }));
		expect(gif).toMatchObject({ type: 'video', animated: true });
		const song = toMedia(
			new Api.MessageMediaDocument({ document: doc([new Api.DocumentAttributeAudio({ duration: 200, title: 'Song', performer: 'Band' })], { mimeType: 'audio/mpeg' }) }),
		);
		expect(song).toMatchObject({ type: 'audio', duration: 200, voice: false, title: 'Song', performer: 'Band', mime_type: 'audio/mpeg' });
		const voice = toMedia(
			new Api.MessageMediaDocument({ voice: true, document: doc([new Api.DocumentAttributeAudio({ duration: 4, voice: true })], { mimeType: 'audio/ogg' }) }),
		);
		expect(voice).toEqual({
			type: 'audio',
			id: '8000000000000000001',
			access_hash: '12',
			mime_type: 'audio/ogg',
			size: 123456,
			duration: 4,
			voice: true,
			has_thumb: false,
		});
		for (const m of [video, round, gif, song, voice]) expectPlainJson(m);
	});

	it('keeps stickers (even video stickers) as documents', () => {
		const sticker = toMedia(
			new Api.MessageMediaDocument({
				document: doc([
					new Api.DocumentAttributeSticker({ alt: '😀', stickerset: new Api.InputStickerSetEmpty() }),
					new Api.DocumentAttributeVideo({ duration: 2, w: 512, h: 512 }),
					new Api.DocumentAttributeImageSize({ w: 512, h: 512 }),
				], { mimeType: 'video/webm' }),
			}),
		);
		expect(sticker).toMatchObject({ type: 'document', sticker: true, width: 512, height: 512 });
		expect(sticker).not.toHaveProperty('duration');
		expectPlainJson(sticker);
	});

	it('survives expired documents', () => {
		expect(toMedia(new Api.MessageMediaDocument({ ttlSeconds: 5 }), 'x')).toEqual({ type: 'document', caption: 'x' });
		expect(toMedia(new Api.MessageMediaDocument({ document: new Api.DocumentEmpty({ id: big(1) }) }))).toEqual({ type: 'document' });
	});

	it('maps a fresh poll: question, answers in order, kind, no counts yet', () => {
		const answer = (text: string, byte: number) =>
			new Api.PollAnswer({ text: new Api.TextWithEntities({ text, entities: [] }), option: Buffer.from([byte]) });
		const poll = new Api.MessageMediaPoll({
			poll: new Api.Poll({
				id: big(77),
				multipleChoice: true,
				question: new Api.TextWithEntities({ text: 'Lunch?', entities: [] }),
				answers: [answer('Pizza', 0), answer('Soup', 1)],
			}),
			results: new Api.PollResults({ min: true }),
		});
		const media = toMedia(poll);
		expect(media).toEqual({
			type: 'poll',
			poll_id: '77',
			question: 'Lunch?',
			answers: [
				{ text: 'Pizza', option: '0' },
				{ text: 'Soup', option: '1' },
			],
			quiz: false,
			multiple_choice: true,
			public_voters: false,
			closed: false,
			total_voters: null,
		});
		expectPlainJson(media);
	});

	it('maps a quiz with its results: voters, the correct answer, the solution', () => {
		const answer = (text: string, byte: number) =>
			new Api.PollAnswer({ text: new Api.TextWithEntities({ text, entities: [] }), option: Buffer.from([byte]) });
		const quiz = new Api.MessageMediaPoll({
			poll: new Api.Poll({
				id: big(5),
				quiz: true,
				publicVoters: true,
				closed: true,
				question: new Api.TextWithEntities({ text: '2+2?', entities: [] }),
				answers: [answer('3', 0), answer('4', 1)],
			}),
			results: new Api.PollResults({
				results: [
					new Api.PollAnswerVoters({ option: Buffer.from([0]), voters: 1 }),
					new Api.PollAnswerVoters({ option: Buffer.from([1]), voters: 2, chosen: true, correct: true }),
				],
				totalVoters: 3,
				solution: 'Arithmetic',
			}),
		});
		expect(toMedia(quiz)).toMatchObject({
			type: 'poll',
			quiz: true,
			public_voters: true,
			closed: true,
			total_voters: 3,
			solution: 'Arithmetic',
			answers: [
				{ text: '3', option: '0', voters: 1 },
				{ text: '4', option: '1', voters: 2, chosen: true, correct: true },
			],
		});
		expect(mediaKind(new Api.Message({ id: 1, peerId: new Api.PeerUser({ userId: big(1) }), date: 0, message: '', media: quiz }))).toBe('poll');
	});

	it('maps unknown media without throwing', () => {
		expect(toMedia(new Api.MessageMediaDice({ value: 3, emoticon: '🎲' }))).toEqual({ type: 'unknown', media_type: 'MessageMediaDice' });
		expect(toMedia(new Api.MessageMediaUnsupported())).toEqual({ type: 'unknown', media_type: 'MessageMediaUnsupported' });
		expect(toMedia(new Api.MessageMediaEmpty())).toBeNull();
		expect(toMedia(undefined)).toBeNull();
	});
});

describe('load checks', () => {
	const withMedia = (media: Api.TypeMessageMedia) => message({ id: 5, media, message: '' });
	const photoMsg = withMedia(new Api.MessageMediaPhoto({ photo: photo([thumb]) }));
	const videoMsg = withMedia(new Api.MessageMediaDocument({ document: doc([new Api.DocumentAttributeVideo({ duration: 1, w: 1, h: 1 })], { thumbs: [thumb] }) }));
	const audioMsg = withMedia(new Api.MessageMediaDocument({ document: doc([new Api.DocumentAttributeAudio({ duration: 1 })]) }));
	const fileMsg = withMedia(new Api.MessageMediaDocument({ document: doc([]) }));
	const geoMsg = withMedia(new Api.MessageMediaGeo({ geo }));
	const textMsg = message({ id: 6, message: 'hi' });

	it('tells the kind of media', () => {
		expect([photoMsg, videoMsg, audioMsg, fileMsg, geoMsg, textMsg].map(mediaKind)).toEqual(['photo', 'video', 'audio', 'document', 'geo', null]);
		expect(mediaKind(new Api.MessageEmpty({ id: 1 }))).toBeNull();
		expect([photoMsg, videoMsg, audioMsg, fileMsg].map(hasThumb)).toEqual([false, true, false, false]);
	});

	it('accepts matching kinds; load_document takes any file, as in tg', () => {
		expect(loadError(photoMsg, 'photo')).toBeNull();
		expect(loadError(videoMsg, 'video')).toBeNull();
		expect(loadError(videoMsg, 'video_thumb')).toBeNull();
		expect(loadError(audioMsg, 'audio')).toBeNull();
		for (const m of [videoMsg, audioMsg, fileMsg]) expect(loadError(m, 'document')).toBeNull();
		expect(loadError(videoMsg, 'document_thumb')).toBeNull();
	});

	it('explains mismatches clearly', () => {
		expect(loadError(textMsg, 'photo')).toBe('Message 6 has no media');
		expect(loadError(audioMsg, 'video')).toBe('Message 5 has an audio file, not a video');
		expect(loadError(photoMsg, 'document')).toBe('Message 5 has a photo, not a document');
		expect(loadError(geoMsg, 'photo')).toBe('Message 5 has a location, not a photo');
		expect(loadError(fileMsg, 'document_thumb')).toBe('Message 5 has a document without a thumbnail');
		expect(loadError(withMedia(new Api.MessageMediaPhoto({ ttlSeconds: 3 })), 'photo')).toBe(
			"Message 5's media is no longer available (expired or deleted)",
		);
	});
});
