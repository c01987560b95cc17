// Sets up the DI services n8n-core reads from its Container (instance settings, logger,
// binary data) the way n8n's CLI does at start, but inside a throwaway user folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { GlobalConfig, InstanceSettingsConfig } from '@n8n/config';
import { Container } from '@n8n/di';
import { BinaryDataConfig, BinaryDataService, InstanceSettings } from 'n8n-core';
// Not exported from n8n-core's index; these are the same modules its node contexts use.
import { ScheduledTaskManager } from 'n8n-core/dist/execution-engine/scheduled-task-manager';
import { SSHClientsManager } from 'n8n-core/dist/execution-engine/ssh-clients-manager';

export type BinaryDataMode = 'filesystem' | 'default';

export interface HarnessSetupOptions {
	// 'filesystem' is n8n 2.x's default: items carry only a reference (`id`), the bytes live on disk.
	// 'default' keeps the bytes base64-encoded inside the item (`binary.data.data`).
	binaryDataMode?: BinaryDataMode;
}

interface N8nInstance {
	userFolder: string;
	stopTimers: () => void;
}

type LogLevel = 'error' | 'warn' | 'info' | 'debug' | 'silent';

let instance: Promise<N8nInstance> | undefined;
let requestedOptions: HarnessSetupOptions = {};

/** Choose options before the first run; the services are built once per Jest test file. */
export function configureHarness(options: HarnessSetupOptions): void {
	if (instance) throw new Error('configureHarness() must be called before the first run/startTrigger in this file');
	requestedOptions = { ...options };
}

export async function ensureN8nServices(): Promise<N8nInstance> {
	instance ??= createInstance(requestedOptions);
	return await instance;
}

/** Deletes the temporary user folder and forgets every service, so the next run starts fresh. */
export async function disposeN8nServices(): Promise<void> {
	if (!instance) return;
	const current = instance;
	instance = undefined;
	const created = await current.catch(() => undefined);
	if (created) {
		created.stopTimers();
		rmSync(created.userFolder, { recursive: true, force: true });
	}
	Container.reset();
}

async function createInstance(options: HarnessSetupOptions): Promise<N8nInstance> {
	const userFolder = mkdtempSync(join(tmpdir(), 'n8n-harness-'));
	try {
		return await configureServices(userFolder, options);
	} catch (error) {
		rmSync(userFolder, { recursive: true, force: true });
		throw error;
	}
}

async function configureServices(userFolder: string, options: HarnessSetupOptions): Promise<N8nInstance> {
	// Config classes read env vars (N8N_USER_FOLDER, ...) when first built; point them at the
	// temp folder before InstanceSettings writes its `config` file (with the encryption key).
	Object.assign(Container.get(InstanceSettingsConfig), {
		userHome: userFolder,
		n8nFolder: join(userFolder, '.n8n'),
		enforceSettingsFilePermissions: false,
	});

	// n8n logs every node error through ErrorReporter; keep tests quiet unless N8N_LOG_LEVEL asks.
	const globalConfig = Container.get(GlobalConfig);
	globalConfig.logging.level = (process.env.N8N_LOG_LEVEL as LogLevel | undefined) ?? 'silent';

	const settings = Container.get(InstanceSettings);
	if (!settings.n8nFolder.startsWith(userFolder)) {
		throw new Error(
			`n8n InstanceSettings was created before the harness (n8nFolder ${settings.n8nFolder}); ` +
				'do not call Container.get() on n8n services at import time',
		);
	}
	// A single-main n8n marks itself leader at start; crons (registerCron, pollers) only tick on the leader.
	settings.markAsLeader();

	Container.get(BinaryDataConfig).mode = options.binaryDataMode ?? 'filesystem';
	// init() registers the filesystem manager under <n8nFolder>/storage; in 'default' mode no
	// manager matches the mode, so BinaryDataService keeps data in memory (base64 in the item).
	await Container.get(BinaryDataService).init();

	return { userFolder, stopTimers: startTimerServices() };
}

// Every node context builds n8n-core's SSHClientsManager, which starts a 60 s cleanup interval and
// stops it only on process exit (n8n exits explicitly; Jest waits for the interval forever).
// Build it up front and hand back what stops it, with any cron a trigger left registered.
function startTimerServices(): () => void {
	const exitListenersBefore = process.listeners('exit');
	const sshClients = Container.get(SSHClientsManager);
	const sshExitListeners = process.listeners('exit').filter((l) => !exitListenersBefore.includes(l));
	const scheduledTasks = Container.get(ScheduledTaskManager);
	return () => {
		sshClients.onShutdown();
		for (const listener of sshExitListeners) process.removeListener('exit', listener);
		scheduledTasks.deregisterAllCrons();
	};
}
