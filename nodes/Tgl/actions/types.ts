import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { AccountClient } from '../transport/account-client';

/** One operation: its parameters and what it does for one item. */
export interface TglOperation {
	description: INodeProperties[];
	/** Runs on the API ID and hash alone (the login operations, which make a session): no account is connected for it. */
	withoutSession?: boolean;
	execute(this: IExecuteFunctions, itemIndex: number, account: AccountClient): Promise<INodeExecutionData[]>;
}

export type ResourceOperations = Record<string, TglOperation>;
