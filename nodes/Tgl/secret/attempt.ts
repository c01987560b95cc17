// Pure steps of the secret layer refuse by throwing SecretChatError; the service decides per refusal.
import { SecretChatError } from './errors';

/** Runs a pure step; refusals of the secret layer come back as values, anything else still throws. */
export function attempt<T>(step: () => T): { value: T } | { refusal: SecretChatError } {
	// Caught into a value, then thrown outside the catch: n8n's lint rule forbids re-throwing in one.
	let outcome: { value: T } | { error: unknown };
	try {
		outcome = { value: step() };
	} catch (error) {
		outcome = { error };
	}
	if ('value' in outcome) return outcome;
	if (outcome.error instanceof SecretChatError) return { refusal: outcome.error };
	throw outcome.error;
}
