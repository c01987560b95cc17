// A trigger workflow's own position in the update stream, kept in the node's static data
// (n8n 2.8 saves it at every emit and at activation, not at deactivation). It moves forward only,
// and only past events this trigger has handled (emitted, or their executions finished).
import type { IDataObject } from 'n8n-workflow';
import type { Box, UpdateCursor } from '../updates/cursor';

interface Saved {
	cursor?: UpdateCursor;
	/** box → highest message id emitted: drops a message that comes both pushed and in a difference. */
	lastIds?: Record<string, number>;
	/** The user id of the account the cursor belongs to: another account's position means nothing. */
	accountId?: number;
	/** channel id → access hash, so a new process can reach every channel of the cursor. */
	channelHashes?: Record<string, string>;
	/** Keys of events emitted whose executions had not finished (Advance Position When: execution finished). */
	inflight?: string[];
	/** Keys of edits and updates past the cursor whose executions finished (messages: lastIds covers them). */
	finished?: string[];
}

export class CursorStore {
	constructor(private readonly data: IDataObject) {}

	private get saved(): Saved {
		return this.data as Saved;
	}

	get cursor(): UpdateCursor | undefined {
		return this.saved.cursor;
	}

	get channelHashes(): Record<string, string> {
		return this.saved.channelHashes ?? {};
	}

	/** True when the saved position was taken by another account than `accountId`. */
	belongsToOther(accountId: number): boolean {
		return this.saved.cursor !== undefined && this.saved.accountId !== undefined && this.saved.accountId !== accountId;
	}

	/** Marks the saved position as the account's (one saved before ids were kept is taken as its own). */
	claim(accountId: number): void {
		if (this.saved.accountId !== accountId) this.data.accountId = accountId;
	}

	/**
	 * Starts from the live position: when nothing was saved (first activation), when not catching
	 * up, or when the position was another account's (then nothing of it is kept).
	 */
	init(cursor: UpdateCursor, accountId: number): void {
		const other = this.saved.accountId !== undefined && this.saved.accountId !== accountId;
		// Top-level keys are reassigned, never mutated in place: n8n notices only those changes.
		this.data.cursor = { ...cursor, channels: { ...cursor.channels } } as unknown as IDataObject;
		this.data.lastIds = other ? {} : { ...(this.saved.lastIds ?? {}) };
		this.data.channelHashes = other ? {} : { ...this.channelHashes };
		this.data.accountId = accountId;
	}

	/** Keeps a channel's access hash (for a channel of the cursor) when it is new or changed. */
	reach(channelId: string, accessHash: string): void {
		if (this.channelHashes[channelId] === accessHash) return;
		this.data.channelHashes = { ...this.channelHashes, [channelId]: accessHash };
	}

	/** Drops a channel that can no longer be read: its loss was reported once. */
	forgetChannel(channelId: string): void {
		const c = this.saved.cursor;
		if (c && channelId in c.channels) {
			const channels = { ...c.channels };
			delete channels[channelId];
			this.data.cursor = { ...c, channels } as unknown as IDataObject;
		}
		if (channelId in this.channelHashes) {
			const hashes = { ...this.channelHashes };
			delete hashes[channelId];
			this.data.channelHashes = hashes;
		}
	}

	advance(after: Partial<UpdateCursor> | undefined): void {
		const c = this.saved.cursor;
		if (!after || !c) return;
		const next: UpdateCursor = { ...c, channels: { ...c.channels } };
		let moved = false;
		for (const k of ['pts', 'qts', 'seq', 'date'] as const) {
			const v = after[k];
			if (v !== undefined && v > next[k]) {
				next[k] = v;
				moved = true;
			}
		}
		for (const [id, pts] of Object.entries(after.channels ?? {})) {
			if (pts > (next.channels[id] ?? 0)) {
				next.channels[id] = pts;
				moved = true;
			}
		}
		if (moved) this.data.cursor = next as unknown as IDataObject;
	}

	get inflight(): string[] {
		return this.saved.inflight ?? [];
	}

	get finished(): string[] {
		return this.saved.finished ?? [];
	}

	/** Which events are in flight and which finished past the cursor; written only when it changed. */
	track(inflight: string[], finished: string[]): void {
		if (!sameKeys(this.inflight, inflight)) this.data.inflight = inflight;
		if (!sameKeys(this.finished, finished)) this.data.finished = finished;
	}

	/** Adds a channel to the position at `pts` unless it is followed already. */
	follow(channelId: string, pts: number): void {
		const c = this.saved.cursor;
		if (!c || channelId in c.channels) return;
		this.data.cursor = { ...c, channels: { ...c.channels, [channelId]: pts } } as unknown as IDataObject;
	}

	/** True the first time a message is seen in its box; false for a repeat. */
	firstSight(box: Box, messageId: number): boolean {
		const lastIds = this.saved.lastIds ?? {};
		if ((lastIds[box] ?? 0) >= messageId) return false;
		this.data.lastIds = { ...lastIds, [box]: messageId };
		return true;
	}
}

const sameKeys = (a: string[], b: string[]) => a.length === b.length && a.every((k, i) => k === b[i]);
