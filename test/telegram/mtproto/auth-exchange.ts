// Server side of auth key creation (core.telegram.org/mtproto/auth_key): req_pq_multi,
// req_DH_params with RSA_PAD, set_client_DH_params. One exchange per TCP connection.
import { createDiffieHellman, getDiffieHellman, randomBytes } from 'crypto';
import bigInt from 'big-integer';
import { Api } from 'telegram';
import { BinaryReader } from 'telegram/extensions';
import { readBigIntFromBuffer, toSignedLittleBuffer } from 'telegram/Helpers';
import { AuthKeyStore } from './auth-keys';
import {
	bigFromBytes,
	bytesFromBig,
	dhTmpAes,
	igeDecrypt,
	igeEncrypt,
	modPow,
	sha1,
	sha256,
} from './crypto';
import type { RsaKey } from './rsa';

// RFC 3526 group 14: a 2048-bit safe prime with p ≡ 7 (mod 8), so g = 2 is valid for Telegram.
const DH_PRIME = bigFromBytes(getDiffieHellman('modp14').getPrime());
const G = 2;
// Two 31-bit primes: a real pq is ~63 bits, but GramJS factorizes it in the test process.
const P = 2147483587n;
const Q = 2147483629n;

const le = (n: bigInt.BigInteger, bytes: number): Buffer => toSignedLittleBuffer(n, bytes);

interface Pending {
	nonce: bigInt.BigInteger;
	serverNonce: bigInt.BigInteger;
	newNonce?: Buffer;
	a?: bigint;
}

export class AuthExchange {
	private pending: Pending | undefined;

	constructor(
		private readonly rsa: RsaKey,
		private readonly keys: AuthKeyStore,
	) {}

	/** Answers one unencrypted message; returns the serialized answer. */
	handle(body: Buffer): Buffer {
		const req = new BinaryReader(body).tgReadObject();
		if (req instanceof Api.ReqPqMulti || req instanceof Api.ReqPq) return this.resPq(req.nonce);
		if (req instanceof Api.ReqDHParams) return this.dhParams(req);
		if (req instanceof Api.SetClientDHParams) return this.clientDh(req);
		throw new Error(`unexpected unencrypted message ${req?.className}`);
	}

	private resPq(nonce: bigInt.BigInteger): Buffer {
		const serverNonce = readBigIntFromBuffer(randomBytes(16), true, true);
		this.pending = { nonce, serverNonce };
		return new Api.ResPQ({
			nonce,
			serverNonce,
			pq: bytesFromBig(P * Q),
			serverPublicKeyFingerprints: [bigInt(this.rsa.fingerprint.toString())],
		}).getBytes();
	}

	private dhParams(req: Api.ReqDHParams): Buffer {
		const pending = this.expect(req.nonce, req.serverNonce);
		if (bigInt(this.rsa.fingerprint.toString()).neq(req.publicKeyFingerprint)) {
			throw new Error('unknown RSA fingerprint');
		}
		// RSA_PAD, undone: key_aes_encrypted = temp_key_xor | aes_encrypted.
		const keyAesEncrypted = bytesFromBig(modPow(bigFromBytes(req.encryptedData), this.rsa.d, this.rsa.n), 256);
		const aesEncrypted = keyAesEncrypted.subarray(32);
		const tempKey = Buffer.alloc(32);
		const mask = sha256(aesEncrypted);
		for (let i = 0; i < 32; i++) tempKey[i] = keyAesEncrypted[i] ^ mask[i];
		const dataWithHash = igeDecrypt(aesEncrypted, tempKey, Buffer.alloc(32));
		const dataWithPadding = Buffer.from(dataWithHash.subarray(0, 192)).reverse();
		if (!sha256(tempKey, dataWithPadding).equals(dataWithHash.subarray(192))) {
			throw new Error('RSA_PAD hash mismatch');
		}
		const inner = new BinaryReader(dataWithPadding).tgReadObject() as Api.PQInnerData;
		if (bigFromBytes(inner.p) !== P || bigFromBytes(inner.q) !== Q) throw new Error('wrong p, q');
		pending.newNonce = le(inner.newNonce, 32);
		const dh = createDiffieHellman(bytesFromBig(DH_PRIME), Buffer.from([G]));
		dh.generateKeys();
		pending.a = bigFromBytes(dh.getPrivateKey());
		const answer = new Api.ServerDHInnerData({
			nonce: pending.nonce,
			serverNonce: pending.serverNonce,
			g: G,
			dhPrime: bytesFromBig(DH_PRIME),
			gA: dh.getPublicKey(),
			serverTime: Math.floor(Date.now() / 1000),
		}).getBytes();
		const withHash = Buffer.concat([sha1(answer), answer]);
		const padded = Buffer.concat([withHash, randomBytes((16 - (withHash.length % 16)) % 16)]);
		const { key, iv } = dhTmpAes(le(pending.serverNonce, 16), pending.newNonce);
		return new Api.ServerDHParamsOk({
			nonce: pending.nonce,
			serverNonce: pending.serverNonce,
			encryptedAnswer: igeEncrypt(padded, key, iv),
		}).getBytes();
	}

	private clientDh(req: Api.SetClientDHParams): Buffer {
		const pending = this.expect(req.nonce, req.serverNonce);
		if (!pending.newNonce || pending.a === undefined) throw new Error('set_client_DH_params out of order');
		const { key, iv } = dhTmpAes(le(pending.serverNonce, 16), pending.newNonce);
		const plain = igeDecrypt(req.encryptedData, key, iv);
		const reader = new BinaryReader(plain.subarray(20));
		const inner = reader.tgReadObject() as Api.ClientDHInnerData;
		if (!sha1(plain.subarray(20, 20 + reader.tellPosition())).equals(plain.subarray(0, 20))) {
			throw new Error('client_DH_inner_data hash mismatch');
		}
		const authKey = bytesFromBig(modPow(bigFromBytes(inner.gB), pending.a, DH_PRIME), 256);
		// (GramJS keeps g^ab as minimal bytes: in 1 exchange of 256 its key is 255 bytes, its
		// nonce hash check fails and it simply runs the exchange again.)
		this.keys.add(authKey);
		const auxHash = sha1(authKey).subarray(0, 8);
		const hash1 = sha1(pending.newNonce, Buffer.from([1]), auxHash).subarray(4, 20);
		this.pending = undefined;
		return new Api.DhGenOk({
			nonce: req.nonce,
			serverNonce: req.serverNonce,
			newNonceHash1: readBigIntFromBuffer(hash1, true, true),
		}).getBytes();
	}

	private expect(nonce: bigInt.BigInteger, serverNonce: bigInt.BigInteger): Pending {
		const p = this.pending;
		if (!p || p.nonce.neq(nonce) || p.serverNonce.neq(serverNonce)) throw new Error('nonce mismatch');
		return p;
	}
}
