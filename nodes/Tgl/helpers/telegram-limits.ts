// Telegram's length limits on what the nodes send, checked before calling so that an item fails
// with the field and the limit (and nothing is stored) instead of with a bare error name.
// Lengths are in UTF-16 code units, as Telegram counts them (an emoji outside the BMP counts 2).
import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

export interface LengthLimit {
	/** How the field is named in the sentence. */
	field: string;
	min: number;
	max: number;
	/** For usernames: the characters allowed. */
	pattern?: RegExp;
}

export const LIMITS = {
	chatTitle: { field: 'chat title', min: 1, max: 128 },
	firstName: { field: 'first name', min: 1, max: 64 },
	lastName: { field: 'last name', min: 0, max: 64 },
	userAbout: { field: 'bio (about)', min: 0, max: 70 },
	chatAbout: { field: 'chat description (about)', min: 0, max: 255 },
	username: { field: 'username', min: 5, max: 32, pattern: /^[A-Za-z0-9_]*$/ },
	message: { field: 'message text', min: 1, max: 4096 },
	caption: { field: 'caption', min: 0, max: 1024 },
	pollQuestion: { field: 'poll question', min: 1, max: 255 },
	pollAnswer: { field: 'poll answer', min: 1, max: 100 },
	quizExplanation: { field: 'quiz explanation', min: 0, max: 200 },
} satisfies Record<string, LengthLimit>;

/** The sentence saying why `value` breaks `limit`, or undefined when it fits. */
export function limitProblem(limit: LengthLimit, value: string): string | undefined {
	const length = value.length;
	const range = limit.min > 0 ? `${limit.min}–${limit.max} characters` : `at most ${limit.max} characters`;
	if (length < limit.min) {
		return length === 0 ? `The ${limit.field} is empty; Telegram needs ${range}` : `The ${limit.field} has ${length} characters; Telegram needs ${range}`;
	}
	if (length > limit.max) return `The ${limit.field} has ${length} characters; Telegram allows ${range}`;
	if (limit.pattern && !limit.pattern.test(value)) return `The ${limit.field} may contain only letters a–z, digits and underscores`;
	return undefined;
}

/** Throws the item's error when `value` breaks `limit`; returns the value otherwise. */
export function withinLimit(node: INode, itemIndex: number, limit: LengthLimit, value: string): string {
	const problem = limitProblem(limit, value);
	if (problem) throw new NodeOperationError(node, problem, { itemIndex, description: `Item ${itemIndex}` });
	return value;
}
