// n8n dateTime parameters as the Unix seconds Telegram's date fields take.

/** A date parameter as Unix seconds: 0 when empty, NaN when it is no date. */
export function unixSeconds(value: unknown): number {
	if (value === undefined || value === null || value === '') return 0;
	const ms = new Date(value as string).getTime();
	return Number.isNaN(ms) ? NaN : Math.floor(ms / 1000);
}
