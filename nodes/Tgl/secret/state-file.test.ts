import { spawn } from 'child_process';
import { randomBytes } from 'crypto';
import { mkdir, mkdtemp, readdir, readFile, stat, utimes, writeFile } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import { SecretChat } from './chat';
import { TELEGRAM_DH_PRIME } from './dh';
import type { SecretChatError } from './errors';
import { refusalReasonAsync } from '../../../test/support/secret-refusal';
import type { DecryptedMessage } from './schema';
import { decodeState, encodeState, openState, sealState, stateDir, stateFileName, stateKey, StateFile, writeAtomically } from './state-file';
import { lockHostId } from './state-lock';

const reason = refusalReasonAsync;

const text = (message: string, randomId: bigint): DecryptedMessage => ({ _: 'message', randomId, ttl: 0, message });
const folder = () => mkdtemp(join(tmpdir(), 'tgl-secret-state-'));

/** A lock file as another process would have left it (fresh: its mtime is now). */
const writeLock = (path: string, holder: { host: string; pid: number }) =>
	writeFile(`${path}.lock`, JSON.stringify({ ...holder, token: randomBytes(16).toString('hex') }));
const holderOf = (text: string) => JSON.parse(text) as { host: string; pid: number; token: string };

/** The pid of a process that has ended. */
async function deadPid(): Promise<number> {
	const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
	await new Promise((r) => child.once('exit', r));
	return child.pid!;
}

