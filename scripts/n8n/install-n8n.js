#!/usr/bin/env node
// Installs n8n into a cache folder outside the pack's own dependencies, once:
//   .cache/n8n/<version>/node_modules/.bin/n8n   (or $TGL_N8N_CACHE/<version>/...)
// The install runs in a staging folder that is renamed into place only after `n8n --version`
// answered, and a marker file records what was installed, so a later run is a no-op and a
// half-finished run (killed, out of time, no network) leaves nothing that looks installed.
// Only the npm registry is needed: sqlite3 builds from source when its prebuilt download
// fails (python3, make, g++ and Node's headers).
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync, spawnSync } = require('child_process');
const { n8nPaths, N8N_VERSION, INSTALL_MANIFEST } = require('./paths');

function log(message) {
	process.stderr.write(`[n8n:install] ${message}\n`);
}

function sleep(ms) {
	Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function pidAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

/** One installer at a time (npm test and npm start may race): a lock file holding our pid. */
function acquireLock(lockFile) {
	fs.mkdirSync(path.dirname(lockFile), { recursive: true });
	for (let waited = 0; ; waited += 2000) {
		try {
			fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
			return () => fs.rmSync(lockFile, { force: true });
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
			const holder = Number(fs.readFileSync(lockFile, 'utf8'));
			if (!holder || !pidAlive(holder)) {
				log(`removing a stale lock left by pid ${holder || '?'}`);
				fs.rmSync(lockFile, { force: true });
				continue;
			}
			if (waited % 30000 === 0) log(`waiting for the install running as pid ${holder}`);
			sleep(2000);
		}
	}
}

function installed(p) {
	if (!fs.existsSync(p.marker) || !fs.existsSync(p.bin)) return false;
	try {
		return JSON.parse(fs.readFileSync(p.marker, 'utf8')).manifest === JSON.stringify(INSTALL_MANIFEST);
	} catch {
		return false;
	}
}

function main() {
	const p = n8nPaths();
	if (installed(p)) {
		log(`n8n ${N8N_VERSION} already installed in ${path.relative(process.cwd(), p.dir) || p.dir}`);
		return;
	}
	const release = acquireLock(p.lock);
	try {
		if (installed(p)) return; // another process finished it while we waited
		const started = Date.now();
		const staging = `${p.dir}.staging`;
		fs.rmSync(staging, { recursive: true, force: true });
		fs.rmSync(p.dir, { recursive: true, force: true }); // an old or broken install
		fs.mkdirSync(staging, { recursive: true });
		fs.writeFileSync(path.join(staging, 'package.json'), JSON.stringify(INSTALL_MANIFEST, null, 2) + '\n');
		log(`installing n8n@${N8N_VERSION} into ${staging} (several minutes on a first run)`);
		const npm = spawnSync('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', '--loglevel=error'], {
			cwd: staging,
			stdio: 'inherit',
			env: { ...process.env, npm_config_update_notifier: 'false' },
		});
		if (npm.status !== 0) {
			throw new Error(`npm install of n8n@${N8N_VERSION} failed (exit ${npm.status ?? npm.signal}); run it again: the download cache makes the retry faster`);
		}
		const version = execFileSync(process.execPath, [path.join(staging, 'node_modules', 'n8n', 'bin', 'n8n'), '--version'], {
			encoding: 'utf8',
			env: { ...process.env, N8N_USER_FOLDER: fs.mkdtempSync(path.join(staging, 'probe-')) },
		}).trim();
		if (!version.includes(N8N_VERSION)) throw new Error(`installed n8n says version "${version}", expected ${N8N_VERSION}`);
		for (const probe of fs.readdirSync(staging).filter((f) => f.startsWith('probe-'))) {
			fs.rmSync(path.join(staging, probe), { recursive: true, force: true });
		}
		fs.renameSync(staging, p.dir);
		const seconds = Math.round((Date.now() - started) / 1000);
		fs.writeFileSync(p.marker, JSON.stringify({ manifest: JSON.stringify(INSTALL_MANIFEST), version, seconds, at: new Date().toISOString() }) + '\n');
		log(`n8n ${version} installed in ${seconds} s`);
	} finally {
		release();
	}
}

try {
	main();
} catch (error) {
	log(error.message);
	process.exit(1);
}
