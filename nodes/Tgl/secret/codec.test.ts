import { randomBytes } from 'crypto';
import { parseLayer, serializeLayer } from './codec';
import { ID, type DecryptedAction, type DecryptedMessage, type DecryptedMessageLayer } from './schema';
import { refusalReason } from '../../../test/support/secret-refusal';

const wrap = (message: DecryptedMessage, layer = 144): DecryptedMessageLayer => ({
	randomBytes: randomBytes(15),
	layer,
	inSeqNo: 2,
	outSeqNo: 5,
	message,
});

const roundTrip = (l: DecryptedMessageLayer) => parseLayer(serializeLayer(l));


describe('secret TL codec (layer 144)', () => {
	const actions: DecryptedAction[] = [
		{ _: 'notifyLayer', layer: 144 },
		{ _: 'readMessages', randomIds: [1n, -2n, 2n ** 63n - 1n] },
		{ _: 'deleteMessages', randomIds: [] },
		{ _: 'screenshotMessages', randomIds: [7n] },
		{ _: 'flushHistory' },
		{ _: 'typing', action: 'typing' },
		{ _: 'typing', action: 'uploadRound' },
		{ _: 'resend', startSeqNo: 4, endSeqNo: 10 },
		{ _: 'requestKey', exchangeId: -5n, gA: randomBytes(256) },
		{ _: 'acceptKey', exchangeId: 6n, gB: randomBytes(256), keyFingerprint: -(2n ** 63n) },
		{ _: 'commitKey', exchangeId: 6n, keyFingerprint: 123n },
		{ _: 'abortKey', exchangeId: 6n },
		{ _: 'noop' },
		{ _: 'setMessageTTL', ttlSeconds: 30 },
	];

	it.each(actions.map((a) => [a._, a]))('round-trips the %s service action', (_name, action) => {
		const l = wrap({ _: 'service', randomId: 42n, action });
		expect(roundTrip(l)).toEqual(l);
	});

	it('round-trips a text message with every optional field and the layer-144 entities', () => {
		const l = wrap({
			_: 'message',
			randomId: -99n,
			ttl: 5,
			message: 'héllo wörld 👋',
			silent: true,
			noWebpage: true,
			replyToRandomId: 77n,
			viaBotName: 'somebot',
			groupedId: 12345n,
			entities: [
				{ type: 'bold', offset: 0, length: 5 },
				{ type: 'pre', offset: 1, length: 2, language: 'ts' },
				{ type: 'textUrl', offset: 2, length: 1, url: 'https://example.org' },
				{ type: 'spoiler', offset: 3, length: 1 },
				{ type: 'customEmoji', offset: 4, length: 2, documentId: 998877n },
				{ type: 'underline', offset: 0, length: 1 },
			],
		});
		expect(roundTrip(l)).toEqual(l);
	});

	it('round-trips document (size as long), photo and location media', () => {
		const secrets = { key: randomBytes(32), iv: randomBytes(32), thumb: randomBytes(40), thumbW: 90, thumbH: 60, caption: 'cap' };
		const document = wrap({
			_: 'message',
			randomId: 1n,
			ttl: 0,
			message: '',
			media: {
				_: 'document',
				...secrets,
				mimeType: 'application/pdf',
				size: 3 * 2 ** 30,
				attributes: [
					{ _: 'filename', fileName: 'a.pdf' },
					{ _: 'imageSize', w: 10, h: 20 },
					{ _: 'video', roundMessage: true, duration: 3, w: 1, h: 2 },
					{ _: 'audio', voice: true, duration: 9, title: 't', waveform: Buffer.from([1, 2, 3]) },
					{ _: 'animated' },
					{ _: 'sticker', alt: '😀', stickerSetShortName: 'set' },
				],
			},
		});
		expect(roundTrip(document)).toEqual(document);
		const photo = wrap({ _: 'message', randomId: 2n, ttl: 0, message: '', media: { _: 'photo', ...secrets, w: 800, h: 600, size: 12345 } });
		expect(roundTrip(photo)).toEqual(photo);
		const geo = wrap({ _: 'message', randomId: 3n, ttl: 0, message: '', media: { _: 'geoPoint', lat: 48.8584, long: 2.2945 } });
		expect(roundTrip(geo)).toEqual(geo);
		const empty = wrap({ _: 'message', randomId: 4n, ttl: 0, message: 'x', media: { _: 'empty' } });
		expect(roundTrip(empty)).toEqual(empty);
	});

	it('writes the forms an older peer reads: decryptedMessage46, the int-sized document, known entities only', () => {
		const message: DecryptedMessage = {
			_: 'message',
			randomId: 1n,
			ttl: 0,
			message: 'old',
			silent: true,
			groupedId: 5n,
			entities: [
				{ type: 'bold', offset: 0, length: 1 },
				{ type: 'strike', offset: 0, length: 1 },
				{ type: 'spoiler', offset: 0, length: 1 },
			],
			media: { _: 'document', key: randomBytes(32), iv: randomBytes(32), thumb: Buffer.alloc(0), thumbW: 0, thumbH: 0, caption: '', mimeType: 'text/plain', size: 10, attributes: [] },
		};
		const bytes46 = serializeLayer(wrap(message, 46));
		expect(bytes46.readUInt32LE(32)).toBe(ID.message46);
		const back = parseLayer(bytes46).message;
		expect(back).toMatchObject({ _: 'message', message: 'old', entities: [{ type: 'bold', offset: 0, length: 1 }] });
		expect(back).not.toHaveProperty('silent');
		expect(back).not.toHaveProperty('groupedId');
		expect(bytes46.includes(Buffer.from([0xe2, 0x8a, 0xfe, 0x7a]))).toBe(true); // #7afe8ae2, little-endian
		const at101 = parseLayer(serializeLayer(wrap(message, 101))).message;
		expect(at101).toMatchObject({ silent: true, entities: [{ type: 'bold' }, { type: 'strike' }] });
	});

	it('writes the plain video attribute below layer 66 and the round-capable one from 66', () => {
		const video: DecryptedMessage = {
			_: 'message',
			randomId: 2n,
			ttl: 0,
			message: '',
			media: {
				_: 'document',
				key: randomBytes(32),
				iv: randomBytes(32),
				thumb: Buffer.alloc(0),
				thumbW: 0,
				thumbH: 0,
				caption: '',
				mimeType: 'video/mp4',
				size: 10,
				attributes: [{ _: 'video', duration: 7, w: 320, h: 240 }],
			},
		};
		const le = (id: number) => Buffer.from(Uint32Array.of(id).buffer);
		const at46 = serializeLayer(wrap(video, 46));
		expect(at46.includes(le(ID.attrVideo23))).toBe(true);
		expect(at46.includes(le(ID.attrVideo))).toBe(false);
		expect(parseLayer(at46).message).toMatchObject({ media: { attributes: [{ _: 'video', duration: 7, w: 320, h: 240 }] } });
		expect(serializeLayer(wrap(video, 66)).includes(le(ID.attrVideo))).toBe(true);
	});

	it('parses a known byte vector built by hand from the published constructor ids', () => {
		const hex =
			'8917e31b' + // decryptedMessageLayer#1be31789
			'0f' + '0102030405060708090a0b0c0d0e0f' + // random_bytes: 15 bytes, no padding needed
			'90000000' + // layer 144
			'00000000' + // in_seq_no 0
			'01000000' + // out_seq_no 1
			'60411673' + // decryptedMessageService#73164160
			'0807060504030201' + // random_id 0x0102030405060708
			'838804f3' + // decryptedMessageActionNotifyLayer#f3048883
			'90000000'; // layer 144
		const bytes = Buffer.from(hex, 'hex');
		const parsed = parseLayer(bytes);
		expect(parsed).toEqual({
			randomBytes: Buffer.from('0102030405060708090a0b0c0d0e0f', 'hex'),
			layer: 144,
			inSeqNo: 0,
			outSeqNo: 1,
			message: { _: 'service', randomId: 0x0102030405060708n, action: { _: 'notifyLayer', layer: 144 } },
		});
		expect(serializeLayer(parsed).equals(bytes)).toBe(true);
		const text =
			'7446cc91' + // decryptedMessage#91cc4674
			'00000000' + // flags
			'0100000000000000' + // random_id 1
			'00000000' + // ttl
			'02686900'; // "hi"
		const withText = Buffer.concat([bytes.subarray(0, 32), Buffer.from(text, 'hex')]);
		expect(parseLayer(withText).message).toEqual({ _: 'message', randomId: 1n, ttl: 0, message: 'hi' });
	});

	it('accepts the bare layer-8 service form a very old peer sends notifyLayer in', () => {
		const hex = '7d3248aa' + '0500000000000000' + '04aabbccdd000000' + '838804f3' + '11000000';
		const parsed = parseLayer(Buffer.from(hex, 'hex'));
		expect(parsed.layer).toBe(8);
		expect(parsed.message).toEqual({ _: 'service', randomId: 5n, action: { _: 'notifyLayer', layer: 17 } });
	});

	it('refuses unknown constructors, truncation and trailing bytes with TL_PARSE', () => {
		const good = serializeLayer(wrap({ _: 'service', randomId: 1n, action: { _: 'noop' } }));
		const unknownAction = Buffer.from(good);
		unknownAction.writeUInt32LE(0xdeadbeef, good.length - 4);
		expect(refusalReason(() => parseLayer(unknownAction))).toBe('TL_PARSE');
		expect(refusalReason(() => parseLayer(good.subarray(0, good.length - 2)))).toBe('TL_PARSE');
		expect(refusalReason(() => parseLayer(Buffer.concat([good, Buffer.alloc(4)])))).toBe('TL_PARSE');
		expect(refusalReason(() => parseLayer(Buffer.alloc(0)))).toBe('TL_PARSE');
	});

	it('refuses a malformed bytes length or vector count with TL_PARSE', () => {
		const good = serializeLayer(wrap({ _: 'service', randomId: 1n, action: { _: 'readMessages', randomIds: [9n] } }));
		// The random bytes' length prefix follows the layer constructor id.
		const badPrefix = Buffer.from(good);
		badPrefix[4] = 255;
		expect(refusalReason(() => parseLayer(badPrefix))).toBe('TL_PARSE');
		const pastEnd = Buffer.from(good);
		pastEnd.set([254, 0xff, 0xff, 0x00], 4);
		expect(refusalReason(() => parseLayer(pastEnd))).toBe('TL_PARSE');
		const count = good.indexOf(Buffer.from('15c4b51c', 'hex')) + 4;
		for (const n of [-1, 1000]) {
			const badCount = Buffer.from(good);
			badCount.writeInt32LE(n, count);
			expect(refusalReason(() => parseLayer(badCount))).toBe('TL_PARSE');
		}
	});
});
