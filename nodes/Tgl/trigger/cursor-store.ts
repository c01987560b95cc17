// A trigger workflow's own position in the update stream, kept in the node's static data
// (n8n saves it after every emit and on deactivation). It moves forward only, and only for
// events this trigger has handled, so a restart resumes exactly where it stopped.
import type { IDataObject } from 'n8n-workflow';
import type { Box, UpdateCursor } from '../updates/cursor';

interface Saved {
	cursor?: UpdateCursor;
	/** box → highest message id emitted: drops a message that comes both pushed and in a difference. */
	lastIds?: Record<string, number>;
}

export class CursorStore {
	constructor(private readonly data: IDataObject) {}

	private get saved(): Saved {
		return this.data as Saved;
	}

	get cursor(): UpdateCursor | undefined {
		return this.saved.cursor;
	}

	/** Starts from the live position when nothing was saved (first activation). */
	init(cursor: UpdateCursor): void {
		// Top-level keys are reassigned, never mutated in place: n8n notices only those changes.
		this.data.cursor = { ...cursor, channels: { ...cursor.channels } } as unknown as IDataObject;
		this.data.lastIds = { ...(this.saved.lastIds ?? {}) };
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

	/** True the first time a message is seen in its box; false for a repeat. */
	firstSight(box: Box, messageId: number): boolean {
		const lastIds = this.saved.lastIds ?? {};
		if ((lastIds[box] ?? 0) >= messageId) return false;
		this.data.lastIds = { ...lastIds, [box]: messageId };
		return true;
	}
}
