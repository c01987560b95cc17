// Waits for a condition that something else (a server, a trigger, another process) makes true.
export async function eventually(check: () => boolean, what: string, timeoutMs = 10_000, pollMs = 10): Promise<void> {
	const until = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await new Promise((r) => setTimeout(r, pollMs));
	}
}
