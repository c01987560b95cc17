// Tells an execution that never got to run to its end because its process died (queue mode: the
// worker was killed, n8n found the job stalled and failed it without retrying) from one that ran
// and failed on its own (a node error). Only the first is worth emitting again.
import type { IRun } from 'n8n-workflow';

// n8n 2.8.4 (workflow-runner.js): Bull's stalled-job failure becomes a MaxStalledCountError; when
// the job had already failed by the time main asked, Bull's own reason comes through unchanged.
const STALLED = [/failed to be processed too many times/i, /job stalled more than/i];

export function crashedRun(run: IRun | undefined): boolean {
	if (!run) return false;
	// n8n's own word for an execution whose process died (crash recovery).
	if (run.status === 'crashed') return true;
	if (run.status !== 'error') return false;
	const error = run.data?.resultData?.error as { message?: unknown; node?: unknown } | undefined;
	// A node's error names its node; the stalled failure belongs to no node.
	if (!error || error.node) return false;
	const message = typeof error.message === 'string' ? error.message : '';
	return STALLED.some((re) => re.test(message));
}
