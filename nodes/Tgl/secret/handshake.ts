// The three DH steps of starting a secret chat, as pure functions around the RPCs the caller
// makes (getDhConfig, requestEncryption, acceptEncryption) and the updateEncryption it receives.
import { SecretChatError } from './errors';
import type { DhConfigCache, DhConfigResult } from './dh-config';
import { checkDhValue, dhSharedKey, keyFingerprint, newKeyPair, type DhParams } from './dh';

/** The creator's side between requestEncryption and the encryptedChat update. */
export interface PendingRequest {
	params: DhParams;
	a: Buffer;
	gA: Buffer;
}

/** Creator, step 1: a fresh key pair on a checked DH config (call getDhConfig with cache.version first). */
export function beginRequest(cache: DhConfigCache, dhConfig: DhConfigResult): PendingRequest {
	const { params, random } = cache.accept(dhConfig);
	const { a, gA } = newKeyPair(params, random);
	return { params, a, gA };
}

/**
 * Participant: checks g_a, makes g_b and the key; send g_b and the fingerprint in acceptEncryption.
 * Keep `params`: re-keys use the chat's original p and g.
 */
export function acceptRequest(
	cache: DhConfigCache,
	dhConfig: DhConfigResult,
	gA: Buffer,
): { gB: Buffer; key: Buffer; fingerprint: bigint; params: DhParams } {
	const { params, random } = cache.accept(dhConfig);
	checkDhValue(gA, params.p, 'g_a');
	const { a: b, gA: gB } = newKeyPair(params, random);
	const key = dhSharedKey(params, b, gA);
	return { gB, key, fingerprint: keyFingerprint(key), params };
}

/**
 * Creator, step 2: the encryptedChat update carries g_b and the participant's fingerprint.
 * A fingerprint that differs from ours means the keys differ: the chat must be discarded.
 */
export function completeRequest(pending: PendingRequest, gB: Buffer, fingerprint: bigint): Buffer {
	const key = dhSharedKey(pending.params, pending.a, gB);
	if (keyFingerprint(key) !== BigInt.asIntN(64, fingerprint)) {
		throw new SecretChatError('KEY_FINGERPRINT_MISMATCH', 'the other side computed a different key');
	}
	return key;
}
