// Records what an active trigger did (emits, executions, reported errors) and lets tests wait for it.
import type { INodeExecutionData } from 'n8n-workflow';

import type { WorkflowRunResult } from './run-result';
import { DEFAULT_WAIT_MS, Waiters } from './wait';

export class TriggerRecorder {
	readonly emits: INodeExecutionData[][][] = [];
	readonly runs: WorkflowRunResult[] = [];
	readonly errors: Error[] = [];
	readonly failedExecutions: Error[] = [];
	/** Executions the harness could not even start: they fail every pending wait at once. */
	private readonly harnessFailures: unknown[] = [];
	private readonly waiters = new Waiters();

	constructor(private readonly triggerName: string) {}

	recordEmit(data: INodeExecutionData[][]) {
		this.emits.push(data);
		this.waiters.notify();
	}

	recordRun(result: WorkflowRunResult) {
		this.runs.push(result);
		this.waiters.notify();
	}

	recordError(error: Error) {
		this.errors.push(error);
		this.waiters.notify();
	}

	recordFailedExecution(error: Error) {
		this.failedExecutions.push(error);
		this.waiters.notify();
	}

	recordHarnessFailure(error: unknown) {
		this.harnessFailures.push(error);
		this.waiters.notify();
	}

	items(): INodeExecutionData[] {
		return this.emits.flatMap((data) => data[0] ?? []);
	}

	waitForItems(count: number, timeoutMs = DEFAULT_WAIT_MS) {
		return this.waiters.waitFor(
			() => this.whenAtLeast(this.items(), count),
			timeoutMs,
			() => `waiting for ${count} items from trigger "${this.triggerName}", got ${this.items().length}${this.summary()}`,
		);
	}

	waitForRuns(count: number, timeoutMs = DEFAULT_WAIT_MS) {
		return this.waiters.waitFor(
			() => this.whenAtLeast(this.runs, count),
			timeoutMs,
			() => `waiting for ${count} executions from trigger "${this.triggerName}", got ${this.runs.length}${this.summary()}`,
		);
	}

	waitForError(timeoutMs = DEFAULT_WAIT_MS) {
		return this.waiters.waitFor(
			() => this.errors[0],
			timeoutMs,
			() => `waiting for trigger "${this.triggerName}" to report an error${this.summary()}`,
		);
	}

	private whenAtLeast<T>(list: T[], count: number): T[] | undefined {
		if (this.harnessFailures.length) throw this.harnessFailures[0];
		return list.length >= count ? [...list] : undefined;
	}

	private summary() {
		const errors = this.errors.map((e) => e.message);
		return ` (emits: ${this.emits.length}, executions: ${this.runs.length}, errors: ${JSON.stringify(errors)})`;
	}
}
