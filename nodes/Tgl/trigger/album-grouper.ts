// "Group Albums": the parts of an album (messages sharing a grouped_id) are held back and emitted
// as one item once the album is complete: ten parts (the most an album has), another event, or
// a short quiet period with nothing more. Held parts are never emitted on their own, so an album
// is never split across executions; parts held when the trigger stops were not passed by the
// saved position, and come again whole after a restart.
import type { IBinaryKeyData, IDataObject } from 'n8n-workflow';
import type { EngineEvent } from '../updates/events';
import type { Delivery } from './delivery-ledger';

/** core.telegram.org/api/files#albums-grouped-media: an album has at most 10 parts. */
export const ALBUM_MAX_PARTS = 10;
/** Parts of one album arrive together; this long without another ends it. */
const ALBUM_QUIET_MS = 2000;

export interface AlbumPart {
	json: IDataObject;
	binary?: IBinaryKeyData;
	delivery: Delivery;
}

export interface Album {
	parts: AlbumPart[];
}

/** The album a new message belongs to (its box and grouped_id), or undefined when it has none. */
export function albumKey(event: EngineEvent): string | undefined {
	if (event.type !== 'message' || event.edited) return undefined;
	const groupedId = 'groupedId' in event.message ? event.message.groupedId : undefined;
	return groupedId ? `${event.box}:${groupedId.toString()}` : undefined;
}

export class AlbumGrouper {
	private key: string | undefined;
	private parts: AlbumPart[] = [];
	private timer: NodeJS.Timeout | undefined;

	/** `onQuiet` is called when the open album had no new part for the quiet period. */
	constructor(
		private readonly onQuiet: () => void,
		private readonly quietMs = ALBUM_QUIET_MS,
	) {}

	/** Whether an event may be handled without closing the open album first (it is one of its parts). */
	continues(event: EngineEvent): boolean {
		return this.key === undefined || albumKey(event) === this.key;
	}

	/** How many parts the open album holds (the index the next part gets). */
	get size(): number {
		return this.parts.length;
	}

	/** Holds a part; true when the album is now full and should be emitted at once. */
	add(key: string, part: AlbumPart): boolean {
		this.key = key;
		this.parts.push(part);
		this.rearm();
		return this.parts.length >= ALBUM_MAX_PARTS;
	}

	/** Closes the open album and hands over its parts (none when no album is open). */
	take(): Album | undefined {
		if (this.timer) clearTimeout(this.timer);
		this.timer = undefined;
		if (!this.parts.length) return undefined;
		const album = { parts: this.parts };
		this.parts = [];
		this.key = undefined;
		return album;
	}

	/** The trigger stops: held parts are dropped (the saved position has not passed them). */
	clear(): void {
		this.take();
	}

	private rearm(): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = setTimeout(() => this.onQuiet(), this.quietMs);
		this.timer.unref?.();
	}
}

/** The album's one item: {event: 'on_msg_receive', msgs: [...]}, files under "<name>_<index>". */
export function albumItem(album: Album): { json: IDataObject; binary?: IBinaryKeyData } {
	const json: IDataObject = { event: 'on_msg_receive', msgs: album.parts.map((p) => p.json.msg as IDataObject) };
	const notes = album.parts.map((p) => (p.json.media_note as string | undefined) ?? null);
	if (notes.some((n) => n !== null)) json.media_notes = notes;
	if (album.parts.some((p) => p.delivery.redelivered)) json.redelivered = true;
	const binary: IBinaryKeyData = {};
	for (const p of album.parts) Object.assign(binary, p.binary ?? {});
	return Object.keys(binary).length ? { json, binary } : { json };
}
