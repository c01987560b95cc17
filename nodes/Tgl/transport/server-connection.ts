// GramJS dials port 80 (443 for WSS) whatever the session says, and file-transfer senders dial
// the DC address from help.getConfig on port 443. A connection class that pins host and port is
// the one place that makes the sockets of a client (main, reconnects) reach the configured
// server; sockets to another DC (files stored there) go to the address and port that DC has in
// the server's own help.getConfig, once `routeToDc` has learned it.
import type { TelegramClient } from 'telegram';
import { Api } from 'telegram';
import { ConnectionTCPFull } from 'telegram/network';

type ConnectionArgs = ConstructorParameters<typeof ConnectionTCPFull>[0];
interface Address {
	ip: string;
	port: number;
}

const OTHER_DCS = Symbol('addresses of other DCs');

export function connectionTo(host: string, port: number): typeof ConnectionTCPFull {
	const others = new Map<number, Address>();
	return class PinnedConnectionTCPFull extends ConnectionTCPFull {
		static readonly [OTHER_DCS] = others;

		constructor(args: ConnectionArgs) {
			super({ ...args, ...(others.get(args.dcId) ?? { ip: host, port }) });
		}
	};
}

/**
 * Before a client with a pinned connection opens a socket to DC `dcId` (not its own), learns
 * where that DC is from `config()` (help.getConfig). Without a pinned connection GramJS finds
 * the DC itself.
 */
export async function routeToDc(client: TelegramClient, dcId: number, config: () => Promise<Api.Config>): Promise<void> {
	const connection = (client as unknown as { _connection?: { [OTHER_DCS]?: Map<number, Address> } })._connection;
	const others = connection?.[OTHER_DCS];
	if (!others || others.has(dcId)) return;
	const option = (await config()).dcOptions.find((o) => o instanceof Api.DcOption && o.id === dcId && !o.ipv6 && !o.cdn);
	if (option) others.set(dcId, { ip: option.ipAddress, port: option.port });
}
