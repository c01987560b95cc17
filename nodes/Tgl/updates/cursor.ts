// Where an update stream stands: Telegram's common pts/qts/seq/date and each channel's pts.
import type { Api } from 'telegram';

export interface UpdateCursor {
	pts: number;
	qts: number;
	seq: number;
	date: number;
	/** channel id → pts */
	channels: Record<string, number>;
}

export function cursorOfState(s: Api.updates.State): UpdateCursor {
	return { pts: s.pts, qts: s.qts, seq: s.seq, date: s.date, channels: {} };
}

export function copyCursor(c: UpdateCursor): UpdateCursor {
	return { ...c, channels: { ...c.channels } };
}

/** The box an update's pts belongs to: the common box or one channel's. */
export type Box = 'common' | `channel:${string}`;
export const channelBox = (channelId: string | number): Box => `channel:${channelId}`;
