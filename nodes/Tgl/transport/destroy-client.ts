// Closing a GramJS client for good: destroy(), not disconnect() (which leaves the ping loop
// running), and its file-transfer connections too, which destroy() forgets without closing.
import type { TelegramClient } from 'telegram';

type ExportedSender = { disconnect(): Promise<void> } | undefined;

interface GramJsInternals {
	_exportedSenderReleaseTimeouts?: Map<number, NodeJS.Timeout>;
	_exportedSenderPromises?: Map<number, Promise<ExportedSender>>;
}

/** GramJS's extra connections for file transfers (destroy() forgets them without closing them). */
function exportedSenders(client: TelegramClient): Promise<ExportedSender>[] {
	const senders = (client as unknown as GramJsInternals)._exportedSenderPromises;
	return senders instanceof Map ? [...senders.values()] : [];
}

/**
 * After a file transfer GramJS keeps an exported sender (its own connection) and a 30 s release
 * timer alive. destroy() clears its list of those senders without disconnecting them (it runs
 * Object.values over a Map), so they would stay connected, and reconnect, after the account is
 * closed: disconnect them here.
 */
async function releaseExportedSenders(client: TelegramClient, senders: Promise<ExportedSender>[]): Promise<void> {
	const timers = (client as unknown as GramJsInternals)._exportedSenderReleaseTimeouts;
	if (timers instanceof Map) {
		for (const t of timers.values()) clearTimeout(t);
		timers.clear();
	}
	await Promise.all(senders.map((p) => p.then((sender) => sender?.disconnect()).catch(() => undefined)));
}

/** Closes the client, its ping loop and every exported sender; nothing of it stays connected. */
export async function destroyClient(client: TelegramClient): Promise<void> {
	const exported = exportedSenders(client);
	await client.destroy();
	await releaseExportedSenders(client, exported);
}
