import { spawn } from 'child_process';
import { randomBytes } from 'crypto';
import { mkdtemp, readdir, readFile, writeFile } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import { SecretChat } from './chat';
import { TELEGRAM_DH_PRIME } from './dh';
import { SecretChatError } from './errors';
import type { DecryptedMessage } from './schema';
import { decodeState, encodeState, openState, sealState, stateDir, stateFileName, stateKey, StateFile } from './state-file';

const reason = async (fn: () => unknown) => {
	try {
		await fn();
		return 'accepted';
	} catch (error) {
		if (error instanceof SecretChatError) return error.reason;
		throw error;
	}
};

const text = (message: string, randomId: bigint): DecryptedMessage => ({ _: 'message', randomId, ttl: 0, message });
const folder = () => mkdtemp(join(tmpdir(), 'tgl-secret-state-'));

describe('secret-chat state at rest', () => {
	it('keeps Buffers and bigints exactly through its JSON', () => {
		const value = { key: randomBytes(256), ids: [-(2n ** 63n), 2n ** 64n - 1n], nested: { b: Buffer.alloc(0), n: 5, s: 'x' } };
		expect(decodeState(encodeState(value))).toEqual(value);
	});

	it('encrypts with a key derived from the auth key, and refuses another key or a damaged file', async () => {
		const authKey = randomBytes(256);
		const secret = randomBytes(256);
		const sealed = sealState(Buffer.from(encodeState({ secret })), stateKey(authKey));
		expect(sealed.includes(secret.subarray(0, 16))).toBe(false);
		expect(sealed.includes(Buffer.from(secret.toString('base64').slice(0, 16)))).toBe(false);
		expect(decodeState<{ secret: Buffer }>(openState(sealed, stateKey(authKey)).toString()).secret.equals(secret)).toBe(true);
		expect(await reason(() => openState(sealed, stateKey(randomBytes(256))))).toBe('STATE_UNREADABLE');
		const damaged = Buffer.from(sealed);
		damaged[damaged.length - 1] ^= 1;
		expect(await reason(() => openState(damaged, stateKey(authKey)))).toBe('STATE_UNREADABLE');
		expect(await reason(() => openState(Buffer.from('not ours at all, really'), stateKey(authKey)))).toBe('STATE_UNREADABLE');
	});

	it('lives in TGL_STATE_DIR, else under the n8n user folder, named without secrets', () => {
		expect(stateDir({ TGL_STATE_DIR: '/x/y' })).toBe('/x/y');
		expect(stateDir({ N8N_USER_FOLDER: '/home/n8n' })).toBe('/home/n8n/.n8n/tgl');
		const authKey = randomBytes(256);
		expect(stateFileName(authKey)).toMatch(/^secret-[0-9a-f]{16}\.state$/);
		expect(stateFileName(authKey)).not.toContain(authKey.toString('hex').slice(0, 16));
	});

	it('saves atomically under a lock, loads back, and leaves no temporary file', async () => {
		const dir = await folder();
		const path = join(dir, 'a.state');
		const file = new StateFile<{ n: number; key: Buffer }>(path, stateKey(randomBytes(256)));
		expect(await file.load()).toBeUndefined();
		expect(await reason(() => file.save({ n: 1, key: Buffer.alloc(1) }))).toBe('STATE_LOCKED');
		await file.lock();
		await file.save({ n: 1, key: Buffer.from([1, 2]) });
		await file.save({ n: 2, key: Buffer.from([3]) });
		expect(await file.load()).toEqual({ n: 2, key: Buffer.from([3]) });
		expect((await readdir(dir)).sort()).toEqual(['a.state', 'a.state.lock']);
		await file.unlock();
		expect(await readdir(dir)).toEqual(['a.state']);
	});

	it('refuses a second holder in this process and a live other process, and takes over a dead one’s lock', async () => {
		const dir = await folder();
		const path = join(dir, 'b.state');
		const key = stateKey(randomBytes(256));
		const first = new StateFile(path, key);
		await first.lock();
		expect(await reason(() => new StateFile(path, key).lock())).toBe('STATE_LOCKED');
		await first.unlock();

		const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
		try {
			await writeFile(`${path}.lock`, String(child.pid));
			expect(await reason(() => new StateFile(path, key).lock())).toBe('STATE_LOCKED');
		} finally {
			child.kill();
			await new Promise((r) => child.once('exit', r));
		}
		// The child is gone: its lock is stale and is taken over.
		const next = new StateFile(path, key);
		await next.lock();
		expect(await readFile(`${path}.lock`, 'utf8')).toBe(String(process.pid));
		await next.unlock();
	});

	it('restores a chat mid-flight: numbering, held messages past a hole and an unfinished re-key go on', async () => {
		const key = randomBytes(256);
		const dh = { g: 3, p: TELEGRAM_DH_PRIME };
		const creator = new SecretChat(true, key, { dh });
		const acceptor = new SecretChat(false, key, { dh });
		const [m1, m2, m3] = [1n, 2n, 3n].map((n) => creator.seal(text(`m${n}`, n)));
		acceptor.receive(m1.data);
		expect(acceptor.receive(m3.data).kind).toBe('gap');
		const request = acceptor.startRekey(42n);

		const dir = await folder();
		const authKey = randomBytes(256);
		const file = new StateFile<ReturnType<SecretChat['snapshot']>>(join(dir, stateFileName(authKey)), stateKey(authKey));
		await file.lock();
		await file.save(acceptor.snapshot());
		await file.unlock();
		const again = new StateFile<ReturnType<SecretChat['snapshot']>>(join(dir, stateFileName(authKey)), stateKey(authKey));
		const restored = SecretChat.restore((await again.load())!);

		expect(restored.receive(m2.data)).toMatchObject({ kind: 'ready', items: [{ message: { message: 'm2' } }, { message: { message: 'm3' } }] });
		creator.receive(request.data);
		const [accept] = creator.takeOutbox();
		restored.receive(accept.data); // the exchange begun before the restart completes
		const [commit] = restored.takeOutbox();
		expect(restored.fingerprint).not.toBe(creator.fingerprint);
		creator.receive(commit.data);
		expect(creator.fingerprint).toBe(restored.fingerprint);
		expect(restored.seal(text('after', 9n)).outSeqNo).toBe(4); // the acceptor's requestKey was 0, its commitKey 2
	});
});
