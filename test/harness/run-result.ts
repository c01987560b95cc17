// Reading an IRun the way tests need it: a node's output items and the run's error.
import type { ExecutionError, IDataObject, INode, INodeExecutionData, IRun, ITaskData } from 'n8n-workflow';

export interface WorkflowRunResult {
	run: IRun;
	/** Items of that node's last run, output `outputIndex` (default 0); [] if it did not run. */
	output(nodeName: string, outputIndex?: number): INodeExecutionData[];
	/** The workflow-level error: a node that failed without Continue On Fail. */
	error?: WorkflowRunError;
}

/**
 * n8n stores a run's error as a plain copy of the thrown error (`{...error, message, stack}`),
 * not as an Error: this turns it back into one that names the node and the item.
 */
export class WorkflowRunError extends Error {
	readonly nodeName?: string;
	readonly itemIndex?: number;
	readonly description?: string | null;
	/** NodeError's context (itemIndex, runIndex, ...), as on the thrown error. */
	readonly context: IDataObject;
	/** The error as n8n stored it in run.data.resultData.error. */
	readonly stored: ExecutionError;

	constructor(stored: ExecutionError, lastNodeExecuted?: string) {
		const nodeName = (stored as { node?: INode }).node?.name ?? lastNodeExecuted;
		const context: IDataObject = stored.context ?? {};
		const itemIndex = context.itemIndex as number | undefined;
		const where = [nodeName && `node "${nodeName}"`, itemIndex !== undefined && `item ${itemIndex}`]
			.filter(Boolean)
			.join(', ');
		super(where ? `${stored.message} [${where}]` : stored.message);
		this.name = stored.name ?? 'WorkflowRunError';
		this.nodeName = nodeName;
		this.itemIndex = itemIndex;
		this.description = stored.description;
		this.context = context;
		this.stored = stored;
		if (stored.stack) this.stack = stored.stack;
	}
}

export function toRunResult(run: IRun): WorkflowRunResult {
	const { error, lastNodeExecuted } = run.data.resultData;
	return {
		run,
		output(nodeName, outputIndex = 0) {
			const tasks: ITaskData[] | undefined = run.data.resultData.runData[nodeName];
			return tasks?.at(-1)?.data?.main?.[outputIndex] ?? [];
		},
		error: error ? new WorkflowRunError(error, lastNodeExecuted) : undefined,
	};
}
