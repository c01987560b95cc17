import { connectFailure, connectionLost, type ConnectTarget } from './connect-errors';

const server: ConnectTarget = { host: '149.154.167.50', port: 443 };
const viaSocks: ConnectTarget = { ...server, proxy: { type: 'socks5', host: '10.0.0.2', port: 1080, username: 'u', password: 'hunter22' } };
const viaMtproxy: ConnectTarget = { ...server, proxy: { type: 'mtproxy', host: '10.0.0.3', port: 443, secret: 'dd' + 'ab'.repeat(16) } };
const netError = (code: string) => Object.assign(new Error(`connect ${code} 1.2.3.4:5`), { code });

describe('connect failures as sentences', () => {
	it.each(([
		[server, netError('ECONNREFUSED'), 'refused', 'Telegram at 149.154.167.50:443 refused the connection: nothing listens there (check Server Host and Server Port)'],
		[server, netError('EHOSTUNREACH'), 'unreachable', 'Telegram at 149.154.167.50:443 is unreachable (EHOSTUNREACH)'],
		[server, netError('ENOTFOUND'), 'unreachable', 'Telegram at 149.154.167.50:443 is unreachable (ENOTFOUND)'],
		[server, 'timeout', 'timed out', 'Connecting to Telegram at 149.154.167.50:443 timed out after 30 s (TGL_CONNECT_TIMEOUT_SECONDS)'],
		[viaSocks, 'timeout', 'timed out', 'Connecting to Telegram at 149.154.167.50:443 through the SOCKS5 proxy at 10.0.0.2:1080 timed out after 30 s (TGL_CONNECT_TIMEOUT_SECONDS)'],
		[viaSocks, new Error('connect ECONNREFUSED 10.0.0.2:1080'), 'proxy refused', 'The SOCKS5 proxy at 10.0.0.2:1080 refused the connection: is it running?'],
		[viaSocks, new Error('Socks5 Authentication failed'), 'proxy authentication failed', 'The SOCKS5 proxy at 10.0.0.2:1080 rejected the username or password'],
		[viaSocks, new Error('Socks5 proxy rejected connection - HostUnreachable'), 'proxy could not reach Telegram', 'The SOCKS5 proxy at 10.0.0.2:1080 could not reach Telegram at 149.154.167.50:443 (HostUnreachable)'],
		[viaSocks, new Error('Proxy connection timed out'), 'timed out', 'The SOCKS5 proxy at 10.0.0.2:1080 did not answer in time'],
		[viaMtproxy, netError('ECONNREFUSED'), 'proxy refused', 'The MTProxy at 10.0.0.3:443 refused the connection: is it running?'],
		[server, new Error('something odd'), 'failed', 'Could not connect to Telegram at 149.154.167.50:443: something odd'],
	] as const).map(([t, e, r, m]) => [r, t, e, m] as const))("%s (case %#)", (reason, target, error, sentence) => {
		const e = connectFailure(error, target, 30_000);
		expect([e.reason, e.message]).toEqual([reason, sentence]);
		expect(e.message).not.toContain('hunter22');
	});

	it('tells a server that accepted but never answered from one that could not be reached', () => {
		expect(connectFailure('timeout', server, 5000, true).message).toBe(
			'Telegram at 149.154.167.50:443 accepted the connection but did not answer within 5 s (TGL_CONNECT_TIMEOUT_SECONDS): is it an MTProto server?',
		);
	});

	it('a lost connection names the last cause', () => {
		const last = connectFailure(netError('ECONNREFUSED'), server, 5000);
		expect(connectionLost(server, 5000, last).message).toBe(
			'Lost the connection to Telegram at 149.154.167.50:443 and could not get it back within 5 s (TGL_CONNECT_TIMEOUT_SECONDS); last attempt: refused',
		);
	});
});
