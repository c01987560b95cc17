// Test doubles for the MTProto side: a recording UpdateSink, sessions and call contexts.
import type { Api } from 'telegram';
import { BinaryReader } from 'telegram/extensions';
import type { CallContext, RpcHandler, SessionRef, UpdateSink } from '../types';
import { resultBytes } from './serialize';

export interface Push {
	userId: number;
	updates: Api.TypeUpdates;
	except?: SessionRef;
}

export class RecordingSink implements UpdateSink {
	readonly pushes: Push[] = [];

	pushToUser(userId: number, updates: Api.TypeUpdates, except?: SessionRef): void {
		this.pushes.push({ userId, updates, except });
	}

	/** Pushes a given session of the user would have received. */
	to(userId: number, session?: SessionRef): Api.TypeUpdates[] {
		return this.pushes.filter((p) => p.userId === userId && (!session || p.except !== session)).map((p) => p.updates);
	}

	clear(): void {
		this.pushes.length = 0;
	}
}

let sessions = 0;

export function fakeSession(userId: number | undefined): SessionRef {
	const key = `session-${++sessions}`;
	return { key, userId, pushUpdates: () => undefined };
}

export function fakeContext(userId: number | undefined): CallContext {
	return { userId, authKeyId: `key-${userId}`, session: fakeSession(userId), bindUser: () => undefined };
}

/** Calls a handler and proves its answer is valid TL: it serializes and reads back the same. */
export async function invoke<T = any>(handlers: Record<string, RpcHandler>, ctx: CallContext, request: { className: string }): Promise<T> {
	const handler = handlers[request.className];
	if (!handler) throw new Error(`no handler for ${request.className}`);
	const result = await handler(ctx, request);
	const bytes = resultBytes(result);
	if (typeof result === 'object' && !Array.isArray(result)) {
		const read = new BinaryReader(bytes).tgReadObject();
		if (!read.getBytes().equals(bytes)) throw new Error(`${request.className}: answer does not read back`);
	}
	return result as T;
}
