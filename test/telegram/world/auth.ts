// Logging in to the loopback Telegram: login codes "sent" to phones, 2FA passwords (checked
// with SRP, see srp.ts), QR login tokens, and the data centre each auth key talks to.
//
// Tests read what a phone would receive with `world.lastLoginCode(phone)` (or pin a phone's
// codes with `world.setLoginCode(phone, code)`), expire it with `world.expireLoginCode(phone)`,
// give an account a password with `world.setPassword(userId, password, hint?)`, play the phone
// that scans a QR code with `world.acceptLoginToken(token, userId)`, and make an account live
// on another DC with `world.setHomeDc(userId, dcId)`.
//
// One address serves every DC here, and GramJS's key exchange does not name the DC, so a key's
// DC is inferred: a key is on the world's DC, except the first new key that speaks after a
// *_MIGRATE answer, which is taken to be on the DC that answer named (GramJS makes exactly
// such a key when it switches DC).
import { randomBytes } from 'crypto';
import bigInt from 'big-integer';
import { Api } from 'telegram';
import { RpcError, type CallContext, type SessionRef } from '../types';
import type { World } from './world';
import { normalizePhone, userOf } from './users';
import { checkProof, makeVerifier, newChallenge, SRP_G, SRP_PRIME, srpBytes, type SrpChallenge, type SrpVerifier } from './srp';
import { now } from './util';

export const LOGIN_CODE_LENGTH = 5;
/** Seconds a login code stays valid (Telegram's last a few minutes). */
export const LOGIN_CODE_SECONDS = 300;
/** Wrong codes after which the code is void and a new one must be requested. */
export const LOGIN_CODE_ATTEMPTS = 5;
/** Seconds a QR login token stays valid, as Telegram's. */
export const LOGIN_TOKEN_SECONDS = 30;

interface SentCodeRecord {
	phone: string;
	code: string;
	expiresAt: number;
	attempts: number;
}

interface PasswordRecord {
	verifier: SrpVerifier;
	hint?: string;
}

interface ChallengeRecord extends SrpChallenge {
	userId: number;
	authKeyId: string;
}

interface LoginTokenRecord {
	token: Buffer;
	authKeyId: string;
	session: SessionRef;
	expires: number;
	acceptedBy?: number;
}

/** What signing in by code or token came to: an account (bind it), or sign-up needed. */
export type SignInResult = { userId: number } | { signUpRequired: true };

export type ExportedToken =
	| { token: Buffer; expires: number }
	| { migrateTo: number; token: Buffer }
	| { userId: number };

/** A valid api_id / api_hash pair as far as this world cares: a positive id, a 32-hex-digit hash. */
export function checkApiCredentials(apiId: number, apiHash: string): void {
	if (!Number.isInteger(apiId) || apiId <= 0 || !/^[0-9a-f]{32}$/i.test(apiHash)) throw new RpcError(400, 'API_ID_INVALID');
}

export class LoginDesk {
	/** phone_code_hash → the code it stands for. */
	private readonly codes = new Map<string, SentCodeRecord>();
	/** Digits-only phone → the last code "sent" there. */
	private readonly lastCodes = new Map<string, string>();
	private readonly fixedCodes = new Map<string, string>();
	private readonly passwords = new Map<number, PasswordRecord>();
	/** srp_id (decimal) → the challenge account.getPassword handed out. */
	private readonly challenges = new Map<string, ChallengeRecord>();
	/** Auth keys that passed the code (or QR) step of an account with a password. */
	private readonly awaitingPassword = new Map<string, number>();
	/** Hex token → login token. */
	private readonly tokens = new Map<string, LoginTokenRecord>();
	private readonly homeDcs = new Map<number, number>();
	private readonly keyDcs = new Map<string, number>();
	private migration: { dcId: number; fromKey: string } | undefined;

	constructor(private readonly world: World) {}

	// ── Test-facing ─────────────────────────────────────────────────────────

	lastCode(phone: string): string | undefined {
		return this.lastCodes.get(normalizePhone(phone));
	}

	setFixedCode(phone: string, code: string | undefined): void {
		const key = normalizePhone(phone);
		if (code === undefined) this.fixedCodes.delete(key);
		else this.fixedCodes.set(key, code);
	}

	/** Makes every outstanding code of the phone expired (signIn answers PHONE_CODE_EXPIRED). */
	expireCodes(phone: string): void {
		const key = normalizePhone(phone);
		for (const sent of this.codes.values()) if (sent.phone === key) sent.expiresAt = 0;
	}

	/** Sets ('' removes) the account's 2FA password; the server keeps only the SRP verifier. */
	setPassword(userId: number, password: string, hint?: string): void {
		userOf(this.world, userId);
		if (!password) this.passwords.delete(userId);
		else this.passwords.set(userId, { verifier: makeVerifier(password), hint });
	}

	hasPassword(userId: number): boolean {
		return this.passwords.has(userId);
	}

	setHomeDc(userId: number, dcId: number): void {
		userOf(this.world, userId);
		this.homeDcs.set(userId, dcId);
	}

