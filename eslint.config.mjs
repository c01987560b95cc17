// n8n's community-node lint (the rules n8n's verification runs), on what the package ships.
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import tseslint from 'typescript-eslint';

export default [
	{ ignores: ['dist/**', 'node_modules/**', '.cache/**', 'test/**', 'bench/**', 'scripts/**', 'examples/**', '**/*.test.ts'] },
	{
		files: ['**/*.ts'],
		languageOptions: { parser: tseslint.parser },
	},
	// The Cloud variant forbids runtime dependencies and Node globals: an MTProto client cannot
	// exist without GramJS, sockets and timers, so this pack targets self-hosted n8n.
	n8nCommunityNodesPlugin.configs.recommendedWithoutN8nCloudSupport,
	{
		// Below the nodes, errors stay what they are (GramJS RPC errors, plain Errors); the one
		// router and the trigger turn them into NodeApiError / NodeOperationError with the item
		// index (helpers/telegram-errors.ts). The login CLI is no node at all.
		files: ['nodes/Tgl/{transport,updates,helpers,tgl,cli,login}/**/*.ts'],
		rules: { '@n8n/community-nodes/require-node-api-error': 'off' },
	},
	{
		// The API hash and the session string are secrets (the session is a logged-in account);
		// the rule only knows names like "password" and "token".
		files: ['credentials/TglApi.credentials.ts'],
		rules: { '@n8n/community-nodes/credential-unnecessary-password': 'off' },
	},
];
