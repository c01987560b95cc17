// Preloaded into n8n (NODE_OPTIONS=--require) by the tests and `npm start`: records every attempt
// to reach a host that is not this machine (a DNS lookup of another name, a TCP connection to a
// non-loopback address) in the file named by TGL_NETWORK_GUARD_LOG, and refuses it. With n8n's
// telemetry, version checks and templates turned off the file stays empty; a test checks that.
'use strict';
const dns = require('dns');
const fs = require('fs');
const net = require('net');

const logFile = process.env.TGL_NETWORK_GUARD_LOG;

function isLocalName(host) {
	return !host || host === 'localhost' || host.endsWith('.localhost') || isLocalAddress(host);
}

function isLocalAddress(host) {
	return /^127\./.test(host) || host === '::1' || host === '0.0.0.0' || host === '::' || /^::ffff:127\./.test(host);
}

function record(kind, target) {
	if (!logFile) return;
	try {
		fs.appendFileSync(logFile, `${new Date().toISOString()} pid=${process.pid} ${kind} ${target}\n`);
	} catch {
		// the folder may be gone at exit
	}
}

function refused(target) {
	const error = new Error(`connect ECONNREFUSED ${target} (outbound calls are off in this n8n)`);
	error.code = 'ECONNREFUSED';
	return error;
}

const lookup = dns.lookup;
dns.lookup = function guardedLookup(hostname, options, callback) {
	if (!isLocalName(hostname)) {
		record('dns', hostname);
		const cb = typeof options === 'function' ? options : callback;
		const error = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
		error.code = 'ENOTFOUND';
		process.nextTick(() => cb(error));
		return {};
	}
	return lookup.apply(this, arguments);
};
const promiseLookup = dns.promises.lookup;
dns.promises.lookup = async function guardedPromiseLookup(hostname, ...rest) {
	if (!isLocalName(hostname)) {
		record('dns', hostname);
		const error = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
		error.code = 'ENOTFOUND';
		throw error;
	}
	return promiseLookup.call(this, hostname, ...rest);
};

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
	const options = args[0] && typeof args[0] === 'object' && !Array.isArray(args[0]) ? args[0] : Array.isArray(args[0]) ? args[0][0] : { port: args[0], host: args[1] };
	const host = options && options.host;
	if (options && !options.path && host && net.isIP(host) && !isLocalAddress(host)) {
		const target = `${host}:${options.port}`;
		record('tcp', target);
		process.nextTick(() => this.destroy(refused(target)));
		return this;
	}
	return connect.apply(this, args);
};
