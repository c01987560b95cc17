// Trigger mode: activates the trigger like n8n's ActiveWorkflowManager does, through n8n-core's
// own ActiveWorkflows (trigger() via TriggersAndPollers, closeFunction on removal, crons) with
// emit/emitError wired the way the CLI wires them.
import { Container } from '@n8n/di';
import { ActiveWorkflows, PollContext, TriggerContext } from 'n8n-core';
import type { IGetExecutePollFunctions, IGetExecuteTriggerFunctions } from 'n8n-core';
import { createRunExecutionData } from 'n8n-workflow';
import type { ExecutionError, INode, INodeTypes, IRun, ITriggerFunctions } from 'n8n-workflow';

import { createAdditionalData } from './additional-data';
import { createCredentialsHelper, runFromTrigger } from './run-workflow';
import { toRunResult } from './run-result';
import { StaticDataStore } from './static-data';
import { TriggerRecorder } from './trigger-recorder';
import type { ActiveTrigger, StartTriggerOptions } from './trigger-types';
import { createWorkflow, getNodeOrThrow, toWorkflowData, type WorkflowJson } from './workflow-data';

export async function activateTrigger(json: WorkflowJson, opts: StartTriggerOptions): Promise<ActiveTrigger> {
	const { nodeTypes, triggerNode: triggerName } = opts;
	const recorder = new TriggerRecorder(triggerName);
	const data = toWorkflowData(json, nodeTypes, {
		active: true,
		staticData: opts.staticData,
		credentialTypesGiven: Object.keys(opts.credentials ?? {}),
	});
	const store = new StaticDataStore(data.staticData ?? {});
	const credentialsHelper = createCredentialsHelper(opts);
	// ActiveWorkflows starts every trigger and poller of a workflow: leave only ours enabled.
	const workflow = createWorkflow(data, nodeTypes, onlyThisTrigger(data.nodes, triggerName, nodeTypes));
	getNodeOrThrow(workflow, triggerName);

	const activeWorkflows = Container.get(ActiveWorkflows);
	if (activeWorkflows.isActive(data.id)) {
		throw new Error(`Workflow "${data.id}" is already active in this test file; close() it first`);
	}
	const pendingRuns = new Set<Promise<void>>();

	// ActiveWorkflowManager's emit: save static data, then start an execution from the trigger.
	const emit: ITriggerFunctions['emit'] = (emitted, responsePromise, donePromise) => {
		recorder.recordEmit(emitted);
		store.saveIfChanged(workflow);
		const execution = runFromTrigger({
			data,
			nodeTypes,
			credentialsHelper,
			triggerNode: triggerName,
			emitted,
			onlyTrigger: opts.runDownstream === false,
			responsePromise,
			saveStaticData: (newStaticData) => store.save(newStaticData),
			staticData: store.get(),
		}).then(
			(run) => {
				recorder.recordRun(toRunResult(run));
				// getPostExecutePromise: settles once the execution has finished and was saved.
				donePromise?.resolve(run);
			},
			(error: unknown) => {
				recorder.recordHarnessFailure(error);
				// WorkflowRunner.processError finalizes a failed run: the promise resolves, with the error.
				donePromise?.resolve(failedRun(error));
			},
		);
		pendingRuns.add(execution);
		void execution.finally(() => pendingRuns.delete(execution));
	};

	let deactivation: Promise<void> | undefined;
	const deactivate = () =>
		(deactivation ??= (async () => {
			try {
				await activeWorkflows.remove(data.id); // closeFunction; crons deregistered
			} finally {
				await Promise.allSettled([...pendingRuns]);
			}
		})());

	// n8n answers emitError by deactivating the workflow (then retries activation with backoff;
	// the harness does not: start again with savedStaticData()).
	const emitError = (error: Error) => {
		recorder.recordError(error);
		deactivate().catch(() => {}); // close() rethrows a failing closeFunction
	};
	const saveFailedExecution = (error: Error) => recorder.recordFailedExecution(error);

	const getTriggerFunctions: IGetExecuteTriggerFunctions = (wf, node, additionalData, mode, activation) =>
		new TriggerContext(wf, node, additionalData, mode, activation, emit, emitError, saveFailedExecution);
	// A poller's __emitError records a failed execution in n8n; the workflow stays active.
	const getPollFunctions: IGetExecutePollFunctions = (wf, node, additionalData, mode, activation) =>
		new PollContext(wf, node, additionalData, mode, activation, emit, (error) => recorder.recordError(error));

	await activeWorkflows.add(
		data.id,
		workflow,
		createAdditionalData(credentialsHelper),
		'trigger',
		opts.activation ?? 'activate',
		getTriggerFunctions,
		getPollFunctions,
	);
	// ActiveWorkflowManager.add saves static data once activation is done.
	store.saveIfChanged(workflow);

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
		isActive: () => deactivation === undefined,
		close: deactivate,
	};
}

function failedRun(error: unknown): IRun {
	const message = error instanceof Error ? error.message : String(error);
	return {
		data: createRunExecutionData({ resultData: { error: { message } as ExecutionError, runData: {} } }),
		finished: false,
		mode: 'trigger',
		startedAt: new Date(),
		stoppedAt: new Date(),
		status: 'error',
		storedAt: 'db',
	};
}

function onlyThisTrigger(nodes: INode[], triggerName: string, nodeTypes: INodeTypes): INode[] {
	const starts = (node: INode) => {
		const type = nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		return Boolean(type.trigger ?? type.poll);
	};
	const chosen = nodes.find((node) => node.name === triggerName);
	if (chosen && !starts(chosen)) {
		throw new Error(`Node "${triggerName}" (${chosen.type}) has neither trigger() nor poll()`);
	}
	if (chosen?.disabled) throw new Error(`Trigger node "${triggerName}" is disabled`);
	return nodes.map((node) => (node.name !== triggerName && starts(node) ? { ...node, disabled: true } : node));
}
