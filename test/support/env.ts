// What every node test needs: a loopback Telegram, our node types, credentials for an account,
// and small builders for workflow JSON.
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { IConnections, IDataObject, INode, INodeParameters } from 'n8n-workflow';
import { createNodeTypes, disposeHarness, runWorkflow, startTrigger } from '../harness';
import { LoopbackTelegram } from '../telegram/loopback';
import { Tgl } from '../../nodes/Tgl/Tgl.node';
import { TglTrigger } from '../../nodes/Tgl/TglTrigger.node';
import { clientPool } from '../../nodes/Tgl/transport/client-pool';

export const TGL = 'n8n-nodes-tgl.tgl';
export const TGL_TRIGGER = 'n8n-nodes-tgl.tglTrigger';

export const nodeTypes = createNodeTypes({ [TGL]: new Tgl(), [TGL_TRIGGER]: new TglTrigger() });

export interface Workflow {
	nodes: INode[];
	connections: IConnections;
}

let counter = 0;

/** A node of ours (or any type) with credentials attached. */
export function node(name: string, type: string, parameters: INodeParameters, extra: Partial<INode> = {}): INode {
	return {
		id: `n${++counter}`,
		name,
		type,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials: type.startsWith('n8n-nodes-tgl.') ? { tglApi: { id: '1', name: 'Telegram account' } } : undefined,
		...extra,
	};
}

/** Start (with these items) → each node in turn. */
export function chain(items: IDataObject[], ...nodes: INode[]): Workflow {
	const start = node('Start', 'test.start', { items: JSON.stringify(items) });
	const all = [start, ...nodes];
	const connections: IConnections = {};
	for (let k = 0; k + 1 < all.length; k++) {
		connections[all[k].name] = { main: [[{ node: all[k + 1].name, type: 'main', index: 0 }]] };
	}
	return { nodes: all, connections };
}

/** A trigger node followed by the given nodes. */
export function triggered(trigger: INode, ...nodes: INode[]): Workflow {
	const all = [trigger, ...nodes];
	const connections: IConnections = {};
	for (let k = 0; k + 1 < all.length; k++) {
		connections[all[k].name] = { main: [[{ node: all[k + 1].name, type: 'main', index: 0 }]] };
	}
	return { nodes: all, connections };
}

/** A Telegram TGL action node. */
export function tgl(name: string, resource: string, operation: string, parameters: INodeParameters = {}, extra: Partial<INode> = {}): INode {
	return node(name, TGL, { resource, operation, ...parameters }, extra);
}

/** A peer locator value in "By ID" mode (also takes expressions and Peer objects). */
export { byId, byUsername } from './locators';

export class TestEnv {
	private readonly sessions = new Map<number, Record<string, IDataObject>>();

	private constructor(readonly tg: LoopbackTelegram) {}

	static async start(): Promise<TestEnv> {
		// Secret-chat state files go to a temporary folder, never the user's ~/.n8n.
		process.env.TGL_STATE_DIR ??= mkdtempSync(join(tmpdir(), 'tgl-state-'));
		return new TestEnv(await LoopbackTelegram.start());
	}

	get world() {
		return this.tg.world;
	}

	get server() {
		return this.tg.server;
	}

	get faults() {
		return this.tg.server.faults;
	}

	/** n8n credentials (by credential type) that log in as the account: one session per account, like a user's. */
	async credentials(userId: number): Promise<Record<string, IDataObject>> {
		let creds = this.sessions.get(userId);
		if (!creds) {
			creds = { tglApi: { ...(await this.tg.credentialsFor(userId)) } as unknown as IDataObject };
			this.sessions.set(userId, creds);
		}
		return creds;
	}

	async run(workflow: Workflow, asUser: number) {
		return runWorkflow(workflow, { nodeTypes, credentials: await this.credentials(asUser) });
	}

	async trigger(workflow: Workflow, asUser: number, opts: { staticData?: IDataObject; mode?: 'trigger' | 'manual'; credentials?: Record<string, IDataObject> } = {}) {
		return startTrigger(workflow, {
			nodeTypes,
			credentials: opts.credentials ?? (await this.credentials(asUser)),
			triggerNode: workflow.nodes[0].name,
			staticData: opts.staticData,
			mode: opts.mode,
			// A lone trigger has nothing downstream to run.
			runDownstream: workflow.nodes.length > 1,
		});
	}

	async stop(): Promise<void> {
		await clientPool.closeAll();
		await this.tg.stop();
		// Under Jest the harness disposes itself after each file; the bench has to ask (n8n-core's
		// SSH client cleanup interval would keep the process alive forever).
		await disposeHarness();
	}
}

/** Waits until check() is true (polling), failing with `what` after timeoutMs. */
export { eventually } from './eventually';
