// Which local process holds the other end of a loopback TCP connection (Linux /proc): the loopback
// Telegram's stand-in for "which host", since every client here connects from 127.0.0.1.
import * as fs from 'fs';
import type { Socket } from 'net';

/** The inode of the client-side socket whose local port is `port` (IPv4 or IPv6 table). */
function clientSocketInode(port: number): string | undefined {
	const local = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
	for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
		let text: string;
		try {
			text = fs.readFileSync(table, 'utf8');
		} catch {
			continue;
		}
		for (const line of text.split('\n').slice(1)) {
			const cols = line.trim().split(/\s+/);
			if (cols[1]?.endsWith(local)) return cols[9];
		}
	}
	return undefined;
}

/** The pid holding the client end of `socket` (accepted by our server), or undefined off Linux. */
export function clientProcessOf(socket: Socket): number | undefined {
	if (!socket.remotePort) return undefined;
	const inode = clientSocketInode(socket.remotePort);
	if (!inode) return undefined;
	const target = `socket:[${inode}]`;
	for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
		let fds: string[];
		try {
			fds = fs.readdirSync(`/proc/${pid}/fd`);
		} catch {
			continue;
		}
		for (const fd of fds) {
			try {
				if (fs.readlinkSync(`/proc/${pid}/fd/${fd}`) === target) return Number(pid);
			} catch {
				// closed meanwhile
			}
		}
	}
	return undefined;
}
