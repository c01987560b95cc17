// The `n8n-nodes-tgl` command: picks the subcommand and turns every failure into an exit code
// and one line on standard error.
import { CliExit, loginFailed, usageError, type CliIo } from './io';
import { login } from './login';

export const USAGE = `Usage: n8n-nodes-tgl <command>

Commands:
  login    log a Telegram user account in and print its session string
           (n8n-nodes-tgl login --help for its options)
`;

/** Runs the command; resolves to the exit status. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
	const [command, ...rest] = argv;
	try {
		if (command === undefined) throw usageError('no command given: try "n8n-nodes-tgl login"');
		if (command === '--help' || command === '-h' || command === 'help') {
			io.stdout.write(USAGE);
			return 0;
		}
		if (command !== 'login') throw usageError(`unknown command "${command}": try "n8n-nodes-tgl login"`);
		await login(rest, io);
		return 0;
	} catch (error) {
		const exit = error instanceof CliExit ? error : loginFailed((error as Error)?.message ?? String(error));
		const prefix = exit.exitCode === 1 ? 'login failed: ' : '';
		io.stderr.write(`n8n-nodes-tgl: ${prefix}${exit.message.replace(/\s*\n\s*/g, ' ')}\n`);
		return exit.exitCode;
	}
}
