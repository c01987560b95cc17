// Reads what n8n kept in its SQLite database (after `n8n start` stopped: the file is n8n's while
// it runs), with n8n's own sqlite3 and flatted modules from the cached install.
import * as path from 'path';
import { installedN8n, type N8nInstance } from './n8n-instance';

interface Sqlite3Db {
	all(sql: string, params: unknown[], cb: (err: Error | null, rows: Array<Record<string, unknown>>) => void): void;
	close(cb: (err: Error | null) => void): void;
}
interface Sqlite3Module {
	OPEN_READONLY: number;
	Database: new (file: string, mode: number, cb: (err: Error | null) => void) => Sqlite3Db;
}

/** A module from the cached n8n install (its own sqlite3, flatted). */
export function n8nModule<T>(name: string): T {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return require(path.join(installedN8n().nodeModules, name)) as T;
}

/** A read-only query on n8n's database: after it stopped, or while it runs (sqlite in WAL mode lets readers in). */
export async function query(n8n: N8nInstance, sql: string, params: unknown[] = []): Promise<Array<Record<string, unknown>>> {
	const sqlite3 = n8nModule<Sqlite3Module>('sqlite3');
	const file = path.join(n8n.userFolder, '.n8n', 'database.sqlite');
	const db = await new Promise<Sqlite3Db>((resolve, reject) => {
		const opened = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (err) => (err ? reject(err) : resolve(opened)));
	});
	try {
		return await new Promise((resolve, reject) => db.all(sql, params, (err, rows) => (err ? reject(err) : resolve(rows))));
	} finally {
		await new Promise<void>((resolve) => db.close(() => resolve()));
	}
}

export interface ExecutionSummary {
	id: number;
	status: string;
	mode: string;
	/** The text of the first item of the node named "Reply", if it ran. */
	replyText?: string;
}

/** The executions of a workflow, oldest first, with the text the "Reply" node sent. */
export async function readExecutions(n8n: N8nInstance, workflowId: string): Promise<ExecutionSummary[]> {
	const { parse } = n8nModule<{ parse(text: string): unknown }>('flatted');
	const rows = await query(
		n8n,
		'SELECT e.id, e.status, e.mode, d.data FROM execution_entity e LEFT JOIN execution_data d ON d.executionId = e.id WHERE e.workflowId = ? ORDER BY e.id',
		[workflowId],
	);
	return rows.map((row) => {
		const data = row.data ? (parse(String(row.data)) as { resultData?: { runData?: Record<string, Array<{ data?: { main: Array<Array<{ json: { text?: string } }>> } }>> } }) : undefined;
		const reply = data?.resultData?.runData?.Reply?.[0]?.data?.main?.[0]?.[0]?.json;
		return { id: Number(row.id), status: String(row.status), mode: String(row.mode), replyText: reply?.text };
	});
}

/** The workflow's static data as n8n saved it (the trigger's cursor lives under "node:<name>"). */
export async function readStaticData(n8n: N8nInstance, workflowId: string): Promise<Record<string, unknown> | null> {
	const [row] = await query(n8n, 'SELECT staticData FROM workflow_entity WHERE id = ?', [workflowId]);
	if (!row?.staticData) return null;
	return typeof row.staticData === 'string' ? (JSON.parse(row.staticData) as Record<string, unknown>) : (row.staticData as Record<string, unknown>);
}
