import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

/** Plain tgl objects as n8n items (the mappers already return plain JSON). */
export function jsonItems(data: object | object[]): INodeExecutionData[] {
	return (Array.isArray(data) ? data : [data]).map((json) => ({ json: json as IDataObject }));
}

/** `{success: true}` as a new item each time: later nodes may change one item's json in place. */
export function success(): INodeExecutionData[] {
	return [{ json: { success: true } }];
}
