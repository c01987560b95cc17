// The credential's proxy settings reach GramJS: calls go through a SOCKS5 proxy.
import { byUsername, chain, TestEnv, tgl } from './support/env';
import { Socks5Proxy } from './support/socks5-proxy';
import { runWorkflow } from './harness';
import { nodeTypes } from './support/env';

describe('proxy', () => {
	let env: TestEnv;
	let proxy: Socks5Proxy;

	beforeAll(async () => {
		env = await TestEnv.start();
		proxy = await Socks5Proxy.start({ username: 'n8n', password: 'proxy-pass' });
	});

	afterAll(async () => {
		await env.stop();
		await proxy.stop();
	});

	it('sends through a SOCKS5 proxy with user and password', async () => {
		const alice = env.world.addUser({ firstName: 'Alice' });
		const bob = env.world.addUser({ firstName: 'Bob', username: 'bob_proxy' });
		const creds = { ...(await env.tg.credentialsFor(alice.id)), proxyType: 'socks5', proxyHost: '127.0.0.1', proxyPort: proxy.port, proxyUsername: 'n8n', proxyPassword: 'proxy-pass' };
		const run = await runWorkflow(chain([{}], tgl('Send', 'peer', 'sendMsg', { peer: byUsername('@bob_proxy'), text: 'via proxy' })), {
			nodeTypes,
			credentials: { tglApi: creds },
		});
		expect(run.error).toBeUndefined();
		expect(proxy.connects).toEqual([`127.0.0.1:${env.tg.port}`]);
		expect(env.world.history(bob.id, { userId: alice.id })[0].text).toBe('via proxy');
	});
});
