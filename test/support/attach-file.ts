// A test-only node that turns base64 into a binary property, so workflows can feed files to Tgl.
import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { createNodeTypes } from '../harness';
import { Tgl } from '../../nodes/Tgl/Tgl.node';
import { TGL } from './env';

/** Attaches bytes (base64, from an expression per item) as binary property "data". */
class AttachFile implements INodeType {
	description: INodeType['description'] = {
		displayName: 'Attach File',
		name: 'attachFile',
		group: ['transform'],
		version: 1,
		description: 'Test helper: puts bytes into a binary property',
		defaults: { name: 'Attach File' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Base64', name: 'base64', type: 'string', default: '' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < this.getInputData().length; i++) {
			const bytes = Buffer.from(this.getNodeParameter('base64', i) as string, 'base64');
			out.push({ json: {}, binary: { data: await this.helpers.prepareBinaryData(bytes, 'file.bin', 'application/octet-stream') }, pairedItem: { item: i } });
		}
		return [out];
	}
}

export const ATTACH = 'test.attachFile';
/** Node types with Tgl and the Attach File node, for workflows that send files. */
export const fileNodeTypes = createNodeTypes({ [TGL]: new Tgl(), [ATTACH]: new AttachFile() });
