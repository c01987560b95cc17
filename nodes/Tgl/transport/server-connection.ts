// GramJS dials port 80 (443 for WSS) whatever the session says, and file-transfer senders dial
// the DC address from help.getConfig. A connection class that pins host and port is the one
// place that makes every socket of a client (main, exported senders, reconnects) reach the
// configured server.
import { ConnectionTCPFull } from 'telegram/network';

type ConnectionArgs = ConstructorParameters<typeof ConnectionTCPFull>[0];

export function connectionTo(host: string, port: number): typeof ConnectionTCPFull {
	return class PinnedConnectionTCPFull extends ConnectionTCPFull {
		constructor(args: ConnectionArgs) {
			super({ ...args, ip: host, port });
		}
	};
}
