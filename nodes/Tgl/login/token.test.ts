import { LoginFailure } from './errors';
import { openLoginToken, sealLoginToken, type LoginState } from './token';

const HASH = '0123456789abcdef0123456789abcdef';
const state: LoginState = { kind: 'code', session: '1AAAsecret-session', apiId: 7, phone: '+447700900001', phoneCodeHash: 'abc', expires: 2_000_000_000 };

describe('login token', () => {
	it('opens to the state it was sealed from, with the same API hash', () => {
		expect(openLoginToken(sealLoginToken(state, HASH), HASH, 1_000)).toEqual(state);
	});

	it('shows nothing of the session, phone or hash, and differs each time', () => {
		const a = sealLoginToken(state, HASH);
		const b = sealLoginToken(state, HASH);
		expect(a).not.toEqual(b);
		for (const secret of ['secret-session', '447700900001', HASH]) expect(a).not.toContain(secret);
		expect(Buffer.from(a.split('.')[1], 'base64url').toString('latin1')).not.toContain('secret');
	});

	it('refuses another API hash, a changed byte, a cut token, and an expired one', () => {
		const token = sealLoginToken(state, HASH);
		expect(() => openLoginToken(token, 'f'.repeat(32), 1_000)).toThrow(LoginFailure);
		const bytes = Buffer.from(token.split('.')[1], 'base64url');
		bytes[bytes.length - 1] ^= 1;
		expect(() => openLoginToken(`tgl-login-1.${bytes.toString('base64url')}`, HASH, 1_000)).toThrow(/not one this node made/);
		expect(() => openLoginToken(token.slice(0, 30), HASH, 1_000)).toThrow(/not one this node made/);
		expect(() => openLoginToken('hello', HASH, 1_000)).toThrow(/not one this node made/);
		expect(() => openLoginToken(token, HASH, 2_000_000_000)).toThrow(/has expired/);
	});
});
