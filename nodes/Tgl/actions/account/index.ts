import type { INodeProperties } from 'n8n-workflow';
import type { ResourceOperations } from '../types';

export const accountOperations: ResourceOperations = {};

export const accountDescription: INodeProperties[] = [];
