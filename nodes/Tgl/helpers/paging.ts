// n8n's Return All / Limit convention for list operations.
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

export function returnAllOrLimit(defaultLimit = 50): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			displayOptions: { show: { returnAll: [false] } },
			typeOptions: { minValue: 1 },
			default: defaultLimit,
			description: 'Max number of results to return',
		},
	];
}

/** How many results the item asked for: Infinity for Return All. */
export function wantedCount(ctx: IExecuteFunctions, i: number, defaultLimit = 50): number {
	if (ctx.getNodeParameter('returnAll', i, false) as boolean) return Infinity;
	return ctx.getNodeParameter('limit', i, defaultLimit) as number;
}