async function eventuallyAsync(check: () => Promise<boolean>, what: string): Promise<void> {
	const until = Date.now() + 10_000;
	while (!(await check().catch(() => false))) {
		if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 10));
	}
}

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

	it('refuses a second holder in this process and a live process of this host, and takes over a dead one’s lock at once', async () => {
		const dir = await folder();
		const path = join(dir, 'b.state');
		const key = stateKey(randomBytes(256));
		const first = new StateFile(path, key);
		await first.lock();
		expect(await reason(() => new StateFile(path, key).lock())).toBe('STATE_LOCKED');
		await first.unlock();

		const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
		try {
			await writeLock(path, { host: lockHostId(), pid: child.pid! });
			expect(await reason(() => new StateFile(path, key).lock())).toBe('STATE_LOCKED');
		} finally {
			child.kill();
			await new Promise((r) => child.once('exit', r));
		}
		// The child is gone and its lock is of this host: taken over at once, fresh as it is.
		const next = new StateFile(path, key);
		await next.lock();
		expect(holderOf(await readFile(`${path}.lock`, 'utf8'))).toMatchObject({ host: lockHostId(), pid: process.pid });
		await next.unlock();
	});

	it('refuses another host’s live lock whatever its pid, and takes it over once its heartbeat is stale', async () => {
		const dir = await folder();
		const path = join(dir, 'c.state');
		const key = stateKey(randomBytes(256));
		// Another container: its pid may be dead here, or be ours (pid 1 or 7 in both).
		for (const pid of [await deadPid(), process.pid]) {
			await writeLock(path, { host: 'worker-2/boot/pid:[1]', pid });
			const error = await new StateFile(path, key).lock().catch((e: SecretChatError) => e);
			expect(error).toMatchObject({ reason: 'STATE_LOCKED' });
			expect((error as Error).message).toContain(`process ${pid} on worker-2`);
		}
		// No sign of life for longer than the stale limit: taken over.
		const past = (Date.now() - 61_000) / 1000;
		await utimes(`${path}.lock`, past, past);
		const next = new StateFile(path, key);
		await next.lock();
		expect(holderOf(await readFile(`${path}.lock`, 'utf8'))).toMatchObject({ host: lockHostId(), pid: process.pid });
		await next.save('mine');
		await next.unlock();
		expect(await readdir(dir)).toEqual(['c.state']);
	});

	it('lets exactly one of two contenders take a stale lock (or a free one)', async () => {
		const dir = await folder();
		const path = join(dir, 'd.state');
		const key = stateKey(randomBytes(256));
		for (let round = 0; round < 30; round++) {
			if (round % 3) {
				await writeLock(path, { host: 'gone-host', pid: 1 });
				const past = (Date.now() - 120_000) / 1000;
				await utimes(`${path}.lock`, past, past);
			}
			const contenders = ['host-a', 'host-b'].map((hostId) => new StateFile<string>(path, key, { hostId }));
			const outcomes = await Promise.all(contenders.map((c) => reason(() => c.lock())));
			expect([...outcomes].sort()).toEqual(['STATE_LOCKED', 'accepted']);
			// The winner's token is the one in the file; the loser holds nothing.
			const held = await Promise.all(contenders.map((c) => reason(() => c.assertLocked())));
			expect(held).toEqual(outcomes);
			for (const c of contenders) await c.unlock();
			expect((await readdir(dir)).filter((f) => f !== 'd.state')).toEqual([]);
		}
	});

	it('stays locked past the stale limit while its heartbeat runs; a holder that stopped beating is taken over and then refuses to save', async () => {
		const dir = await folder();
		const path = join(dir, 'e.state');
		const key = stateKey(randomBytes(256));
		let now = Date.now();
		const clock = { staleMs: 60_000, now: () => now };
		const lockTime = async () => (await stat(`${path}.lock`)).mtimeMs;

		const beating = new StateFile<string>(path, key, { ...clock, hostId: 'host-a', heartbeatMs: 20 });
		await beating.lock();
		for (let step = 0; step < 3; step++) {
			now += 50_000; // 150 s in all, each step within the limit of the last beat
			const at = now;
			await eventuallyAsync(async () => Math.abs((await lockTime()) - at) < 1, 'the heartbeat to touch the lock');
			expect(await reason(() => new StateFile(path, key, { ...clock, hostId: 'host-b' }).lock())).toBe('STATE_LOCKED');
		}
		await beating.save('a');
		await beating.unlock();

		// A holder that was paused: its timer never fired (a heartbeat far away) while the clock went on.
		const paused = new StateFile<string>(path, key, { ...clock, hostId: 'host-a', heartbeatMs: 3_600_000 });
		const lost: string[] = [];
		paused.onLockLost = (error) => lost.push(error.reason);
		await paused.lock();
		await paused.save('before the pause');
		now += 61_000;
		const taker = new StateFile<string>(path, key, { ...clock, hostId: 'host-b' });
		await taker.lock();
		await taker.save('the new holder’s');

		const refused = await paused.save('stale write').catch((e: SecretChatError) => e);
		expect(refused).toMatchObject({ reason: 'STATE_LOCKED' });
		expect((refused as Error).message).toMatch(/another process took the secret-chat state over/);
		expect(lost).toEqual(['STATE_LOCKED']);
		expect(await taker.load()).toBe('the new holder’s');
		await paused.heartbeat(); // finds nothing more to do: told once
		await paused.unlock(); // leaves the new holder's lock alone
		await taker.assertLocked();
		expect(lost).toEqual(['STATE_LOCKED']);
		await taker.unlock();
	});

	it('a write that fails leaves no temporary copy behind', async () => {
		const dir = await folder();
		const path = join(dir, 'secret-0000000000000000.state');
		await mkdir(join(path, 'in-the-way'), { recursive: true }); // the rename onto it fails
		await expect(writeAtomically(path, Buffer.from('state'))).rejects.toThrow();
		expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
	});

	it('a lock it could not fill (the write failed) is removed, so the next try is not refused as another holder', async () => {
		const path = join(await folder(), 'secret-0000000000000000.state');
		const key = randomBytes(32);
		// A clock that breaks the lock file's time stamp: the write of the new lock fails half-way.
		const broken = new StateFile(path, key, { now: () => Number.NaN });
		await expect(broken.lock()).rejects.toThrow();
		expect((await readdir(join(path, '..'))).filter((f) => f.endsWith('.lock'))).toEqual([]);
		const next = new StateFile(path, key);
		await next.lock();
		await next.unlock();
	});

	it('a heartbeat finds a lost lock before any write is tried', async () => {
		const dir = await folder();
		const path = join(dir, 'f.state');
		const key = stateKey(randomBytes(256));
		let now = Date.now();
		const holder = new StateFile<string>(path, key, { hostId: 'host-a', heartbeatMs: 3_600_000, now: () => now });
		const lost: string[] = [];
		holder.onLockLost = (error) => lost.push(error.reason);
		await holder.lock();
		now += 61_000;
		const taker = new StateFile<string>(path, key, { hostId: 'host-b', now: () => now });
		await taker.lock();
		await holder.heartbeat();
		expect(lost).toEqual(['STATE_LOCKED']);
		expect(await reason(() => holder.save('x'))).toBe('STATE_LOCKED');
		expect(await taker.load()).toBeUndefined();
		await taker.unlock();
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
