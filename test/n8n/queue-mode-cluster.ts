// n8n 2.8.4 in queue mode on one host: a throwaway Redis, a main (`n8n start`: editor, webhooks,
// triggers) and workers (`n8n worker`: executions) sharing one user folder, so one database,
// encryption key and installed pack. Each process has its own ports. Used by the queue-mode tests
// and by `npm run bench`.
import { randomBytes, randomUUID } from 'crypto';
import { n8nModule, query } from './n8n-db';
import { N8nInstance, type N8nWorkflow } from './n8n-instance';
import { RedisServer } from './redis';
import type { CredentialRef, NodeJson } from './workflows';

export interface ClusterOptions {
	/** Environment for every process (e.g. TGL_POOL_IDLE_SECONDS). */
	env?: Record<string, string>;
	/** Environment of worker k (0-based), e.g. TGL_SESSION_SLOT. */
	workerEnv?: (k: number) => Record<string, string>;
	concurrency?: number;
}

/** What every process of the cluster needs besides its own ports. */
export function queueEnv(redisPort: number, encryptionKey: string): Record<string, string> {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redisPort),
		// One key for all: each process decrypts the credential main imported.
		N8N_ENCRYPTION_KEY: encryptionKey,
		// Binary data must travel between processes: in the database (queue mode's default, said out loud).
		N8N_DEFAULT_BINARY_DATA_MODE: 'database',
		// A killed worker's job is found stalled (and its execution failed) once its lock lapses:
		// 15 s instead of 60, checked every 5 s instead of 30, so the test need not wait minutes.
		QUEUE_WORKER_LOCK_DURATION: '15000',
		QUEUE_WORKER_LOCK_RENEW_TIME: '5000',
		QUEUE_WORKER_STALLED_INTERVAL: '5000',
	};
}

export class QueueCluster {
	readonly workers: N8nInstance[] = [];

	private constructor(
		readonly redis: RedisServer,
		readonly main: N8nInstance,
		private readonly options: ClusterOptions,
		private readonly sharedEnv: Record<string, string>,
	) {}

	/** Redis up, the main's user folder made and the pack installed; nothing of n8n running yet. */
	static async create(options: ClusterOptions = {}): Promise<QueueCluster> {
		const redis = await RedisServer.start();
		const sharedEnv = { ...queueEnv(redis.port, randomBytes(24).toString('hex')), ...options.env };
		const main = await N8nInstance.create({ env: sharedEnv });
		main.installPack();
		return new QueueCluster(redis, main, options, sharedEnv);
	}

	/** Starts worker k (a new one when k is the next index); resolves when it is ready for jobs. */
	async startWorker(k: number, env: Record<string, string> = {}): Promise<N8nInstance> {
		let worker = this.workers[k];
		if (!worker || Object.keys(env).length) {
			worker = await N8nInstance.create({
				userFolder: this.main.userFolder,
				worker: { concurrency: this.options.concurrency ?? 10 },
				env: { ...this.sharedEnv, ...this.options.workerEnv?.(k), ...env },
			});
			this.workers[k] = worker;
		}
		await worker.start();
		return worker;
	}

	/** Ends every process and Redis. */
	async stop(): Promise<void> {
		try {
			await Promise.all(this.workers.map((w) => w.stop()));
			await this.main.dispose();
		} finally {
			await this.redis.stop();
		}
	}
}

/** Execution ids a worker says it started ("Worker started execution 12 (job 3)"). */
export function executionsStartedBy(worker: N8nInstance): number[] {
	return [...worker.log.matchAll(/Worker started execution (\d+) \(job/g)].map((m) => Number(m[1]));
}

/** Execution ids a worker says it finished. */
export function executionsFinishedBy(worker: N8nInstance): number[] {
	return [...worker.log.matchAll(/Worker finished execution (\d+) \(job/g)].map((m) => Number(m[1]));
}

/** A GET webhook at /webhook/<path> that answers at once and hands the query to the next node. */
export function webhookNode(name: string, webhookPath: string): NodeJson & { webhookId: string } {
	return {
		id: randomUUID(),
		name,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2.1,
		position: [0, 0],
		webhookId: randomUUID(),
		parameters: { httpMethod: 'GET', path: webhookPath, responseMode: 'onReceived', options: {} },
	};
}

/** Calls main's production webhook; resolves with the HTTP status. */
export async function callWebhook(main: N8nInstance, webhookPath: string, query: Record<string, string>): Promise<number> {
	const url = `${main.url}/webhook/${webhookPath}?${new URLSearchParams(query).toString()}`;
	const res = await fetch(url, { signal: AbortSignal.timeout(60_000) });
	await res.arrayBuffer();
	return res.status;
}

export type { CredentialRef, N8nWorkflow };

/** Execution id → status of a workflow's executions. */
export async function executionStatuses(n8n: N8nInstance, workflowId: string): Promise<Map<number, string>> {
	const rows = await query(n8n, 'SELECT id, status FROM execution_entity WHERE workflowId = ? ORDER BY id', [workflowId]);
	return new Map(rows.map((r) => [Number(r.id), String(r.status)]));
}

/** The error n8n stored for an execution (resultData.error: message — description). */
export async function executionError(n8n: N8nInstance, executionId: number): Promise<string | undefined> {
	const [row] = await query(n8n, 'SELECT data FROM execution_data WHERE executionId = ?', [executionId]);
	if (!row?.data) return undefined;
	const data = n8nModule<{ parse(text: string): unknown }>('flatted').parse(String(row.data)) as {
		resultData?: { error?: { message?: string; description?: string } };
	};
	const error = data.resultData?.error;
	return error ? [error.message, error.description].filter(Boolean).join(' — ') : undefined;
}
