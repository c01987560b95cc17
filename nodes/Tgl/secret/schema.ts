// The secret-chat (end-to-end) TL schema at layer 144, as plain data. Constructor ids are the
// published ones (core.telegram.org/schema/end-to-end); GramJS has no secret schema at all.

/** The newest secret layer this layer speaks; peers start at 46 until they say more. */
export const SECRET_LAYER = 144;
export const MIN_SECRET_LAYER = 46;
/** MTProto 2.0 and the current decryptedMessage form. */
export const LAYER_MTPROTO2 = 73;
/** documentAttributeVideo66 (round_message); below it documentAttributeVideo23. */
export const LAYER_ROUND_VIDEO = 66;
export const LAYER_NEW_ENTITIES = 101;
export const LAYER_BIG_FILES = 143;

export const ID = {
	layer: 0x1be31789,
	message: 0x91cc4674,
	message46: 0x36b091de,
	message23: 0x204d3878,
	message8: 0x1f814f1f,
	service: 0x73164160,
	service8: 0xaa48327d,
	mediaEmpty: 0x089f5c4a,
	mediaGeoPoint: 0x35480a59,
	mediaPhoto: 0xf1fa8d78,
	mediaDocument: 0x6abd9782,
	mediaDocument45: 0x7afe8ae2,
	mediaContact: 0x588a0a97,
	mediaVenue: 0x8a0df56f,
	mediaWebPage: 0xe50511d8,
	setMessageTTL: 0xa1733aec,
	readMessages: 0x0c4f40be,
	deleteMessages: 0x65614304,
	screenshotMessages: 0x8ac1f475,
	flushHistory: 0x6719e45c,
	resend: 0x511110b0,
	notifyLayer: 0xf3048883,
	typing: 0xccb27641,
	requestKey: 0xf3c9611b,
	acceptKey: 0x6fe1735b,
	abortKey: 0xdd05ec6b,
	commitKey: 0xec2e0b9b,
	noop: 0xa82fdd63,
	attrImageSize: 0x6c37c15c,
	attrAnimated: 0x11b58939,
	attrSticker: 0x3a556302,
	attrVideo23: 0x5910cccb,
	attrVideo: 0x0ef02ce6,
	attrAudio: 0x9852f9c6,
	attrFilename: 0x15590068,
	stickerSetShortName: 0x861cc8a0,
	stickerSetEmpty: 0xffb62b95,
} as const;

/** Secret SendMessageAction constructors (no progress fields, unlike the cloud API). */
export const TYPING_IDS = {
	typing: 0x16bf744e,
	cancel: 0xfd5ec8f5,
	recordVideo: 0xa187d66f,
	uploadVideo: 0x92042ff7,
	recordAudio: 0xd52f73f7,
	uploadAudio: 0xe6ac8a6f,
	uploadPhoto: 0x990a3c1a,
	uploadDocument: 0x8faee98e,
	geoLocation: 0x176f8ba1,
	chooseContact: 0x628cbc6f,
	recordRound: 0x88f27fbc,
	uploadRound: 0xbb718624,
} as const;
export type TypingKind = keyof typeof TYPING_IDS;

/** Entities of the secret schema with the layer that introduced each. */
export const ENTITY_IDS = {
	unknown: [0xbb92ba95, 45],
	mention: [0xfa04579d, 45],
	hashtag: [0x6f635b0d, 45],
	botCommand: [0x6cef8ac7, 45],
	url: [0x6ed02538, 45],
	email: [0x64e475c2, 45],
	bold: [0xbd610bc9, 45],
	italic: [0x826f8b60, 45],
	code: [0x28a20571, 45],
	pre: [0x73924be0, 45],
	textUrl: [0x76a6d327, 45],
	mentionName: [0x352dca58, 45],
	phone: [0x9b69e34b, 45],
	cashtag: [0x4c4e743f, 45],
	underline: [0x9c4e7e8b, 101],
	strike: [0xbf0693d4, 101],
	blockquote: [0x020df5d0, 101],
	spoiler: [0x32ca960f, 144],
	customEmoji: [0xc8cf05f8, 144],
} as const;
export type EntityKind = keyof typeof ENTITY_IDS;

export interface SecretEntity {
	type: EntityKind;
	offset: number;
	length: number;
	/** pre */
	language?: string;
	/** textUrl */
	url?: string;
	/** mentionName */
	userId?: number;
	/** customEmoji */
	documentId?: bigint;
}

export type DocumentAttribute =
	| { _: 'imageSize'; w: number; h: number }
	| { _: 'animated' }
	| { _: 'sticker'; alt: string; stickerSetShortName?: string }
	| { _: 'video'; roundMessage?: boolean; duration: number; w: number; h: number }
	| { _: 'audio'; voice?: boolean; duration: number; title?: string; performer?: string; waveform?: Buffer }
	| { _: 'filename'; fileName: string };

/** File media carry the file's own AES key and iv; the bytes travel as an EncryptedFile. */
export interface FileSecrets {
	key: Buffer;
	iv: Buffer;
	size: number;
	thumb: Buffer;
	thumbW: number;
	thumbH: number;
	caption: string;
}

export type DecryptedMedia =
	| { _: 'empty' }
	| { _: 'geoPoint'; lat: number; long: number }
	| { _: 'contact'; phoneNumber: string; firstName: string; lastName: string; userId: number }
	| { _: 'venue'; lat: number; long: number; title: string; address: string; provider: string; venueId: string }
	| { _: 'webPage'; url: string }
	| ({ _: 'photo'; w: number; h: number } & FileSecrets)
	| ({ _: 'document'; mimeType: string; attributes: DocumentAttribute[] } & FileSecrets);

export type DecryptedAction =
	| { _: 'setMessageTTL'; ttlSeconds: number }
	| { _: 'readMessages'; randomIds: bigint[] }
	| { _: 'deleteMessages'; randomIds: bigint[] }
	| { _: 'screenshotMessages'; randomIds: bigint[] }
	| { _: 'flushHistory' }
	| { _: 'resend'; startSeqNo: number; endSeqNo: number }
	| { _: 'notifyLayer'; layer: number }
	| { _: 'typing'; action: TypingKind }
	| { _: 'requestKey'; exchangeId: bigint; gA: Buffer }
	| { _: 'acceptKey'; exchangeId: bigint; gB: Buffer; keyFingerprint: bigint }
	| { _: 'abortKey'; exchangeId: bigint }
	| { _: 'commitKey'; exchangeId: bigint; keyFingerprint: bigint }
	| { _: 'noop' };

export interface DecryptedText {
	_: 'message';
	randomId: bigint;
	/** Self-destruct timer in seconds (0: none). */
	ttl: number;
	message: string;
	media?: DecryptedMedia;
	entities?: SecretEntity[];
	viaBotName?: string;
	replyToRandomId?: bigint;
	groupedId?: bigint;
	silent?: boolean;
	noWebpage?: boolean;
}

export interface DecryptedService {
	_: 'service';
	randomId: bigint;
	action: DecryptedAction;
}

export type DecryptedMessage = DecryptedText | DecryptedService;

/** The wrapper of every secret message, service messages included. */
export interface DecryptedMessageLayer {
	randomBytes: Buffer;
	layer: number;
	inSeqNo: number;
	outSeqNo: number;
	message: DecryptedMessage;
}