	/** The phone side of a QR login: the token's session gets updateLoginToken. */
	acceptToken(token: Buffer | string, userId: number): void {
		userOf(this.world, userId);
		const record = this.liveToken(typeof token === 'string' ? Buffer.from(token, 'base64url') : token);
		record.acceptedBy = userId;
		record.session.pushUpdates(new Api.UpdateShort({ update: new Api.UpdateLoginToken(), date: now() }));
	}

	// ── auth.sendCode / signIn ──────────────────────────────────────────────

	sendCode(ctx: CallContext, rawPhone: string): { phoneCodeHash: string; length: number } {
		const phone = normalizePhone(rawPhone);
		if (!/^\d{7,15}$/.test(phone) || rawPhone.replace(/[\s()+-]/g, '') !== phone) throw new RpcError(400, 'PHONE_NUMBER_INVALID');
		const userId = this.world.db.phones.get(phone);
		if (userId !== undefined) this.requireHomeDc(ctx, userId);
		const code = this.fixedCodes.get(phone) ?? randomCode();
		const phoneCodeHash = randomBytes(9).toString('hex');
		this.codes.set(phoneCodeHash, { phone, code, expiresAt: now() + LOGIN_CODE_SECONDS, attempts: 0 });
		this.lastCodes.set(phone, code);
		return { phoneCodeHash, length: code.length };
	}

	/** auth.resendCode: a new code under the same hash. */
	resendCode(rawPhone: string, phoneCodeHash: string): { phoneCodeHash: string; length: number } {
		const sent = this.codeFor(rawPhone, phoneCodeHash);
		sent.code = this.fixedCodes.get(sent.phone) ?? randomCode();
		sent.expiresAt = now() + LOGIN_CODE_SECONDS;
		sent.attempts = 0;
		this.lastCodes.set(sent.phone, sent.code);
		return { phoneCodeHash, length: sent.code.length };
	}

	cancelCode(rawPhone: string, phoneCodeHash: string): void {
		this.codeFor(rawPhone, phoneCodeHash);
		this.codes.delete(phoneCodeHash);
	}

	signIn(ctx: CallContext, rawPhone: string, phoneCodeHash: string, code: string | undefined): SignInResult {
		const sent = this.codeFor(rawPhone, phoneCodeHash);
		if (!code) throw new RpcError(400, 'PHONE_CODE_EMPTY');
		if (code !== sent.code) {
			if (++sent.attempts >= LOGIN_CODE_ATTEMPTS) sent.expiresAt = 0;
			throw new RpcError(400, 'PHONE_CODE_INVALID');
		}
		this.codes.delete(phoneCodeHash);
		const userId = this.world.db.phones.get(sent.phone);
		if (userId === undefined) return { signUpRequired: true };
		return this.authorize(ctx, userId);
	}

	// ── 2FA ─────────────────────────────────────────────────────────────────

	/** account.getPassword: the caller's (or the pending login's) password state and a fresh challenge. */
	getPassword(ctx: CallContext): Api.account.Password {
		const userId = this.accountOf(ctx) ?? this.awaitingPassword.get(ctx.authKeyId);
		if (userId === undefined) throw new RpcError(401, 'AUTH_KEY_UNREGISTERED');
		const password = this.passwords.get(userId);
		const newAlgo = new Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow({
			salt1: randomBytes(8),
			salt2: randomBytes(16),
			g: SRP_G,
			p: SRP_PRIME,
		});
		const common = {
			newAlgo,
			newSecureAlgo: new Api.SecurePasswordKdfAlgoPBKDF2HMACSHA512iter100000({ salt: randomBytes(8) }),
			secureRandom: randomBytes(32),
		};
		if (!password) return new Api.account.Password(common);
		for (const [id, c] of this.challenges) if (c.authKeyId === ctx.authKeyId) this.challenges.delete(id);
		const challenge = newChallenge(password.verifier);
		const srpId = randomBytes(8).readBigInt64LE();
		this.challenges.set(srpId.toString(), { ...challenge, userId, authKeyId: ctx.authKeyId });
		return new Api.account.Password({
			...common,
			hasPassword: true,
			currentAlgo: new Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow({
				salt1: password.verifier.salt1,
				salt2: password.verifier.salt2,
				g: SRP_G,
				p: SRP_PRIME,
			}),
			srp_B: srpBytes(challenge.B),
			srpId: bigInt(srpId.toString()),
			hint: password.hint,
		});
	}

	/** auth.checkPassword: verifies the SRP proof; a challenge serves one attempt. */
	checkPassword(ctx: CallContext, input: Api.TypeInputCheckPasswordSRP): number {
		const userId = this.awaitingPassword.get(ctx.authKeyId);
		if (userId === undefined) throw new RpcError(400, 'PASSWORD_HASH_INVALID');
		if (!(input instanceof Api.InputCheckPasswordSRP)) throw new RpcError(400, 'PASSWORD_HASH_INVALID');
		const id = BigInt(input.srpId.toString()).toString();
		const challenge = this.challenges.get(id);
		if (!challenge || challenge.authKeyId !== ctx.authKeyId || challenge.userId !== userId) throw new RpcError(400, 'SRP_ID_INVALID');
		this.challenges.delete(id);
		const password = this.passwords.get(userId);
		if (!password) throw new RpcError(400, 'SRP_ID_INVALID');
		if (!checkProof(password.verifier, challenge, Buffer.from(input.A), Buffer.from(input.M1))) {
			throw new RpcError(400, 'PASSWORD_HASH_INVALID');
		}
		this.awaitingPassword.delete(ctx.authKeyId);
		return userId;
	}

