import bigInt from 'big-integer';
import { Api } from 'telegram';
import type { EngineEvent } from '../updates/events';
import { AlbumGrouper, albumItem, albumKey, ALBUM_MAX_PARTS, type AlbumPart } from './album-grouper';
import type { Delivery } from './delivery-ledger';

const message = (id: number, groupedId?: number, edited = false): EngineEvent => ({
	type: 'message',
	message: new Api.Message({ id, peerId: new Api.PeerUser({ userId: bigInt(7) }), date: 0, message: '', groupedId: groupedId === undefined ? undefined : bigInt(groupedId) }),
	box: 'common',
	edited,
	users: [],
	chats: [],
});
const delivery = (redelivered = false): Delivery => ({ redelivered, open: 0, handled: false, done: false });
const part = (id: number, extra: Partial<AlbumPart> = {}): AlbumPart => ({ json: { event: 'on_msg_receive', msg: { id } }, delivery: delivery(), ...extra });

describe('album grouping', () => {
	it('names an album by box and grouped_id; edits and lone messages have none', () => {
		expect(albumKey(message(1, 55))).toBe('common:55');
		expect(albumKey(message(1))).toBeUndefined();
		expect(albumKey(message(1, 55, true))).toBeUndefined();
	});

	it('an open album continues with its own parts only', () => {
		const grouper = new AlbumGrouper(() => undefined, 60_000);
		expect(grouper.continues(message(1))).toBe(true); // nothing open
		grouper.add('common:55', part(1));
		expect(grouper.continues(message(2, 55))).toBe(true);
		expect(grouper.continues(message(3, 56))).toBe(false);
		expect(grouper.continues(message(4))).toBe(false);
		expect(grouper.take()!.parts.map((p) => p.json.msg)).toEqual([{ id: 1 }]);
		expect(grouper.take()).toBeUndefined();
	});

	it('says when the album is full (10 parts)', () => {
		const grouper = new AlbumGrouper(() => undefined, 60_000);
		const full = Array.from({ length: ALBUM_MAX_PARTS }, (_, n) => grouper.add('common:1', part(n)));
		expect(full.slice(0, -1).every((f) => !f)).toBe(true);
		expect(full.at(-1)).toBe(true);
		grouper.clear();
	});

	it('calls back after the quiet period, not before a new part rearms it', async () => {
		let quiet = 0;
		const grouper = new AlbumGrouper(() => quiet++, 30);
		grouper.add('common:1', part(1));
		await new Promise((r) => setTimeout(r, 60));
		expect(quiet).toBe(1);
		grouper.take();
		await new Promise((r) => setTimeout(r, 60));
		expect(quiet).toBe(1); // taking it cancelled nothing more
	});

	it('one item: {event, msgs}, files of every part, notes aligned, redelivered when any part was', () => {
		const item = albumItem({
			parts: [
				part(1, { binary: { data_0: { data: 'a', mimeType: 'image/png' } } }),
				part(2, { json: { event: 'on_msg_receive', msg: { id: 2 }, media_note: 'not downloaded: too big' }, delivery: delivery(true) }),
			],
		});
		expect(item.json).toEqual({ event: 'on_msg_receive', msgs: [{ id: 1 }, { id: 2 }], media_notes: [null, 'not downloaded: too big'], redelivered: true });
		expect(Object.keys(item.binary!)).toEqual(['data_0']);
		expect(albumItem({ parts: [part(1), part(2)] })).toEqual({ json: { event: 'on_msg_receive', msgs: [{ id: 1 }, { id: 2 }] } });
	});
});
