// The streams and environment the CLI runs with: the process's own from bin.ts, in-memory
// ones from tests. Standard output carries the session string only; everything else
// (prompts, notices, the QR code, the reason of a failure) goes to standard error.

export interface CliInput extends NodeJS.ReadableStream {
	isTTY?: boolean;
	setRawMode?(mode: boolean): unknown;
}

export interface CliIo {
	stdin: CliInput;
	stdout: NodeJS.WritableStream;
	stderr: NodeJS.WritableStream;
	env: NodeJS.ProcessEnv;
}

/** Ends the run with an exit code and a one-line reason. */
export class CliExit extends Error {
	constructor(
		readonly exitCode: number,
		message: string,
	) {
		super(message);
	}
}

/** Wrong flags or values: exit code 2. */
export const usageError = (message: string) => new CliExit(2, message);

/** The login did not succeed: exit code 1. */
export const loginFailed = (message: string) => new CliExit(1, message);

/** The user pressed Ctrl-C at a prompt: exit code 130, as a shell reports SIGINT. */
export const cancelled = () => new CliExit(130, 'cancelled');
