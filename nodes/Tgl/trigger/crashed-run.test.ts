import { createRunExecutionData, NodeOperationError, OperationalError } from 'n8n-workflow';
import type { ExecutionStatus, INode, IRun } from 'n8n-workflow';
import { crashedRun } from './crashed-run';

const node: INode = { id: 'n1', name: 'Reply', type: 'n8n-nodes-tgl.tgl', typeVersion: 1, position: [0, 0], parameters: {} };

/** A run as n8n 2.8.4's main hands it to a trigger's done promise. */
function run(status: ExecutionStatus, error?: Error): IRun {
	return {
		finished: status === 'success',
		mode: 'trigger',
		startedAt: new Date(),
		stoppedAt: new Date(),
		status,
		storedAt: 'db',
		// workflow-runner.js processError: the error's own fields spread, message and stack copied.
		data: createRunExecutionData({ resultData: { runData: {}, ...(error ? { error: { ...error, message: error.message, stack: error.stack } as never } : {}) } }),
	};
}

describe('crashedRun', () => {
	it("is true for an execution n8n failed because its worker died (the job stalled)", () => {
		// n8n's MaxStalledCountError: an OperationalError with this message.
		const stalled = new OperationalError(
			'This execution failed to be processed too many times and will no longer retry. To allow this execution to complete, please break down your workflow or scale up your workers or adjust your worker settings.',
			{ level: 'warning' },
		);
		expect(crashedRun(run('error', stalled))).toBe(true);
		// Bull's own reason, when the job had failed before main asked for it.
		expect(crashedRun(run('error', new Error('job stalled more than allowable limit')))).toBe(true);
		expect(crashedRun(run('crashed'))).toBe(true);
	});

	it('is false for an execution that ran and failed with a node error, and for one that finished', () => {
		const nodeError = new NodeOperationError(node, 'PEER_ID_INVALID: the peer is not known', { itemIndex: 0 });
		expect(crashedRun(run('error', nodeError))).toBe(false);
		// A node error naming the same words is still the node's.
		expect(crashedRun(run('error', new NodeOperationError(node, 'job stalled more than allowable limit')))).toBe(false);
		expect(crashedRun(run('error', new Error('Could not find execution')))).toBe(false);
		expect(crashedRun(run('success'))).toBe(false);
		expect(crashedRun(run('canceled'))).toBe(false);
		expect(crashedRun(undefined)).toBe(false);
	});
});
