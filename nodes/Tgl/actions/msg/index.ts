import type { INodeProperties } from 'n8n-workflow';
import type { ResourceOperations } from '../types';

export const msgOperations: ResourceOperations = {};

export const msgDescription: INodeProperties[] = [];
