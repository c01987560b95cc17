// Pins are a state: pinning a pinned message (or unpinning an unpinned one) is done already.
// Telegram answers CHAT_NOT_MODIFIED then; the item says so in `changed` instead of failing.
import { RPCError } from 'telegram/errors';

export async function pinChangeOf(call: () => Promise<unknown>): Promise<boolean> {
	try {
		await call();
		return true;
	} catch (error) {
		// Any other error goes to the router, which maps it for the item.
		if (!(error instanceof RPCError) || error.errorMessage !== 'CHAT_NOT_MODIFIED') throw error;
		return false;
	}
}
