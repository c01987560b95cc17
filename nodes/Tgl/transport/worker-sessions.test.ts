import { sessionForProcess, sessionSlot, workerSessionsOf } from './worker-sessions';
import { toTglCredentials } from './credentials';
import { toNodeError } from '../helpers/telegram-errors';
import { RPCError } from 'telegram/errors';

const data = { apiId: 1, apiHash: 'h'.repeat(32), session: 'MAIN-SESSION', workerSessions: ' W1-SESSION \r\n\nW2-SESSION\n' };

describe('worker sessions', () => {
	it('takes line k of Worker Sessions when TGL_SESSION_SLOT=k, the Session field otherwise', () => {
		expect(workerSessionsOf(data)).toEqual(['W1-SESSION', 'W2-SESSION']);
		expect(sessionForProcess(data, {})).toEqual({ session: 'MAIN-SESSION', slot: 0 });
		expect(sessionForProcess(data, { TGL_SESSION_SLOT: '' })).toEqual({ session: 'MAIN-SESSION', slot: 0 });
		expect(sessionForProcess(data, { TGL_SESSION_SLOT: '1' })).toEqual({ session: 'W1-SESSION', slot: 1 });
		expect(sessionForProcess(data, { TGL_SESSION_SLOT: ' 2 ' })).toEqual({ session: 'W2-SESSION', slot: 2 });
	});

	it('names the missing line and the slot rule, without any session string', () => {
		let message = '';
		try {
			sessionForProcess(data, { TGL_SESSION_SLOT: '3' });
		} catch (error) {
			message = (error as Error).message;
		}
		expect(message).toMatch(/^TGL_SESSION_SLOT=3 but the credential's Worker Sessions has 2 lines: add a session made with `npx n8n-nodes-tgl login` as line 3/);
		expect(message).toContain('a worker started with TGL_SESSION_SLOT=k uses line k of the Worker Sessions field');
		for (const s of ['MAIN-SESSION', 'W1-SESSION', 'W2-SESSION']) expect(message).not.toContain(s);
		expect(() => sessionForProcess({ ...data, workerSessions: '' }, { TGL_SESSION_SLOT: '1' })).toThrow(/has 0 lines/);
	});

	it('tells the slot rule in the same words as the AUTH_KEY_DUPLICATED error', () => {
		const rule = (message: string) => message.slice(message.indexOf('each n8n process'));
		const slotError = rule((() => {
			try {
				sessionForProcess(data, { TGL_SESSION_SLOT: '3' });
			} catch (error) {
				return (error as Error).message;
			}
			return '';
		})());
		const node = { id: 'n', name: 'Tgl', type: 'n8n-nodes-tgl.tgl', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };
		const duplicated = rule(toNodeError(node, new RPCError('AUTH_KEY_DUPLICATED', undefined as never, 406), 0, []).message);
		expect(slotError).not.toBe('');
		expect(duplicated.startsWith(slotError)).toBe(true);
	});

	it('refuses a slot that is no line number', () => {
		for (const raw of ['0', '-1', 'one', '1.5']) expect(() => sessionSlot({ TGL_SESSION_SLOT: raw })).toThrow(/must be a line number/);
	});

	it('is what the nodes connect with', () => {
		const previous = process.env.TGL_SESSION_SLOT;
		process.env.TGL_SESSION_SLOT = '2';
		try {
			expect(toTglCredentials(data)).toMatchObject({ session: 'W2-SESSION', sessionSlot: 2 });
		} finally {
			if (previous === undefined) delete process.env.TGL_SESSION_SLOT;
			else process.env.TGL_SESSION_SLOT = previous;
		}
		expect(toTglCredentials(data)).toMatchObject({ session: 'MAIN-SESSION', sessionSlot: 0 });
	});
});
