// Runs n8n workflows through n8n's real execution engine (n8n-core WorkflowExecute, Workflow,
// ActiveWorkflows) so nodes are tested with real IExecuteFunctions / ITriggerFunctions.
import { closeAllTriggers } from './start-trigger';
import { disposeN8nServices } from './n8n-services';

export { createNodeTypes, START_NODE_TYPE, TestStartNode } from './node-types';
export { runWorkflow } from './run-workflow';
export type { HarnessOptions, RunWorkflowOptions } from './run-workflow';
export { WorkflowRunError } from './run-result';
export type { WorkflowRunResult } from './run-result';
export { startTrigger, closeAllTriggers } from './start-trigger';
export type { ActiveTrigger, StartTriggerOptions } from './trigger-types';
export type { WorkflowJson } from './workflow-data';
export { configureHarness } from './n8n-services';
export type { BinaryDataMode, HarnessSetupOptions } from './n8n-services';
export { HarnessCredentialsHelper } from './credentials';

/** Closes open triggers, deletes the temporary n8n user folder and resets n8n's DI container. */
export async function disposeHarness(): Promise<void> {
	await closeAllTriggers();
	await disposeN8nServices();
}

// Under Jest, clean up after each test file by itself (hooks run in declaration order, so this
// one, registered at import, runs first: a test's own later close() is then a no-op).
if (typeof afterAll === 'function') {
	try {
		afterAll(disposeHarness);
	} catch {
		// Imported from inside a test: the caller has to call disposeHarness() itself.
	}
}
