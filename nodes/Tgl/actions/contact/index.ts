import type { INodeProperties } from 'n8n-workflow';
import type { ResourceOperations } from '../types';

export const contactOperations: ResourceOperations = {};

export const contactDescription: INodeProperties[] = [];
