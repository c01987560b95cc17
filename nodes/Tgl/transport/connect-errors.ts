// Why a connection to Telegram could not be made or kept, as one sentence a user can act on.
// These are problems of the credential (its server, proxy or session), never of an item.
import type { ProxySettings } from './credentials';

/** Where the client dials: the server, and the proxy in front of it if any. */
export interface ConnectTarget {
	host: string;
	port: number;
	proxy?: ProxySettings;
}

export type ConnectCause =
	| 'refused'
	| 'unreachable'
	| 'timed out'
	| 'no answer'
	| 'proxy refused'
	| 'proxy authentication failed'
	| 'proxy could not reach Telegram'
	| 'failed';

/** A problem with the credential's settings or its server: reported once, not per item. */
export class CredentialProblem extends Error {}

/** Connecting failed; `cause` names the kind, the message says it with host and port. */
export class ConnectError extends CredentialProblem {
	constructor(
		readonly reason: ConnectCause,
		message: string,
	) {
		super(message);
		this.name = 'ConnectError';
	}
}

/** The connection dropped and did not come back within the connect timeout. */
export class ConnectionLostError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ConnectionLostError';
	}
}

const at = (host: string, port: number) => `${host}:${port}`;

function proxyName(p: ProxySettings): string {
	return `${p.type === 'mtproxy' ? 'MTProxy' : 'SOCKS5 proxy'} at ${at(p.host, p.port)}`;
}

const SETTING = 'TGL_CONNECT_TIMEOUT_SECONDS';

/** The error GramJS reported for a failed attempt, or our timeout, as a ConnectError. */
export function connectFailure(error: unknown, target: ConnectTarget, connectMs: number, accepted = false): ConnectError {
	const server = `Telegram at ${at(target.host, target.port)}`;
	const seconds = Math.round(connectMs / 1000);
	if (error === 'timeout') {
		if (accepted) return new ConnectError('no answer', `${server} accepted the connection but did not answer within ${seconds} s (${SETTING}): is it an MTProto server?`);
		const via = target.proxy ? ` through the ${proxyName(target.proxy)}` : '';
		return new ConnectError('timed out', `Connecting to ${server}${via} timed out after ${seconds} s (${SETTING})`);
	}
	const message = error instanceof Error ? error.message : String(error ?? '');
	const code = (error as { code?: string } | undefined)?.code ?? /\b(E[A-Z]{4,})\b/.exec(message)?.[1];
	const proxy = target.proxy;
	if (proxy && proxy.type === 'socks5' && /^Socks5 Authentication failed/i.test(message)) {
		return new ConnectError('proxy authentication failed', `The ${proxyName(proxy)} rejected the username or password`);
	}
	if (proxy && proxy.type === 'socks5' && /Socks5 proxy rejected connection/i.test(message)) {
		const why = /- (\w+)/.exec(message)?.[1] ?? 'refused';
		return new ConnectError('proxy could not reach Telegram', `The ${proxyName(proxy)} could not reach ${server} (${why})`);
	}
	if (proxy && /timed out/i.test(message)) {
		return new ConnectError('timed out', `The ${proxyName(proxy)} did not answer in time`);
	}
	// Without a SOCKS5 proxy the socket dials the MTProxy itself, else the server.
	const dialled = proxy ? proxyName(proxy) : server;
	if (code === 'ECONNREFUSED') {
		if (proxy) return new ConnectError('proxy refused', `The ${dialled} refused the connection: is it running?`);
		return new ConnectError('refused', `${server} refused the connection: nothing listens there (check Server Host and Server Port)`);
	}
	if (code && ['EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EADDRNOTAVAIL'].includes(code)) {
		return new ConnectError('unreachable', `${proxy ? `The ${dialled}` : server} is unreachable (${code})`);
	}
	if (code === 'ETIMEDOUT') return new ConnectError('timed out', `Connecting to ${proxy ? `the ${dialled}` : server} timed out (${code})`);
	if (code === 'ECONNRESET' || /closed/i.test(message)) {
		return new ConnectError('refused', `${proxy ? `The ${dialled}` : server} closed the connection at once`);
	}
	return new ConnectError('failed', `Could not connect to ${server}${message ? `: ${message}` : ''}`);
}

/** The sentence for calls that failed because the connection stayed down. */
export function connectionLost(target: ConnectTarget, connectMs: number, last?: ConnectError): ConnectionLostError {
	const why = last ? `; last attempt: ${last.reason}` : '';
	return new ConnectionLostError(
		`Lost the connection to Telegram at ${at(target.host, target.port)} and could not get it back within ${Math.round(connectMs / 1000)} s (${SETTING})${why}`,
	);
}
