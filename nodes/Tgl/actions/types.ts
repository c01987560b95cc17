import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { AccountClient } from '../transport/account-client';

/** One operation: its parameters and what it does for one item. */
export interface TglOperation {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number, account: AccountClient): Promise<INodeExecutionData[]>;
}

export type ResourceOperations = Record<string, TglOperation>;
