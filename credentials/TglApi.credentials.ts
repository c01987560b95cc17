import type { ICredentialType, INodeProperties } from 'n8n-workflow';

// An MTProto user session: the app's API id/hash and the session string printed by the login CLI.
// There is no HTTP endpoint to test, so the nodes provide a credentialTest that calls getMe.
export class TglApi implements ICredentialType {
	name = 'tglApi';

	displayName = 'Telegram MTProto (TGL) API';

	documentationUrl = 'https://core.telegram.org/api/obtaining_api_id';

	icon = { light: 'file:../icons/tgl.svg', dark: 'file:../icons/tgl.dark.svg' } as const;

	properties: INodeProperties[] = [
		{
			displayName: 'API ID',
			name: 'apiId',
			type: 'number',
			default: 0,
			required: true,
			description: 'The api_id of your Telegram application (my.telegram.org → API development tools)',
		},
		{
			displayName: 'API Hash',
			name: 'apiHash',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The api_hash of your Telegram application',
		},
		{
			displayName: 'Session',
			name: 'session',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'The session string from the node\'s Account → Log In operations or `npx n8n-nodes-tgl login`. Leave it empty only to run those Log In operations. It grants full access to the account: keep it secret.',
		},
		{
			displayName: 'Server Host',
			name: 'serverHost',
			type: 'string',
			default: '',
			placeholder: '127.0.0.1',
			description:
				'Leave empty for Telegram. Set it to reach a self-hosted or test MTProto server instead of the address in the session.',
		},
		{
			displayName: 'Server Port',
			name: 'serverPort',
			type: 'number',
			default: 0,
			description: 'Port of the server override (0 = 443 for the session\'s own server)',
		},
		{
			displayName: 'Proxy',
			name: 'proxyType',
			type: 'options',
			default: 'none',
			options: [
				{ name: 'None', value: 'none' },
				{ name: 'SOCKS5', value: 'socks5' },
				{ name: 'MTProxy', value: 'mtproxy' },
			],
			description: 'Reach Telegram through a proxy, where it is blocked',
		},
		{
			displayName: 'Proxy Host',
			name: 'proxyHost',
			type: 'string',
			default: '',
			displayOptions: { show: { proxyType: ['socks5', 'mtproxy'] } },
		},
		{
			displayName: 'Proxy Port',
			name: 'proxyPort',
			type: 'number',
			default: 1080,
			displayOptions: { show: { proxyType: ['socks5', 'mtproxy'] } },
		},
		{
			displayName: 'Proxy Username',
			name: 'proxyUsername',
			type: 'string',
			default: '',
			displayOptions: { show: { proxyType: ['socks5'] } },
		},
		{
			displayName: 'Proxy Password',
			name: 'proxyPassword',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { proxyType: ['socks5'] } },
		},
		{
			displayName: 'Proxy Secret',
			name: 'proxySecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { proxyType: ['mtproxy'] } },
			description: 'The MTProxy secret (hex, as in the tg://proxy link)',
		},
	];
}
