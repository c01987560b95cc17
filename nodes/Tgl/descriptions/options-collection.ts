// The "Options" collection that holds an operation's optional fields (read with
// getNodeParameter('options', i, {})): one definition for every operation and the trigger.
import type { INodeProperties } from 'n8n-workflow';

export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options,
	};
}
