// IWorkflowExecuteAdditionalData: what n8n's CLI builds per execution (WorkflowExecuteAdditionalData
// .getBase() + lifecycle hooks), reduced to what a community node can reach.
import { Container } from '@n8n/di';
import { ExecutionLifecycleHooks, ExternalSecretsProxy } from 'n8n-core';
import type {
	ICredentialsHelper,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';

const BASE_URL = 'http://localhost:5678';
let executionCounter = 0;

/** n8n gets execution ids from its database; binary data is stored under them. */
export const nextExecutionId = () => String(++executionCounter);

export function createHooks(mode: WorkflowExecuteMode, executionId: string, workflowData: IWorkflowBase) {
	return new ExecutionLifecycleHooks(mode, executionId, workflowData);
}

/** Without `execution`, this is what active triggers get: no execution id and no hooks. */
export function createAdditionalData(
	credentialsHelper: ICredentialsHelper,
	execution?: { executionId: string; hooks: ExecutionLifecycleHooks },
): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper,
		executionId: execution?.executionId,
		hooks: execution?.hooks,
		currentNodeExecutionIndex: 0,
		restApiUrl: `${BASE_URL}/rest`,
		instanceBaseUrl: `${BASE_URL}/`,
		formWaitingBaseUrl: `${BASE_URL}/form-waiting`,
		webhookBaseUrl: `${BASE_URL}/webhook`,
		webhookWaitingBaseUrl: `${BASE_URL}/webhook-waiting`,
		webhookTestBaseUrl: `${BASE_URL}/webhook-test`,
		variables: {},
		externalSecretsProxy: Container.get(ExternalSecretsProxy),
		executeWorkflow: async () => {
			throw new Error('The test harness does not run sub-workflows (Execute Workflow node)');
		},
		getRunExecutionData: async () => undefined,
		logAiEvent: () => {},
		startRunnerTask: async () => {
			throw new Error('The test harness has no task runner (Code node)');
		},
	};
}
