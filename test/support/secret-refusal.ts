// What the secret-chat layer says of a check: 'accepted', or the reason of its SecretChatError.
import { SecretChatError } from '../../nodes/Tgl/secret/errors';

export function refusalReason(fn: () => unknown): string {
	try {
		fn();
	} catch (error) {
		if (error instanceof SecretChatError) return error.reason;
		throw error;
	}
	return 'accepted';
}

/** The same for a check that may be asynchronous (a file read): awaited before it is judged. */
export async function refusalReasonAsync(fn: () => unknown): Promise<string> {
	try {
		await fn();
	} catch (error) {
		if (error instanceof SecretChatError) return error.reason;
		throw error;
	}
	return 'accepted';
}
