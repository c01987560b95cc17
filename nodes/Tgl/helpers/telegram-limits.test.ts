import { LIMITS, limitProblem } from './telegram-limits';

describe('telegram limits', () => {
	const cases: [keyof typeof LIMITS, number, number][] = [
		['chatTitle', 1, 128],
		['firstName', 1, 64],
		['lastName', 0, 64],
		['userAbout', 0, 70],
		['chatAbout', 0, 255],
		['username', 5, 32],
		['message', 1, 4096],
		['caption', 0, 1024],
	];

	it.each(cases)('%s: %i to %i characters fit, one more does not', (name, min, max) => {
		const limit = LIMITS[name];
		expect(limitProblem(limit, 'a'.repeat(max))).toBeUndefined();
		expect(limitProblem(limit, 'a'.repeat(min))).toBeUndefined();
		expect(limitProblem(limit, 'a'.repeat(max + 1))).toBe(`The ${limit.field} has ${max + 1} characters; Telegram allows ${min > 0 ? `${min}–${max} characters` : `at most ${max} characters`}`);
		if (min > 0) expect(limitProblem(limit, 'a'.repeat(min - 1))).toMatch(new RegExp(`^The ${limit.field.replace(/[()]/g, '\\$&')} (is empty|has ${min - 1} characters); Telegram needs ${min}–${max} characters$`));
	});

	it('counts UTF-16 code units, as Telegram does', () => {
		expect(limitProblem(LIMITS.chatTitle, '😀'.repeat(64))).toBeUndefined();
		expect(limitProblem(LIMITS.chatTitle, '😀'.repeat(64) + 'a')).toMatch(/has 129 characters/);
	});

	it('usernames take only letters, digits and underscores', () => {
		expect(limitProblem(LIMITS.username, 'alice_01')).toBeUndefined();
		expect(limitProblem(LIMITS.username, 'alice-01')).toBe('The username may contain only letters a–z, digits and underscores');
	});
});
