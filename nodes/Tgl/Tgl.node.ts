import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { operationProperties, resourceProperty } from './actions/operations';
import { requestSettings } from './actions/options';
import { router } from './actions/router';
import { tglApiTest } from './methods/credentialTest';
import { searchPeers } from './methods/searchPeers';

export class Tgl implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Telegram TGL',
		name: 'tgl',
		icon: { light: 'file:../../icons/tgl.svg', dark: 'file:../../icons/tgl.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["resource"] + ": " + $parameter["operation"]}}',
		description: 'Act as your own Telegram user account (MTProto): the tgl API as n8n operations',
		defaults: { name: 'Telegram TGL' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'tglApi', required: true, testedBy: 'tglApiTest' }],
		properties: [resourceProperty, ...operationProperties, requestSettings],
	};

	methods = {
		listSearch: { searchPeers },
		credentialTest: { tglApiTest },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}
}
