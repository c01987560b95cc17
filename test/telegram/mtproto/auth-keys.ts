// Auth keys the server knows: pre-shared ones the tests put in session strings, and the
// ones GramJS creates through the DH exchange. A key is bound to an account once logged in.
import { randomBytes } from 'crypto';
import { authKeyIdOf } from './crypto';

export interface AuthKeyRecord {
	readonly id: string;
	readonly key: Buffer;
	userId: number | undefined;
	/** The server salt this key must use; GramJS starts with 0 and learns it from bad_server_salt. */
	salt: bigint;
	/** When set, every call answers 401 with this error (e.g. SESSION_REVOKED). */
	revoked?: string;
}

export class AuthKeyStore {
	private readonly keys = new Map<string, AuthKeyRecord>();

	add(key: Buffer, userId?: number): AuthKeyRecord {
		const record: AuthKeyRecord = {
			id: authKeyIdOf(key).toString('hex'),
			key,
			userId,
			salt: randomBytes(8).readBigInt64LE(0),
		};
		this.keys.set(record.id, record);
		return record;
	}

	/** A new random 256-byte key bound to the account: what a logged-in session string carries. */
	create(userId?: number): AuthKeyRecord {
		return this.add(randomBytes(256), userId);
	}

	get(id: string): AuthKeyRecord | undefined {
		return this.keys.get(id);
	}

	ofUser(userId: number): AuthKeyRecord[] {
		return [...this.keys.values()].filter((k) => k.userId === userId);
	}
}
