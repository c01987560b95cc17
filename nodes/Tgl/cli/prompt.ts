// Questions on standard error, answers from standard input. On a terminal the answer is read
// in raw mode so that secrets are never echoed (each character shows as '*'); from a pipe,
// one line answers one question, and the end of input fails the question that was waiting.
import { cancelled, loginFailed, type CliInput } from './io';

const ENTER = new Set(['\r', '\n']);
const CTRL_C = '\u0003';
const CTRL_D = '\u0004';
const BACKSPACE = new Set(['\u007f', '\b']);
const ESC = '\u001b';

export interface AskOptions {
	/** Echo '*' instead of what is typed (and nothing at all from a pipe). */
	secret?: boolean;
	/** What the question is for, in the failure when input ends (e.g. "the login code"). */
	what: string;
}

export class Prompter {
	/** Characters (TTY) or text (pipe) received but not yet consumed by a question. */
	private pending = '';
	private ended = false;
	private listening = false;
	private wake: (() => void) | undefined;

	constructor(
		private readonly input: CliInput,
		private readonly output: NodeJS.WritableStream,
	) {}

	get interactive(): boolean {
		return !!this.input.isTTY && typeof this.input.setRawMode === 'function';
	}

	async ask(question: string, options: AskOptions): Promise<string> {
		this.output.write(question);
		this.listen();
		const answer = this.interactive ? await this.readTyped(options) : await this.readLine(options);
		return answer.trim();
	}

	/** Stops reading so that the process can exit. */
	close(): void {
		if (!this.listening) return;
		this.listening = false;
		this.input.removeListener('data', this.onData);
		this.input.removeListener('end', this.onEnd);
		this.input.pause();
	}

	private listen(): void {
		if (this.listening) {
			this.input.resume();
			return;
		}
		this.listening = true;
		this.input.on('data', this.onData);
		this.input.on('end', this.onEnd);
		this.input.resume();
	}

	private readonly onData = (chunk: Buffer | string) => {
		this.pending += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
		this.wake?.();
	};

	private readonly onEnd = () => {
		this.ended = true;
		this.wake?.();
	};

	private waitForInput(): Promise<void> {
		return new Promise((resolve) => {
			this.wake = () => {
				this.wake = undefined;
				resolve();
			};
		});
	}

	private async readLine(options: AskOptions): Promise<string> {
		for (;;) {
			const newline = this.pending.indexOf('\n');
			if (newline >= 0) {
				const line = this.pending.slice(0, newline).replace(/\r$/, '');
				this.pending = this.pending.slice(newline + 1);
				this.output.write('\n');
				this.input.pause();
				return line;
			}
			if (this.ended) {
				if (this.pending) {
					const line = this.pending;
					this.pending = '';
					this.output.write('\n');
					return line;
				}
				this.output.write('\n');
				throw loginFailed(`standard input ended while waiting for ${options.what}`);
			}
			await this.waitForInput();
		}
	}

	/** A minimal line editor: printable characters, backspace, Enter, Ctrl-C, Ctrl-D. */
	private async readTyped(options: AskOptions): Promise<string> {
		let typed = '';
		// Raw only while asking: between questions Ctrl-C stays a signal that ends the process.
		this.input.setRawMode!(true);
		try {
			for (;;) {
				while (this.pending) {
					const char = String.fromCodePoint(this.pending.codePointAt(0)!);
					this.pending = this.pending.slice(char.length);
					if (ENTER.has(char)) {
						if (char === '\r' && this.pending.startsWith('\n')) this.pending = this.pending.slice(1);
						return typed;
					}
					if (char === CTRL_C) throw cancelled();
					if (char === CTRL_D && !typed) throw loginFailed(`input ended while waiting for ${options.what}`);
					if (BACKSPACE.has(char)) {
						if (typed) {
							typed = typed.slice(0, -1);
							this.output.write('\b \b');
						}
					} else if (char === ESC) {
						// Arrow keys and the like: drop the rest of the escape sequence.
						this.pending = this.pending.replace(/^\[?[0-9;]*[A-Za-z~]?/, '');
					} else if (char >= ' ') {
						typed += char;
						this.output.write(options.secret ? '*' : char);
					}
				}
				if (this.ended) throw loginFailed(`input ended while waiting for ${options.what}`);
				await this.waitForInput();
			}
		} finally {
			this.input.setRawMode!(false);
			this.output.write('\n');
			this.input.pause();
		}
	}
}
