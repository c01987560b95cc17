// `npm test` / `npm start` on a fresh clone: install the locked dependencies first when they are
// missing (CI runs `npm ci` itself, so this does nothing there).
'use strict';
const { execSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
if (!fs.existsSync(path.join(root, 'node_modules', '.package-lock.json'))) {
	console.log('[deps] node_modules missing: npm ci');
	execSync('npm ci --no-audit --no-fund', { cwd: root, stdio: 'inherit' });
}
