import type { IDataObject, ITriggerFunctions, ITriggerResponse, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { toNodeError } from './helpers/telegram-errors';
import { tglApiTest } from './methods/credentialTest';
import { clientPool } from './transport/client-pool';
import { secretsOf, toTglCredentials } from './transport/credentials';
import { triggerProperties, type TglEventName, type TriggerOptions } from './trigger/options';
import { TriggerRun } from './trigger/trigger-run';
import { engineFor } from './updates/registry';

export class TglTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Telegram TGL Trigger',
		name: 'tglTrigger',
		icon: { light: 'file:../../icons/tgl.svg', dark: 'file:../../icons/tgl.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description: 'Starts a workflow on the tgl callbacks of your own Telegram account (MTProto), resuming where it stopped after a restart',
		defaults: { name: 'Telegram TGL Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'tglApi', required: true, testedBy: 'tglApiTest' }],
		properties: triggerProperties,
	};

	methods = {
		credentialTest: { tglApiTest },
	};

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		const events = new Set(this.getNodeParameter('events', []) as TglEventName[]);
		const options = this.getNodeParameter('options', {}) as TriggerOptions;
		const credentials = toTglCredentials(await this.getCredentials('tglApi'));
		let account;
		try {
			account = await clientPool.acquire(credentials);
		} catch (error) {
			throw toNodeError(this.getNode(), error, undefined, secretsOf(credentials));
		}
		const active = this.getMode() === 'trigger';
		const staticData = this.getWorkflowStaticData('node') as IDataObject;
		// The editor's one-off listening saves no position: nothing to hold back there.
		const advanceWhen = active ? (options.advancePositionWhen ?? 'executionFinished') : 'emitted';
		const run = new TriggerRun(this, account, engineFor(account), events, options, staticData, active, advanceWhen);
		const stop = async () => {
			run.close();
			clientPool.release(account);
		};
		if (active) {
			// Emitting happens after trigger() returns, never inside it.
			setImmediate(() => void run.start());
			return { closeFunction: stop };
		}
		return {
			closeFunction: stop,
			manualTriggerFunction: async () => {
				setImmediate(() => void run.start());
			},
		};
	}
}
