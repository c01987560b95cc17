// Tunables of the world; tests change them to exercise paging, gaps, rate limits and DCs.
import type { RateLimitTable } from '../mtproto/rate-limits';

/** A data centre as help.getConfig advertises it. */
export interface DcAddress {
	id: number;
	address: string;
	port: number;
}

export interface WorldSettings {
	/** Max pts events in one updates.getDifference answer; more gives differenceSlice. */
	differencePageSize: number;
	/** pts events kept per box (account or channel); older client pts get *TooLong. */
	retainUpdates: number;
	/** timeout returned by updates.getChannelDifference, in seconds. */
	channelDifferenceTimeout: number;
	/**
	 * A channel with more new pts events than this since the client's date is named in
	 * updates.getDifference by updateChannelTooLong (the client fetches it with getChannelDifference).
	 * Fewer are left out: Telegram may include them as updates, a client must not count on it.
	 */
	channelTooLongAfter: number;
	/** Deliver plain text to known dialogs as updateShortMessage / updateShortChatMessage. */
	shortUpdates: boolean;
	/** The main DC of this world (accounts live there), as help.getConfig advertises it. */
	dcId: number;
	dcAddress: string;
	dcPort: number;
	/** Further DCs that serve files (the loopback starts one server per entry). */
	otherDcs: DcAddress[];
	/** Files uploaded by these users (user id → DC id) are stored on that DC; others on `dcId`. */
	fileDcs: Record<number, number>;
	/** Per-method rate limits per account (FLOOD_WAIT_X past them); none by default. */
	rateLimits: RateLimitTable;
}

export const defaultSettings: WorldSettings = {
	differencePageSize: 100,
	retainUpdates: 1_000_000,
	channelDifferenceTimeout: 30,
	channelTooLongAfter: 100,
	shortUpdates: true,
	dcId: 2,
	dcAddress: '127.0.0.1',
	dcPort: 443,
	// Getters: every world that spreads these defaults gets its own, fresh, mutable object.
	get otherDcs() {
		return [];
	},
	get fileDcs() {
		return {};
	},
	get rateLimits() {
		return {};
	},
};
