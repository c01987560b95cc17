// Starts a trigger node the way n8n does, in 'trigger' mode (active workflow) or 'manual' mode
// (the editor listening for an event), and keeps track of it so the harness can close it.
import { activateTrigger } from './active-trigger';
import { listenManually } from './manual-trigger';
import { ensureN8nServices } from './n8n-services';
import type { ActiveTrigger, StartTriggerOptions } from './trigger-types';
import type { WorkflowJson } from './workflow-data';

const openTriggers = new Set<ActiveTrigger>();

export async function startTrigger(json: WorkflowJson, opts: StartTriggerOptions): Promise<ActiveTrigger> {
	await ensureN8nServices();
	const trigger = opts.mode === 'manual' ? listenManually(json, opts) : await activateTrigger(json, opts);
	openTriggers.add(trigger);
	const close = trigger.close;
	trigger.close = async () => {
		openTriggers.delete(trigger);
		await close();
	};
	return trigger;
}

/** Closes every trigger a test left open, so timers and sockets do not keep Jest alive. */
export async function closeAllTriggers(): Promise<void> {
	await Promise.allSettled([...openTriggers].map(async (trigger) => await trigger.close()));
}
