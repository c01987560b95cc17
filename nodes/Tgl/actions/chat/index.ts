import type { INodeProperties } from 'n8n-workflow';
import type { ResourceOperations } from '../types';

export const chatOperations: ResourceOperations = {};

export const chatDescription: INodeProperties[] = [];
