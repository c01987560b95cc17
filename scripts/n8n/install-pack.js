#!/usr/bin/env node
// Installs the built pack into an n8n user folder exactly the way n8n 2.8.4's community-package
// installer does it (CommunityPackagesService.downloadPackage in packages/cli):
//   1. `npm pack` the package            (n8n: `npm pack <name>@<version>` from the registry)
//   2. untar it into <user folder>/.n8n/nodes/node_modules/<name> (tar --strip-components=1)
//   3. drop devDependencies, peerDependencies and optionalDependencies from its package.json
//   4. `npm install --bin-links=false --install-strategy=shallow --ignore-scripts=true
//       --package-lock=false` inside that folder: its own dependencies land in its own node_modules
//   5. record it in <user folder>/.n8n/nodes/package.json
// n8n then loads every n8n-nodes-* folder of .n8n/nodes/node_modules at start.
//
// Usage: node scripts/n8n/install-pack.js <n8n user folder>    (the pack must be built: npm run build)
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');
const { REPO_ROOT } = require('./paths');

const NPM_INSTALL_ARGS = [
	'--audit=false',
	'--fund=false',
	'--bin-links=false',
	'--install-strategy=shallow',
	'--ignore-scripts=true',
	'--package-lock=false',
];

function npm(args, cwd) {
	return execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Packs the repository into a tarball in `outDir`; returns its path. */
function packPack(outDir) {
	const main = require(path.join(REPO_ROOT, 'package.json'));
	for (const file of [...main.n8n.nodes, ...main.n8n.credentials]) {
		if (!fs.existsSync(path.join(REPO_ROOT, file))) throw new Error(`${file} is missing: run \`npm run build\` first`);
	}
	const name = npm(['pack', '--quiet', '--pack-destination', outDir], REPO_ROOT).trim().split('\n').pop();
	return path.join(outDir, name);
}

/** Installs the tarball into `<userFolder>/.n8n/nodes` as n8n's installer does; returns the package folder. */
function installTarball(tarball, userFolder) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	const rootJson = path.join(nodesDir, 'package.json');
	if (!fs.existsSync(rootJson)) {
		fs.writeFileSync(rootJson, JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2));
	}
	const listed = execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' });
	const { name } = JSON.parse(listed);
	const packageDir = path.join(nodesDir, 'node_modules', name);
	fs.rmSync(packageDir, { recursive: true, force: true });
	fs.mkdirSync(packageDir, { recursive: true });
	execFileSync('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);
	const pkgPath = path.join(packageDir, 'package.json');
	const { devDependencies, peerDependencies, optionalDependencies, ...pkg } = JSON.parse(fs.readFileSync(pkgPath, 'utf8'));
	fs.writeFileSync(pkgPath, JSON.stringify(pkg, null, 2));
	npm(['install', ...NPM_INSTALL_ARGS], packageDir);
	const root = JSON.parse(fs.readFileSync(rootJson, 'utf8'));
	root.dependencies = { ...root.dependencies, [name]: pkg.version };
	fs.writeFileSync(rootJson, JSON.stringify(root, null, 2));
	return packageDir;
}

function installPack(userFolder) {
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tgl-pack-'));
	try {
		return installTarball(packPack(tmp), userFolder);
	} finally {
		fs.rmSync(tmp, { recursive: true, force: true });
	}
}

module.exports = { installPack, packPack, installTarball };

if (require.main === module) {
	const userFolder = process.argv[2];
	if (!userFolder) {
		process.stderr.write('usage: node scripts/n8n/install-pack.js <n8n user folder>\n');
		process.exit(2);
	}
	try {
		const started = Date.now();
		const dir = installPack(path.resolve(userFolder));
		process.stderr.write(`[n8n:pack] installed into ${dir} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
	} catch (error) {
		process.stderr.write(`[n8n:pack] ${error.stderr || error.message}\n`);
		process.exit(1);
	}
}
