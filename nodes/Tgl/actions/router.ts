// The one place that loops over items, picks the operation, and handles errors, Continue On
// Fail and pairedItem. Operations only do their one thing for one item.
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { withUsernameConfirmations } from '../helpers/username-confirmations';
import { redact, toNodeError } from '../helpers/telegram-errors';
import { PeerInputError } from '../helpers/resolve-peer';
import type { AccountClient } from '../transport/account-client';
import { clientPool } from '../transport/client-pool';
import { secretsOf, toTglCredentials } from '../transport/credentials';
import { withCallOptions } from '../transport/call-options';
import { callOptions } from './options';
import { operations } from './operations';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return withUsernameConfirmations(() => runItems.call(this));
}

function operationOf(ctx: IExecuteFunctions, i: number) {
	return operations[ctx.getNodeParameter('resource', i) as string]?.[ctx.getNodeParameter('operation', i) as string];
}

async function runItems(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const credentials = toTglCredentials(await this.getCredentials('tglApi'));
	const secrets = secretsOf(credentials);
	const node = this.getNode();
	// The login operations make the session, so they run without one (resource and operation
	// are the same for every item: they take no expressions).
	const withoutSession = items.length > 0 && operationOf(this, 0)?.withoutSession === true;
	let account: AccountClient | undefined;
	try {
		if (!withoutSession) account = await clientPool.acquire(credentials);
	} catch (error) {
		throw toNodeError(node, error, undefined, secrets);
	}
	const out: INodeExecutionData[] = [];
	try {
		for (let i = 0; i < items.length; i++) {
			try {
				const resource = this.getNodeParameter('resource', i) as string;
				const operation = this.getNodeParameter('operation', i) as string;
				const op = operations[resource]?.[operation];
				if (!op) throw new NodeOperationError(node, `The operation "${operation}" of "${resource}" is not known`, { itemIndex: i });
				if (!account && !op.withoutSession) throw new NodeOperationError(node, 'Log-in operations cannot be mixed with others in one node', { itemIndex: i });
				const results = await withCallOptions(callOptions(this, i), () => op.execute.call(this, i, account as AccountClient));
				out.push(...this.helpers.constructExecutionMetaData(results, { itemData: { item: i } }));
			} catch (error) {
				const nodeError =
					error instanceof PeerInputError
						? new NodeOperationError(node, redact(error.message, secrets), { itemIndex: i, description: `Item ${i}` })
						: toNodeError(node, error, i, secrets);
				if (this.continueOnFail()) {
					const item: INodeExecutionData = { json: { error: nodeError.message, description: nodeError.description ?? null }, pairedItem: { item: i } };
					// `error` on the item is what sends it to the error output under "Continue (using error output)".
					if (node.onError === 'continueErrorOutput') item.error = nodeError;
					out.push(item);
					continue;
				}
				throw nodeError;
			}
		}
	} finally {
		if (account) clientPool.release(account);
	}
	return [out];
}
