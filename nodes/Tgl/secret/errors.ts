// One error type for every refusal of the secret-chat layer. `reason` is a stable code that
// callers branch on; messages never carry key material, only what was wrong.
export type SecretChatFailure =
	| 'BAD_DH_CONFIG'
	| 'BAD_DH_VALUE'
	| 'KEY_FINGERPRINT_MISMATCH'
	| 'MSG_KEY_MISMATCH'
	| 'BAD_LENGTH'
	| 'BAD_PADDING'
	| 'TL_PARSE'
	| 'SEQ_PARITY'
	| 'SEQ_IN_DECREASED'
	| 'SEQ_IN_TOO_HIGH'
	| 'SEQ_SECOND_GAP'
	| 'LAYER_DECREASED'
	| 'RESEND_NEVER_SENT'
	| 'RESEND_UNAVAILABLE'
	| 'HOLE_UNFILLED'
	| 'FILE_FINGERPRINT_MISMATCH'
	| 'FILE_SIZE_MISMATCH'
	| 'STATE_UNREADABLE'
	| 'STATE_LOCKED';

export class SecretChatError extends Error {
	constructor(
		readonly reason: SecretChatFailure,
		message: string,
	) {
		super(message);
		this.name = 'SecretChatError';
	}
}
