// A credentials helper shaped like n8n's CLI one: credentials are stored encrypted (n8n-core's
// Credentials + Cipher with the instance's encryption key), decrypted per request, completed with
// the credential type's defaults and their `={{ }}` expressions resolved.
import { Credentials, getAdditionalKeys } from 'n8n-core';
import { ICredentialsHelper, NodeHelpers, Workflow } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialsExpressionResolveValues,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
	INodeTypes,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';

export interface CredentialsInput {
	/** Decrypted credential data by credential type name, e.g. { tglApi: { apiId: 1 } }. */
	credentials?: Record<string, ICredentialDataDecryptedObject | IDataObject>;
	/** Credential type definitions: enable defaults, `extends` and `authenticate`. */
	credentialTypes?: ICredentialType[];
}

/** The id the harness gives a node's credential when the workflow JSON leaves it out. */
export const credentialIdFor = (type: string) => `harness-${type}`;

export class HarnessCredentialsHelper extends ICredentialsHelper {
	private readonly stored = new Map<string, string>();
	private readonly types = new Map<string, ICredentialType>();

	constructor(
		input: CredentialsInput,
		private readonly nodeTypes: INodeTypes,
	) {
		super();
		for (const type of input.credentialTypes ?? []) this.types.set(type.name, type);
		for (const [type, data] of Object.entries(input.credentials ?? {})) {
			this.store(type, data as ICredentialDataDecryptedObject);
		}
	}

	getParentTypes(name: string): string[] {
		const parents = this.types.get(name)?.extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		const own = this.types.get(type)?.properties ?? [];
		const inherited = (this.types.get(type)?.extends ?? []).flatMap((p) => this.getCredentialsProperties(p));
		// Own properties win over inherited ones with the same name.
		const names = new Set(own.map((p) => p.name));
		return [...inherited.filter((p) => !names.has(p.name)), ...own];
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		const encrypted = this.stored.get(type);
		if (encrypted === undefined) {
			const known = [...this.stored.keys()].join(', ') || 'none';
			throw new Error(
				`Credential "${nodeCredentials.name}" of type "${type}" is not given to the harness (known: ${known})`,
			);
		}
		return new Credentials({ id: nodeCredentials.id ?? credentialIdFor(type), name: nodeCredentials.name }, type, encrypted);
	}

	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		_executeData?: unknown,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const data = (await this.getCredentials(nodeCredentials, type)).getData();
		if (raw) return data;
		const withDefaults = (NodeHelpers.getNodeParameters(
			this.getCredentialsProperties(type),
			data as INodeParameters,
			true,
			false,
			null,
			null,
		) ?? {}) as ICredentialDataDecryptedObject;
		// Keep fields the type does not declare (or every field when the type is not registered).
		const merged = { ...data, ...withDefaults };
		return this.resolveExpressions(merged, additionalData, mode, expressionResolveValues);
	}

	async updateCredentials(_node: INodeCredentialsDetails, type: string, data: ICredentialDataDecryptedObject) {
		this.store(type, data);
	}

	async updateCredentialsOauthTokenData(
		node: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	) {
		this.store(type, data);
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow: Workflow,
		node: INode,
	): Promise<IHttpRequestOptions> {
		const options = requestOptions as IHttpRequestOptions;
		const authenticate = this.types.get(typeName)?.authenticate;
		if (typeof authenticate === 'function') return await authenticate(credentials, options);
		if (authenticate?.type !== 'generic') return options;
		// Generic auth: copy each `={{$credentials.x}}` template into headers/qs/body/auth.
		const target = options as unknown as Record<string, IDataObject | undefined>;
		for (const [section, fields] of Object.entries(authenticate.properties)) {
			const resolved: IDataObject = { ...(target[section] ?? {}) };
			for (const [key, value] of Object.entries(fields as IDataObject)) {
				resolved[this.resolveTemplate(key, credentials, workflow, node)] =
					typeof value === 'string' ? this.resolveTemplate(value, credentials, workflow, node) : value;
			}
			target[section] = resolved;
		}
		return options;
	}

	async preAuthentication(
		_helpers: IHttpRequestHelper,
		_credentials: ICredentialDataDecryptedObject,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined; // Token-refreshing credential types are not emulated.
	}

	private store(type: string, data: ICredentialDataDecryptedObject) {
		const credentials = new Credentials({ id: credentialIdFor(type), name: type }, type);
		credentials.setData(data);
		this.stored.set(type, credentials.getDataToSave().data as string);
	}

	private resolveTemplate(value: string, credentials: ICredentialDataDecryptedObject, workflow: Workflow, node: INode) {
		if (!value.startsWith('=')) return value;
		const result = workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials });
		return result === undefined || result === null ? '' : String(result);
	}

	private resolveExpressions(
		data: ICredentialDataDecryptedObject,
		additionalData: IWorkflowExecuteAdditionalData,
		mode: WorkflowExecuteMode,
		context?: ICredentialsExpressionResolveValues,
	): ICredentialDataDecryptedObject {
		const hasExpression = Object.values(data).some((v) => typeof v === 'string' && v.startsWith('='));
		if (!hasExpression) return data;
		const additionalKeys = getAdditionalKeys(additionalData, mode, context?.runExecutionData ?? null);
		if (context) {
			return context.workflow.expression.getParameterValue(
				data as INodeParameters,
				context.runExecutionData,
				context.runIndex,
				context.itemIndex,
				context.node.name,
				context.connectionInputData,
				mode,
				additionalKeys,
				undefined,
				false,
				data,
			) as ICredentialDataDecryptedObject;
		}
		// No execution around (e.g. a trigger starting): resolve against an empty workflow.
		const workflow = new Workflow({ nodes: [], connections: {}, active: false, nodeTypes: this.nodeTypes });
		const node: INode = { id: 'credentials', name: 'credentials', type: 'credentials', typeVersion: 1, position: [0, 0], parameters: {} };
		return workflow.expression.getComplexParameterValue(
			node,
			data as INodeParameters,
			mode,
			additionalKeys,
			undefined,
			undefined,
			data,
		) as ICredentialDataDecryptedObject;
	}
}
