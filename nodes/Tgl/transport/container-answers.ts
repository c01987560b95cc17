// GramJS 2.26 handles a container by processing its messages in turn and gives up at the first
// rpc_error: the answers after it are never read, and their calls hang until our request timeout.
// Telegram puts answers to requests sent together in one container, so one FLOOD_WAIT could stall
// every call made beside it. This handler reads every message of the container, then reports the
// first failure as GramJS would (its receive loop treats AUTH_KEY_UNREGISTERED specially).
import { MessageContainer } from 'telegram/tl/core';

interface SenderInternals {
	_handlers?: Record<string, (message: unknown) => Promise<void> | void>;
	_processMessage?: (message: unknown) => Promise<void>;
}

export function readWholeContainers(sender: object): void {
	const s = sender as SenderInternals;
	const processMessage = s._processMessage;
	if (!s._handlers || typeof processMessage !== 'function') return; // another GramJS: leave it be
	s._handlers[MessageContainer.CONSTRUCTOR_ID.toString()] = async (message: unknown) => {
		let failure: unknown;
		for (const inner of (message as { obj: { messages: unknown[] } }).obj.messages) {
			try {
				await processMessage.call(sender, inner);
			} catch (error) {
				failure ??= error;
			}
		}
		if (failure !== undefined) throw failure;
	};
}
