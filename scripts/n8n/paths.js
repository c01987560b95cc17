// Where the cached n8n lives and what is installed there; shared by the scripts and the tests.
'use strict';
const path = require('path');

const N8N_VERSION = '2.8.4';

/**
 * The package.json of the cache folder. n8n 2.8.4 depends on an `xlsx` tarball that is not on
 * the npm registry; 0.18.5 is the registry's newest xlsx and what n8n's nodes work with.
 */
const INSTALL_MANIFEST = {
	name: 'tgl-n8n-cache',
	private: true,
	description: 'n8n for the n8n-nodes-tgl tests and `npm start` (written by scripts/n8n/install-n8n.js)',
	dependencies: { n8n: N8N_VERSION },
	overrides: { xlsx: '0.18.5' },
};

const REPO_ROOT = path.resolve(__dirname, '..', '..');

function n8nPaths() {
	const cache = process.env.TGL_N8N_CACHE ? path.resolve(process.env.TGL_N8N_CACHE) : path.join(REPO_ROOT, '.cache', 'n8n');
	const dir = path.join(cache, N8N_VERSION);
	return {
		cache,
		dir,
		marker: path.join(dir, '.tgl-installed.json'),
		lock: path.join(cache, `.${N8N_VERSION}.lock`),
		bin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		nodeModules: path.join(dir, 'node_modules'),
	};
}

module.exports = { N8N_VERSION, INSTALL_MANIFEST, REPO_ROOT, n8nPaths };
