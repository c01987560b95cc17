// A test-only node that turns base64 into a binary property, so workflows can feed files to Tgl.
import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { createNodeTypes } from '../harness';
import { Tgl } from '../../nodes/Tgl/Tgl.node';
import { TGL } from './env';

/**
 * Attaches bytes (base64, from an expression per item) as binary property `property` ("data"),
 * keeping the item's json; an empty base64 attaches nothing (for "no file" cases).
 */
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
		properties: [
			{ displayName: 'Base64', name: 'base64', type: 'string', default: '' },
			{ displayName: 'Property', name: 'property', type: 'string', default: 'data' },
			{ displayName: 'File Name', name: 'fileName', type: 'string', default: 'file.bin' },
			{ displayName: 'MIME Type', name: 'mimeType', type: 'string', default: 'application/octet-stream' },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < this.getInputData().length; i++) {
			const base64 = this.getNodeParameter('base64', i) as string;
			const item: INodeExecutionData = { json: this.getInputData()[i].json, pairedItem: { item: i } };
			if (base64) {
				const [property, fileName, mimeType] = ['property', 'fileName', 'mimeType'].map((name) => this.getNodeParameter(name, i) as string);
				item.binary = { [property]: await this.helpers.prepareBinaryData(Buffer.from(base64, 'base64'), fileName, mimeType) };
			}
			out.push(item);
		}
		return [out];
	}
}

export const ATTACH = 'test.attachFile';
/** Node types with Tgl and the Attach File node, for workflows that send files. */
export const fileNodeTypes = createNodeTypes({ [TGL]: new Tgl(), [ATTACH]: new AttachFile() });
