import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { CallOptions } from '../transport/call-options';

/** Settings every call of the action node honours. */
export const requestSettings: INodeProperties = {
	displayName: 'Request Settings',
	name: 'requestSettings',
	type: 'collection',
	placeholder: 'Add Setting',
	default: {},
	options: [
		{
			displayName: 'Wait Out Rate Limits Up To (Seconds)',
			name: 'floodWaitMaxSeconds',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 10,
			description:
				'When Telegram answers FLOOD_WAIT_X with X up to this many seconds, wait and retry; a longer wait fails the item with the wait in the error',
		},
	],
};

/** The item's Request Settings; the router runs the item with them (transport/call-options). */
export function callOptions(ctx: IExecuteFunctions, itemIndex: number): CallOptions {
	const settings = ctx.getNodeParameter('requestSettings', itemIndex, {}) as { floodWaitMaxSeconds?: number };
	return { floodWaitMaxSeconds: settings.floodWaitMaxSeconds ?? 10 };
}
