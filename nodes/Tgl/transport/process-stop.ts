// Work that must be done when the process is asked to stop (SIGTERM from a service manager or
// `docker stop`, Ctrl+C). n8n handles these signals itself: it stops its workflows, waits for its
// executions, closes its database and then calls process.exit() without waiting for anybody
// else's listeners. So the work starts at the signal, beside n8n's own shutdown (which usually
// takes longer than a few requests on an open connection), and a process.exit() that comes
// before the work is done waits for it, at most STOP_BOUND_MS; n8n's own steps are unchanged.
// Where nobody else handles the signal (a script, a test runner), the process still ends by it,
// after the work or after STOP_BOUND_MS, whichever comes first.
const SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

/** How long a process that only we hold back waits for the work before it ends anyway. */
const STOP_BOUND_MS = 5000;

/** `hostHandlesSignal`: a host (n8n) will end the process itself, with process.exit(), when it is done. */
type Task = (stop: { hostHandlesSignal: boolean }) => Promise<void>;

const tasks = new Set<Task>();
let listening = false;
let stopping = false;

/** Runs `task` when the process gets SIGTERM or SIGINT; the same task is kept once. */
export function whenProcessStops(task: Task): void {
	tasks.add(task);
	if (listening) return;
	listening = true;
	// First in line, so that we see whether the host (n8n) listens too; its handler still runs.
	for (const signal of SIGNALS) process.prependListener(signal, onSignal);
}

/** Forgets a task; with none left the process listens for nothing any more. */
export function forgetProcessStop(task: Task): void {
	tasks.delete(task);
	if (tasks.size === 0) unlisten();
}

/** True once SIGTERM or SIGINT arrived: work that would wait for later must be done now. */
export function processIsStopping(): boolean {
	return stopping;
}

function unlisten(): void {
	if (!listening) return;
	listening = false;
	for (const signal of SIGNALS) process.removeListener(signal, onSignal);
}

function onSignal(signal: NodeJS.Signals): void {
	// Ours for one signal only: a second Ctrl+C behaves exactly as it would without this pack.
	unlisten();
	stopping = true;
	const hostStopsTheProcess = process.listenerCount(signal) > 0;
	const done = runTasks({ hostHandlesSignal: hostStopsTheProcess });
	holdExitUntil(done);
	// Nobody else listens: the signal's default action (ending the process) was ours to keep.
	if (!hostStopsTheProcess) void done.then(() => process.kill(process.pid, signal));
}

async function runTasks(stop: { hostHandlesSignal: boolean }): Promise<void> {
	let timer: NodeJS.Timeout | undefined;
	const bound = new Promise<void>((resolve) => {
		timer = setTimeout(resolve, STOP_BOUND_MS);
		timer.unref();
	});
	await Promise.race([Promise.allSettled([...tasks].map(async (task) => task(stop))), bound]);
	clearTimeout(timer);
}

/** Until `done`, process.exit() waits for it (and then exits as asked); restored afterwards. */
function holdExitUntil(done: Promise<void>): void {
	const exit = process.exit;
	let released = false;
	const held = ((code?: number | string | null) => {
		if (released) return exit.call(process, code);
		void done.then(() => exit.call(process, code));
		return undefined as never;
	}) as typeof process.exit;
	process.exit = held;
	void done.then(() => {
		released = true;
		// Someone may have wrapped it after us: then ours stays in their chain, passing through.
		if (process.exit === held) process.exit = exit;
	});
}
