import type { IDataObject, INodeExecutionData, WorkflowActivateMode } from 'n8n-workflow';

import type { WorkflowRunResult } from './run-result';
import type { HarnessOptions } from './run-workflow';

export interface StartTriggerOptions extends HarnessOptions {
	triggerNode: string;
	/** 'trigger': an active workflow (default). 'manual': the editor listening for one event. */
	mode?: 'trigger' | 'manual';
	/** The workflow's static data to start with, as n8n keeps it between deactivation and activation. */
	staticData?: IDataObject;
	/** Default true: each emit runs the rest of the workflow. When false only the trigger node runs. */
	runDownstream?: boolean;
	/** Trigger mode only: 'activate' (default, user switched it on), 'init' (n8n starting), 'update'... */
	activation?: WorkflowActivateMode;
}

export interface ActiveTrigger {
	/** Every emit's data, in order. */
	emits: INodeExecutionData[][][];
	/** All emitted items of output 0, flattened, in order. */
	items(): INodeExecutionData[];
	/** Resolves once at least `count` items were emitted; rejects after `timeoutMs` (default 10 s). */
	waitForItems(count: number, timeoutMs?: number): Promise<INodeExecutionData[]>;
	/** Executions started by emits, in order of completion. */
	runs: WorkflowRunResult[];
	waitForRuns(count: number, timeoutMs?: number): Promise<WorkflowRunResult[]>;
	/** What the node reported through emitError (trigger mode: the workflow was deactivated). */
	errors: Error[];
	waitForError(timeoutMs?: number): Promise<Error>;
	/** What the node passed to saveFailedExecution (the workflow stays active). */
	failedExecutions: Error[];
	/** Copy of the static data as n8n last saved it; start again from it to simulate a restart. */
	savedStaticData(): IDataObject;
	/** The live static data object the node writes into (keys 'global', 'node:<name>'). */
	staticData: IDataObject;
	/** False once closed (or deactivated after emitError, or the manual execution ended). */
	isActive(): boolean;
	/** Deactivates like n8n: calls closeFunction, waits for executions still running. Idempotent. */
	close(): Promise<void>;
}
