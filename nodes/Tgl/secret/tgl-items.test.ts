import { MSG_FLAGS, PEER_ENCR_CHAT } from '../tgl/constants';
import { ctxWith, expectPlainJson, SELF_ID, user } from '../tgl/fixtures.test';
import type { SecretChatRecord, StoredMessage } from './service';
import { secretAction, secretChatPeer, secretMsg } from './tgl-items';

const record = (over: Partial<SecretChatRecord> = {}): SecretChatRecord => ({
	id: 77,
	accessHash: 123456789012345678n,
	userId: 42,
	creator: true,
	state: 'working',
	date: 1_700_000_000,
	sent: {},
	history: [],
	...over,
});

const stored = (over: Partial<StoredMessage> = {}): StoredMessage => ({
	id: 3,
	randomId: 99n,
	out: false,
	date: 1_700_000_100,
	message: { _: 'message', randomId: 99n, ttl: 0, message: 'hi' },
	...over,
});

describe('secret chats as tgl objects', () => {
	it('a secret chat is a type 4 Peer named "!" + the other user, whoever created it', () => {
		const ctx = ctxWith([user(42, 'Bob', 'Stone')]);
		for (const creator of [true, false]) {
			const p = secretChatPeer(record({ creator, id: creator ? 77 : 78 }), ctx);
			expect(p).toMatchObject({ id: creator ? 77 : 78, type: PEER_ENCR_CHAT, type_name: 'secret_chat', user_id: 42, state: 'working', deleted: false, peer_id: null });
			expect(p.access_hash).toBe('123456789012345678');
			expectPlainJson(p);
		}
		expect(secretChatPeer(record(), ctx).name).toBe('!_Bob_Stone');
		expect(secretChatPeer(record({ id: 78 }), ctx).name).toBe('!_Bob_Stone#1');
	});

	it('keeps state, and the user of a discarded chat', () => {
		const ctx = ctxWith();
		expect(secretChatPeer(record({ state: 'waiting' }), ctx)).toMatchObject({ state: 'waiting', name: '!_user@42' });
		expect(secretChatPeer(record({ state: 'requested', id: 5 }), ctx)).toMatchObject({ state: 'requested' });
		expect(secretChatPeer(record({ state: 'deleted', id: 6 }), ctx)).toMatchObject({ state: 'deleted', deleted: true, user_id: 42 });
	});

	it('a decrypted message is a Msg with the secret chat as dest, ENCRYPTED in its flags and a local id', () => {
		const ctx = ctxWith([user(42, 'Bob'), user(SELF_ID, 'Me')]);
		const incoming = secretMsg(record(), stored(), ctx);
		expect(incoming).toMatchObject({ id: 3, out: false, text: 'hi', media: null, src: { id: 42, type: 1 }, dest: { id: 77, type: PEER_ENCR_CHAT } });
		expect(incoming.flags & MSG_FLAGS.ENCRYPTED).toBeTruthy();
		expect(incoming.flags & MSG_FLAGS.OUT).toBe(0);
		expect(incoming.date).toBe(new Date(1_700_000_100_000).toISOString());
		expectPlainJson(incoming);
		const outgoing = secretMsg(record(), stored({ out: true }), ctx);
		expect(outgoing).toMatchObject({ out: true, src: { id: SELF_ID } });
		expect(outgoing.flags & MSG_FLAGS.OUT).toBeTruthy();
	});

	it('maps secret media: a location, a captioned document, a photo without caption', () => {
		const ctx = ctxWith([user(42, 'Bob')]);
		const geo = stored({ message: { _: 'message', randomId: 1n, ttl: 0, message: '', media: { _: 'geoPoint', lat: 1.5, long: -2 } } });
		expect(secretMsg(record(), geo, ctx)).toMatchObject({ text: null, media: { type: 'geo', latitude: 1.5, longitude: -2 } });
		const file = { key: Buffer.alloc(32), iv: Buffer.alloc(32), size: 10, thumb: Buffer.alloc(0), thumbW: 0, thumbH: 0, caption: '' };
		const doc = stored({
			message: { _: 'message', randomId: 2n, ttl: 0, message: 'report', media: { _: 'document', mimeType: 'text/plain', attributes: [{ _: 'filename', fileName: 'r.txt' }], ...file } },
		});
		expect(secretMsg(record(), doc, ctx)).toMatchObject({ text: 'report', media: { type: 'document', file_name: 'r.txt', mime_type: 'text/plain', size: 10, caption: 'report' } });
		const photo = stored({ message: { _: 'message', randomId: 3n, ttl: 0, message: '', media: { _: 'photo', w: 1, h: 1, ...file } } });
		const mapped = secretMsg(record(), photo, ctx);
		expect(mapped).toMatchObject({ text: null, media: { type: 'photo', size: 10 } });
		expectPlainJson(mapped);
	});

	it('says whether a secret file carries a preview, and its size (the bytes stay out of the item)', () => {
		const ctx = ctxWith([user(42, 'Bob')]);
		const file = { key: Buffer.alloc(32), iv: Buffer.alloc(32), size: 10, thumb: Buffer.from([0xff, 0xd8, 1, 2]), thumbW: 90, thumbH: 51, caption: '' };
		const video = stored({
			message: { _: 'message', randomId: 4n, ttl: 0, message: '', media: { _: 'document', mimeType: 'video/mp4', attributes: [{ _: 'video', duration: 1, w: 320, h: 180 }], ...file } },
		});
		const mapped = secretMsg(record(), video, ctx);
		expect(mapped.media).toMatchObject({ type: 'video', has_thumb: true, thumb_width: 90, thumb_height: 51 });
		expectPlainJson(mapped);
		const bare = stored({ message: { _: 'message', randomId: 5n, ttl: 0, message: '', media: { _: 'photo', w: 1, h: 1, ...file, thumb: Buffer.alloc(0), thumbW: 0, thumbH: 0 } } });
		expect(secretMsg(record(), bare, ctx).media).not.toHaveProperty('thumb_width');
	});

	it("maps the user-visible secret service actions to tgl's ACTION_* 10–14 with their details", () => {
		expect(secretAction({ _: 'setMessageTTL', ttlSeconds: 5 })).toEqual({ action: 10, action_type: 'decryptedMessageActionSetMessageTTL', action_details: { ttl: 5 } });
		expect(secretAction({ _: 'readMessages', randomIds: [1n] }, [4])).toEqual({ action: 11, action_type: 'decryptedMessageActionReadMessages', action_details: { message_ids: [4] } });
		expect(secretAction({ _: 'deleteMessages', randomIds: [1n, 2n] }, [4, 5])).toMatchObject({ action: 12, action_details: { message_ids: [4, 5] } });
		expect(secretAction({ _: 'screenshotMessages', randomIds: [] })).toMatchObject({ action: 13, action_details: { message_ids: [] } });
		expect(secretAction({ _: 'flushHistory' })).toMatchObject({ action: 14, action_details: {} });
		// Protocol actions are never emitted; mapped anyway they say nothing.
		expect(secretAction({ _: 'noop' })).toMatchObject({ action: 0, action_type: 'decryptedMessageActionNoop' });
	});

	it('a secret service message is a service Msg (SERVICE|ENCRYPTED, no text) with its action; a timed message carries ttl', () => {
		const ctx = ctxWith([user(42, 'Bob')]);
		const service = secretMsg(record(), stored({ message: { _: 'service', randomId: 7n, action: { _: 'deleteMessages', randomIds: [99n] } }, refs: [2] }), ctx);
		expect(service).toMatchObject({ service: true, text: null, media: null, action: 12, action_details: { message_ids: [2] }, dest: { id: 77, type: PEER_ENCR_CHAT } });
		expect(service.flags & (MSG_FLAGS.SERVICE | MSG_FLAGS.ENCRYPTED)).toBe(MSG_FLAGS.SERVICE | MSG_FLAGS.ENCRYPTED);
		expect(service).not.toHaveProperty('ttl');
		expectPlainJson(service);
		const timed = secretMsg(record(), stored({ message: { _: 'message', randomId: 8n, ttl: 15, message: 'soon gone' } }), ctx);
		expect(timed).toMatchObject({ service: false, action: null, text: 'soon gone', ttl: 15 });
		expect(secretMsg(record(), stored(), ctx)).not.toHaveProperty('ttl');
	});
});
