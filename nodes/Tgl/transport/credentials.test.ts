import { NodeOperationError } from 'n8n-workflow';
import { toNodeError } from '../helpers/telegram-errors';
import { secretsOf, toTglCredentials } from './credentials';

const NODE = { id: '1', name: 'Tgl', type: 'n8n-nodes-tgl.tgl', typeVersion: 1, position: [0, 0], parameters: {} } as never;
const BASE = { apiId: 1, apiHash: '0123456789abcdef0123456789abcdef', session: '1AaBbCcDdEeFfGgHhIiJjKkLl==' };

describe('secretsOf', () => {
	it('names the session, the API hash and the SOCKS5 proxy password; errors that quote them are cut', () => {
		const creds = toTglCredentials({ ...BASE, proxyType: 'socks5', proxyHost: '10.0.0.1', proxyUsername: 'me', proxyPassword: 'hunter' });
		expect(secretsOf(creds)).toEqual([BASE.session, BASE.apiHash, 'hunter']);
		const error = toNodeError(NODE, new Error('proxy 10.0.0.1 refused me:hunter'), 2, secretsOf(creds));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('proxy 10.0.0.1 refused me:[redacted]');
	});

	it('names the MTProxy secret and the 16-byte key inside a dd/ee secret', () => {
		const secret = 'ee0123456789abcdef0123456789abcdef6578616d706c652e636f6d';
		const creds = toTglCredentials({ ...BASE, proxyType: 'mtproxy', proxyHost: 'proxy.example', proxyPort: 443, proxySecret: ` ${secret} ` });
		expect(secretsOf(creds)).toEqual([BASE.session, BASE.apiHash, secret, '0123456789abcdef0123456789abcdef']);
		const text = toNodeError(NODE, new Error(`bad link tg://proxy?secret=${secret}; key 0123456789abcdef0123456789abcdef`), 0, secretsOf(creds)).message;
		expect(text).toBe('bad link tg://proxy?secret=[redacted]; key [redacted]');
	});

	it('without a proxy, only the session and the API hash', () => {
		expect(secretsOf(toTglCredentials({ ...BASE, proxyType: 'none', proxyPassword: 'left over' }))).toEqual([BASE.session, BASE.apiHash]);
	});
});
