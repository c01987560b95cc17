// One login's connection and app, and a request sent on it with a time limit.
import type { Api } from 'telegram';
import { withTimeout } from './errors';
import type { LoginLink } from './link';

export interface LoginCaller {
	readonly link: LoginLink;
	readonly apiId: number;
	readonly apiHash: string;
	readonly requestMs: number;
}

export function invoke<R extends Api.AnyRequest>(caller: LoginCaller, request: R): Promise<R['__response']> {
	const seconds = Math.round(caller.requestMs / 1000);
	return withTimeout(caller.link.invoke(request), caller.requestMs, `Telegram did not answer ${request.className} within ${seconds} s`);
}
