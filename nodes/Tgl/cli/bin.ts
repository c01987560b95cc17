#!/usr/bin/env node
// Entry of the `n8n-nodes-tgl` command (package.json "bin" → dist/nodes/Tgl/cli/bin.js).
import { runCli } from './main';

void runCli(process.argv.slice(2), {
	stdin: process.stdin,
	stdout: process.stdout,
	stderr: process.stderr,
	env: process.env,
}).then((status) => {
	process.exitCode = status;
	// Nothing should be left running; if a socket or timer is, do not hang the shell over it.
	setTimeout(() => process.exit(status), 2000).unref();
});
