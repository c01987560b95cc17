// Tunables of the world; tests change them to exercise paging and gaps.
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
	/** The only DC of this world, as help.getConfig advertises it. */
	dcId: number;
	dcAddress: string;
	dcPort: number;
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
};
