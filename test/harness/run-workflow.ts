// Executions through n8n-core's real WorkflowExecute: a full run from a start node (what the
// editor's "Execute workflow" does) and a run started by a trigger's emit (what WorkflowRunner does).
import { WorkflowExecute, WorkflowHasIssuesError } from 'n8n-core';
import { createRunExecutionData } from 'n8n-workflow';
import type {
	IDataObject,
	IDeferredPromise,
	IExecuteResponsePromiseData,
	INode,
	INodeExecutionData,
	INodeTypes,
	IRun,
	IWorkflowBase,
	Workflow,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import { createAdditionalData, createHooks, nextExecutionId } from './additional-data';
import { HarnessCredentialsHelper, type CredentialsInput } from './credentials';
import { ensureN8nServices } from './n8n-services';
import { START_NODE_TYPE } from './node-types';
import { toRunResult, type WorkflowRunResult } from './run-result';
import { createWorkflow, getNodeOrThrow, toWorkflowData, type WorkflowJson } from './workflow-data';

export interface HarnessOptions extends CredentialsInput {
	nodeTypes: INodeTypes;
}

export interface RunWorkflowOptions extends HarnessOptions {
	/** Node to start from; default: the node of type 'test.start'. */
	startNode?: string;
	/** Default 'manual', like the editor's "Execute workflow" button. */
	mode?: WorkflowExecuteMode;
}

export function createCredentialsHelper(opts: HarnessOptions) {
	return new HarnessCredentialsHelper(opts, opts.nodeTypes);
}

export async function runWorkflow(json: WorkflowJson, opts: RunWorkflowOptions): Promise<WorkflowRunResult> {
	await ensureN8nServices();
	const mode = opts.mode ?? 'manual';
	const data = toWorkflowData(json, opts.nodeTypes, {
		active: false,
		credentialTypesGiven: Object.keys(opts.credentials ?? {}),
	});
	const workflow = createWorkflow(data, opts.nodeTypes);
	const startNode = opts.startNode ? getNodeOrThrow(workflow, opts.startNode) : findTestStart(workflow);
	const executionId = nextExecutionId();
	const hooks = createHooks(mode, executionId, data);
	const additionalData = createAdditionalData(createCredentialsHelper(opts), { executionId, hooks });
	const workflowExecute = new WorkflowExecute(additionalData, mode);
	try {
		return toRunResult(await workflowExecute.run({ workflow, startNode, pinData: data.pinData }));
	} catch (error) {
		throw explainIssues(error, workflowExecute, workflow, startNode.name);
	}
}

export interface TriggeredRun {
	data: IWorkflowBase;
	nodeTypes: INodeTypes;
	credentialsHelper: HarnessCredentialsHelper;
	triggerNode: string;
	emitted: INodeExecutionData[][];
	/** Run only the trigger node itself (the emit still becomes an execution). */
	onlyTrigger: boolean;
	responsePromise?: IDeferredPromise<IExecuteResponsePromiseData>;
	/** n8n's workflowExecuteAfter hook saves static data a trigger-mode execution changed. */
	saveStaticData: (newStaticData: IDataObject) => void;
	/**
	 * The static data in the database when the execution starts: WorkflowRunner loads it
	 * (loadStaticData), so an execution never shares the live trigger's object.
	 */
	staticData?: IDataObject;
}

/** An execution of the rest of the workflow with a trigger's emitted data, in 'trigger' mode. */
export async function runFromTrigger(run: TriggeredRun): Promise<IRun> {
	// A fresh Workflow over the same stored data, as WorkflowRunner builds per execution.
	const workflow = createWorkflow(run.staticData ? { ...run.data, staticData: run.staticData } : run.data, run.nodeTypes);
	const node = getNodeOrThrow(workflow, run.triggerNode);
	const executionId = nextExecutionId();
	const hooks = createHooks('trigger', executionId, run.data);
	hooks.addHandler('workflowExecuteAfter', (_fullRun, newStaticData) => {
		if (newStaticData) run.saveStaticData(newStaticData);
	});
	const { responsePromise } = run;
	if (responsePromise) hooks.addHandler('sendResponse', (response) => responsePromise.resolve(response));
	const additionalData = createAdditionalData(run.credentialsHelper, { executionId, hooks });
	const runExecutionData = createRunExecutionData({
		startData: run.onlyTrigger ? { destinationNode: { nodeName: node.name, mode: 'inclusive' }, runNodeFilter: [node.name] } : {},
		executionData: { nodeExecutionStack: [{ node, data: { main: run.emitted }, source: null }] },
	});
	const workflowExecute = new WorkflowExecute(additionalData, 'trigger', runExecutionData);
	try {
		return await workflowExecute.processRunExecutionData(workflow);
	} catch (error) {
		throw explainIssues(error, workflowExecute, workflow, node.name);
	}
}

function findTestStart(workflow: Workflow): INode {
	const starts = Object.values(workflow.nodes).filter((node) => node.type === START_NODE_TYPE);
	if (starts.length !== 1) {
		throw new Error(`runWorkflow: found ${starts.length} nodes of type '${START_NODE_TYPE}'; pass opts.startNode`);
	}
	return starts[0];
}

// WorkflowHasIssuesError says only "The workflow has issues"; name the nodes and parameters.
export function explainIssues(error: unknown, workflowExecute: WorkflowExecute, workflow: Workflow, startNode: string) {
	if (!(error instanceof WorkflowHasIssuesError)) return error;
	const issues = workflowExecute.checkReadyForExecution(workflow, { startNode });
	return new Error(`${error.message} Issues by node: ${JSON.stringify(issues)}`);
}
