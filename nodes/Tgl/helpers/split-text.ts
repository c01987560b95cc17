// Long text as several messages: cut at a line break, else at a space, else anywhere (never
// inside a UTF-16 surrogate pair), so that no character is lost.

export function splitText(text: string, max: number): string[] {
	const parts: string[] = [];
	let rest = text;
	while (rest.length > max) {
		const window = rest.slice(0, max + 1);
		let cut = window.lastIndexOf('\n');
		if (cut <= 0) cut = window.lastIndexOf(' ');
		let skip = 1; // the line break or space at the cut is not sent
		if (cut <= 0) {
			cut = max;
			skip = 0;
			const code = rest.charCodeAt(cut - 1);
			if (code >= 0xd800 && code <= 0xdbff) cut--;
		}
		parts.push(rest.slice(0, cut));
		rest = rest.slice(cut + skip);
	}
	parts.push(rest);
	// Telegram refuses blank messages; a run of blank lines at a cut makes no message of its own.
	return parts.filter((p) => p.trim() !== '');
}
