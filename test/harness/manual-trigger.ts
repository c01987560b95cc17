// Manual mode: the editor's "Test workflow / listen for event". n8n runs one manual execution
// starting at the trigger; n8n-core (TriggersAndPollers.runTrigger in 'manual' mode) calls
// trigger(), then manualTriggerFunction if any, and feeds the FIRST emit to the execution;
// closeFunction runs when the execution ends (or is cancelled).
import { WorkflowExecute } from 'n8n-core';
import type { IDestinationNode, INodeExecutionData } from 'n8n-workflow';

import { createAdditionalData, createHooks, nextExecutionId } from './additional-data';
import { createCredentialsHelper, explainIssues } from './run-workflow';
import { toRunResult, WorkflowRunError } from './run-result';
import { StaticDataStore } from './static-data';
import { TriggerRecorder } from './trigger-recorder';
import type { ActiveTrigger, StartTriggerOptions } from './trigger-types';
import { createWorkflow, getNodeOrThrow, toWorkflowData, type WorkflowJson } from './workflow-data';

export function listenManually(json: WorkflowJson, opts: StartTriggerOptions): ActiveTrigger {
	const recorder = new TriggerRecorder(opts.triggerNode);
	const data = toWorkflowData(json, opts.nodeTypes, {
		active: false,
		staticData: opts.staticData,
		credentialTypesGiven: Object.keys(opts.credentials ?? {}),
	});
	// n8n never saves static data of manual executions: savedStaticData() stays the initial copy.
	const store = new StaticDataStore(data.staticData ?? {});
	const workflow = createWorkflow(data, opts.nodeTypes);
	const triggerNode = getNodeOrThrow(workflow, opts.triggerNode);

	const executionId = nextExecutionId();
	const hooks = createHooks('manual', executionId, data);
	// The emit reaches the execution as the trigger node's output; a rejected emitError (or a
	// throwing trigger()) as the trigger node's error.
	hooks.addHandler('nodeExecuteAfter', (nodeName, taskData) => {
		if (nodeName !== triggerNode.name) return;
		const emitted = taskData.data?.main;
		if (emitted) recorder.recordEmit(emitted as INodeExecutionData[][]);
		if (taskData.error) recorder.recordError(new WorkflowRunError(taskData.error, nodeName));
	});
	const additionalData = createAdditionalData(createCredentialsHelper(opts), { executionId, hooks });
	const destinationNode: IDestinationNode | undefined =
		opts.runDownstream === false ? { nodeName: triggerNode.name, mode: 'inclusive' } : undefined;
	const workflowExecute = new WorkflowExecute(additionalData, 'manual');
	let execution: ReturnType<WorkflowExecute['run']>;
	try {
		execution = workflowExecute.run({ workflow, startNode: triggerNode, destinationNode, pinData: data.pinData });
	} catch (error) {
		throw explainIssues(error, workflowExecute, workflow, triggerNode.name);
	}

	let finished = false;
	const done = execution.then(
		(run) => {
			finished = true;
			recorder.recordRun(toRunResult(run));
		},
		(error: unknown) => {
			finished = true;
			recorder.recordHarnessFailure(error);
		},
	);

	let closing: Promise<void> | undefined;
	const close = () =>
		(closing ??= (async () => {
			if (finished || recorder.emits.length > 0 || recorder.errors.length > 0) {
				await done; // the execution calls closeFunction itself when it ends
				return;
			}
			// Still listening: stop like the editor does. Cancelling aborts the execution, whose abort
			// listener calls closeFunction (not awaited by n8n); give it a turn of the event loop.
			execution.cancel();
			await new Promise((resolve) => setImmediate(resolve));
		})());

	return {
		emits: recorder.emits,
		items: () => recorder.items(),
		waitForItems: (count, timeoutMs) => recorder.waitForItems(count, timeoutMs),
		runs: recorder.runs,
		waitForRuns: (count, timeoutMs) => recorder.waitForRuns(count, timeoutMs),
		errors: recorder.errors,
		waitForError: (timeoutMs) => recorder.waitForError(timeoutMs),
		failedExecutions: recorder.failedExecutions,
		savedStaticData: () => store.get(),
		get staticData() {
			return workflow.staticData;
		},
		isActive: () => !finished && closing === undefined,
		close,
	};
}
