// When the saved position may move past an event: at once (emitted), or only once the executions
// its emits started have finished (executionFinished). n8n saves static data when a trigger
// emits, so what is written here reaches the database with the next emit.
import { createDeferredPromise } from 'n8n-workflow';
import type { INodeExecutionData, IRun, ITriggerFunctions } from 'n8n-workflow';
import type { UpdateCursor } from '../updates/cursor';
import type { CursorStore } from './cursor-store';
import { crashedRun } from './crashed-run';

export type AdvanceWhen = 'executionFinished' | 'emitted';

/** One handled event (or a position reached without one), oldest first. */
export interface Delivery {
	readonly after?: Partial<UpdateCursor>;
	/** Names the event across restarts (see eventKey); none for what cannot be fetched again. */
	readonly key?: string;
	/** Emitted before a crash and fetched again: its items say so. */
	redelivered: boolean;
	/** Emits whose executions have not finished yet. */
	open: number;
	handled: boolean;
	done: boolean;
}

/** Messages are told apart by lastIds; other keys need the finished set to be skipped after a restart. */
const isMessageKey = (key: string) => key.startsWith('m:');

export class DeliveryLedger {
	/** Not yet passed by the saved position. */
	private readonly queue: Delivery[] = [];
	/** Keys emitted by this process whose executions have not finished. */
	private readonly unfinished = new Set<string>();
	/** Non-message keys whose executions finished while an older event was still in flight. */
	private readonly finishedAhead = new Set<string>();
	/** From the saved data: in flight when the last process stopped (kept until the catch-up ends). */
	private readonly redeliver = new Set<string>();
	/** From the saved data: finished past the saved position (kept until the catch-up ends). */
	private readonly skip = new Set<string>();

	constructor(
		private readonly fn: ITriggerFunctions,
		private readonly store: CursorStore,
		readonly when: AdvanceWhen,
	) {}

	/** Takes over what the last process left in flight and finished, to be met again in the catch-up. */
	resume(): void {
		for (const key of this.store.inflight) this.redeliver.add(key);
		for (const key of this.store.finished) this.skip.add(key);
	}

	/** Anything of the last process not fetched again by now never will be. */
	caughtUp(): void {
		this.redeliver.clear();
		this.skip.clear();
		this.track();
	}

	/** An event to handle; with `emitted` the position moves now, before any emit (and its save). */
	begin(after: Partial<UpdateCursor> | undefined, key?: string): Delivery {
		const delivery: Delivery = { after, key, redelivered: false, open: 0, handled: false, done: false };
		if (this.when === 'emitted') {
			this.store.advance(after);
			delivery.done = true;
		} else {
			this.queue.push(delivery);
			// A channel first seen now is followed from just before this event, so a restart reads it.
			for (const [channelId, pts] of Object.entries(after?.channels ?? {})) this.store.follow(channelId, Math.max(1, pts - 1));
		}
		return delivery;
	}

	/** A position reached with no event (a difference ended, our own send). */
	reached(after: Partial<UpdateCursor>): void {
		this.end(this.begin(after));
	}

	/** True when the event finished before a restart: it is not emitted again. */
	finishedBefore(key: string): boolean {
		return this.skip.has(key);
	}

	/** True (once) when the event was in flight when the last process stopped. */
	takeRedelivery(delivery: Delivery): boolean {
		if (!delivery.key || !this.redeliver.delete(delivery.key)) return false;
		delivery.redelivered = true;
		return true;
	}

	emit(delivery: Delivery, data: INodeExecutionData[][]): void {
		if (delivery.done) return this.fn.emit(data);
		this.send([delivery], data, false);
	}

	/**
	 * One emit standing for several events (an album's parts): each is passed only once that
	 * execution finished. The deliveries are ended here (nothing more is emitted for them).
	 */
	emitGroup(deliveries: Delivery[], data: INodeExecutionData[][]): void {
		const waiting = deliveries.filter((d) => !d.done);
		if (!waiting.length) this.fn.emit(data);
		else this.send(waiting, data, false);
		for (const d of deliveries) this.end(d);
	}

	/**
	 * Emits with a done promise: the events stay open until that execution finished, whatever its
	 * outcome (success, node error, cancelled, put to wait). n8n rejects instead of resolving when
	 * the execution was cancelled or was already gone when it looked it up. One exception: an
	 * execution that died with its process (queue mode: its worker was killed) never ran to its
	 * end, so its data is emitted once more, marked redelivered; a second such death is let go.
	 */
	private send(deliveries: Delivery[], data: INodeExecutionData[][], retried: boolean): void {
		for (const d of deliveries) {
			if (d.key && d.open === 0) this.unfinished.add(d.key);
			d.open++;
		}
		// Written before the emit, so the save n8n starts there records the events as in flight.
		this.track();
		const finished = createDeferredPromise<IRun>();
		const settle = () => deliveries.forEach((d) => this.finished(d));
		finished.promise.then((run) => {
			// Re-emitted before this one settles, so the events stay open throughout.
			if (!retried && crashedRun(run)) this.again(deliveries, data);
			settle();
		}, settle);
		this.fn.emit(data, undefined, finished);
	}

	private again(deliveries: Delivery[], data: INodeExecutionData[][]): void {
		for (const d of deliveries) d.redelivered = true;
		const marked = data.map((branch) => branch.map((item) => ({ ...item, json: { ...item.json, redelivered: true } })));
		this.fn.logger?.warn('TGL Trigger: an execution died with its process (worker killed?); its event is emitted again, marked redelivered');
		this.send(deliveries, marked, true);
	}

	private finished(delivery: Delivery): void {
		delivery.open--;
		this.settle(delivery);
	}

	/** Handling is over: no more emits for this event. */
	end(delivery: Delivery): void {
		delivery.handled = true;
		this.settle(delivery);
	}

	private settle(delivery: Delivery): void {
		if (delivery.done || !delivery.handled || delivery.open > 0) return;
		delivery.done = true;
		if (delivery.key && this.unfinished.delete(delivery.key) && !isMessageKey(delivery.key)) {
			this.finishedAhead.add(delivery.key);
		}
		// The watermark: up to the oldest event whose executions have not all finished.
		while (this.queue[0]?.done) this.store.advance(this.queue.shift()!.after);
		// Nothing in flight: the position covers every finished event (one in a difference has no
		// position of its own until its slice ends, so keys are not dropped one by one).
		if (!this.queue.length) this.finishedAhead.clear();
		this.track();
	}

	private track(): void {
		this.store.track([...this.redeliver, ...this.unfinished], [...this.skip, ...this.finishedAhead]);
	}
}
