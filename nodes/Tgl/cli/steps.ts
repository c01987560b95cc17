// What every terminal login step shares: the login's connection (see ../login), the prompter,
// answers given in advance. No step ever prints what was typed.
import type { LoginCaller } from '../login/call';
import type { Prompter } from './prompt';

export type AnswerKind = 'phone' | 'code' | 'password';

export interface LoginSteps extends LoginCaller {
	readonly prompter: Prompter;
	/** Answers from flags or the environment, each used for the first question of its kind only. */
	readonly given: Partial<Record<AnswerKind, string>>;
	/** A notice on standard error. */
	say(line: string): void;
}

/** The flag's value the first time, then the prompt (a wrong given answer is asked again). */
export async function answer(steps: LoginSteps, kind: AnswerKind, question: string, what: string): Promise<string> {
	const given = steps.given[kind];
	if (given !== undefined) {
		delete steps.given[kind];
		return given;
	}
	return steps.prompter.ask(question, { what, secret: kind === 'password' });
}
