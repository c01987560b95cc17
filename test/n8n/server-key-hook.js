// Preloaded (NODE_OPTIONS=--require) into a real n8n by tests that log in to the loopback
// Telegram from n8n. A login makes a new auth key, and GramJS only exchanges keys with servers
// whose RSA key is in its `_serverKeys` map: the test process registers the loopback's key for
// itself (test/telegram/mtproto/rsa.ts), n8n is another process, so this registers it there, in
// the GramJS copy the installed pack loads, as a self-hosted server's key would be.
//   TGL_TEST_SERVER_KEY: {"fingerprint": "<signed 64-bit>", "n": "<decimal>", "e": "65537"}
//   TGL_TEST_PACK_DIR: the pack's folder under <user folder>/.n8n/nodes/node_modules
'use strict';
const path = require('path');

const key = process.env.TGL_TEST_SERVER_KEY;
const dir = process.env.TGL_TEST_PACK_DIR;
if (key && dir) {
	const { fingerprint, n, e } = JSON.parse(key);
	const rsaFile = require.resolve('telegram/crypto/RSA', { paths: [dir] });
	const bigInt = require(require.resolve('big-integer', { paths: [path.dirname(rsaFile)] }));
	require(rsaFile)._serverKeys.set(fingerprint, { n: bigInt(n), e: Number(e) });
}