	// ── QR login ────────────────────────────────────────────────────────────

	/** auth.exportLoginToken: a token to show, or what came of the one this key showed. */
	exportToken(ctx: CallContext): ExportedToken {
		for (const [hex, record] of this.tokens) {
			if (record.authKeyId !== ctx.authKeyId) continue;
			if (record.acceptedBy !== undefined) return this.finishToken(ctx, hex, record);
			if (record.expires > now()) {
				record.session = ctx.session;
				return { token: record.token, expires: record.expires };
			}
			this.tokens.delete(hex);
		}
		const token = randomBytes(32);
		const expires = now() + LOGIN_TOKEN_SECONDS;
		this.tokens.set(token.toString('hex'), { token, authKeyId: ctx.authKeyId, session: ctx.session, expires });
		return { token, expires };
	}

	/** auth.importLoginToken: the DC an accepted token was migrated to takes it. */
	importToken(ctx: CallContext, token: Buffer): ExportedToken {
		const record = this.liveToken(token);
		if (record.acceptedBy === undefined) return { token: record.token, expires: record.expires };
		return this.finishToken(ctx, token.toString('hex'), record);
	}

	// ── Sessions ────────────────────────────────────────────────────────────

	logOut(ctx: CallContext): void {
		this.awaitingPassword.delete(ctx.authKeyId);
		for (const [id, c] of this.challenges) if (c.authKeyId === ctx.authKeyId) this.challenges.delete(id);
	}

	private finishToken(ctx: CallContext, hex: string, record: LoginTokenRecord): ExportedToken {
		const userId = record.acceptedBy!;
		const home = this.homeDc(userId);
		if (home !== this.dcOfKey(ctx.authKeyId)) {
			this.migration = { dcId: home, fromKey: ctx.authKeyId };
			record.authKeyId = '';
			return { migrateTo: home, token: record.token };
		}
		this.tokens.delete(hex);
		const result = this.authorize(ctx, userId);
		return 'userId' in result ? result : { userId };
	}

	/** The code or token step is done: log in, or wait for the password first. */
	private authorize(ctx: CallContext, userId: number): { userId: number } {
		if (this.passwords.has(userId)) {
			this.awaitingPassword.set(ctx.authKeyId, userId);
			throw new RpcError(401, 'SESSION_PASSWORD_NEEDED');
		}
		return { userId };
	}

	private codeFor(rawPhone: string, phoneCodeHash: string): SentCodeRecord {
		if (!phoneCodeHash) throw new RpcError(400, 'PHONE_CODE_HASH_EMPTY');
		const sent = this.codes.get(phoneCodeHash);
		if (!sent) throw new RpcError(400, 'PHONE_CODE_EXPIRED');
		if (sent.phone !== normalizePhone(rawPhone)) throw new RpcError(400, 'PHONE_NUMBER_INVALID');
		if (sent.expiresAt <= now()) {
			this.codes.delete(phoneCodeHash);
			throw new RpcError(400, 'PHONE_CODE_EXPIRED');
		}
		return sent;
	}

	private liveToken(token: Buffer): LoginTokenRecord {
		const record = this.tokens.get(token.toString('hex'));
		if (!record) throw new RpcError(400, 'AUTH_TOKEN_INVALID');
		if (record.expires <= now() && record.acceptedBy === undefined) {
			this.tokens.delete(token.toString('hex'));
			throw new RpcError(400, 'AUTH_TOKEN_EXPIRED');
		}
		return record;
	}

	private accountOf(ctx: CallContext): number | undefined {
		return ctx.userId !== undefined && this.world.db.users.has(ctx.userId) ? ctx.userId : undefined;
	}

	private homeDc(userId: number): number {
		return this.homeDcs.get(userId) ?? this.world.settings.dcId;
	}

	private requireHomeDc(ctx: CallContext, userId: number): void {
		const home = this.homeDc(userId);
		if (home === this.dcOfKey(ctx.authKeyId)) return;
		this.migration = { dcId: home, fromKey: ctx.authKeyId };
		throw new RpcError(303, `PHONE_MIGRATE_${home}`);
	}

	private dcOfKey(authKeyId: string): number {
		let dc = this.keyDcs.get(authKeyId);
		if (dc === undefined) {
			dc = this.world.settings.dcId;
			if (this.migration && this.migration.fromKey !== authKeyId) {
				dc = this.migration.dcId;
				this.migration = undefined;
			}
			this.keyDcs.set(authKeyId, dc);
		}
		return dc;
	}
}

function randomCode(): string {
	let code = '';
	for (const byte of randomBytes(LOGIN_CODE_LENGTH)) code += String(byte % 10);
	return code;
}
