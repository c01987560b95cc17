// A throwaway Redis for n8n's queue mode: Debian's redis-server on a free loopback port, nothing
// written to disk, stopped by its pid. `.ci/run` installs the package when it is missing.
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { freePort, sleep } from './n8n-instance';

const BINARY = process.env.TGL_REDIS_SERVER ?? 'redis-server';

/** True when redis-server can be run here. */
export function redisAvailable(): boolean {
	return spawnSync(BINARY, ['--version'], { stdio: 'ignore' }).status === 0;
}

export class RedisServer {
	private output = '';

	private constructor(
		readonly port: number,
		private readonly child: ChildProcess,
		private readonly dir: string,
	) {
		child.stdout!.on('data', (d: Buffer) => (this.output = (this.output + d.toString()).slice(-8192)));
		child.stderr!.on('data', (d: Buffer) => (this.output = (this.output + d.toString()).slice(-8192)));
	}

	static async start(timeoutMs = 30_000): Promise<RedisServer> {
		if (!redisAvailable()) {
			throw new Error(`${BINARY} is not installed: run \`apt-get install -y redis-server\` (.ci/run does it on CI)`);
		}
		const port = await freePort();
		// Its own empty working directory: even a stray SAVE could not write into the repository.
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tgl-redis-'));
		const child = spawn(BINARY, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
			cwd: dir,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const redis = new RedisServer(port, child, dir);
		const until = Date.now() + timeoutMs;
		while (!(await redis.ping())) {
			if (child.exitCode !== null || Date.now() > until) {
				await redis.stop();
				throw new Error(`redis-server did not answer on port ${port}:\n${redis.output}`);
			}
			await sleep(100);
		}
		return redis;
	}

	get pid(): number | undefined {
		return this.child.pid;
	}

	/** PING over the wire protocol; true on +PONG. */
	ping(): Promise<boolean> {
		return new Promise((resolve) => {
			const socket = net.connect(this.port, '127.0.0.1');
			let answer = '';
			const done = (ok: boolean) => {
				socket.destroy();
				resolve(ok);
			};
			socket.setTimeout(2000, () => done(false));
			socket.on('error', () => done(false));
			socket.on('connect', () => socket.write('PING\r\n'));
			socket.on('data', (d) => {
				answer += d.toString();
				if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
			});
		});
	}

	/** SIGTERM by pid, SIGKILL if it lingers; removes its directory. */
	async stop(): Promise<void> {
		const child = this.child;
		if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
			const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
			process.kill(child.pid, 'SIGTERM');
			const timer = setTimeout(() => child.pid !== undefined && process.kill(child.pid, 'SIGKILL'), 10_000);
			await exited;
			clearTimeout(timer);
		}
		fs.rmSync(this.dir, { recursive: true, force: true });
	}
}
