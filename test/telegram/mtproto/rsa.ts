// The test server's RSA key. GramJS only talks to servers whose key fingerprint is in its
// `_serverKeys` map, so the tests register this key there, as a self-hosted setup would.
import bigInt from 'big-integer';
import { _serverKeys } from 'telegram/crypto/RSA';
import { sha1 } from './crypto';
import { tlBytes } from './tl-wire';

export interface RsaKey {
	n: bigint;
	e: bigint;
	d: bigint;
	/** Telegram's fingerprint: the lower 64 bits of SHA1(rsa_public_key n:bytes e:bytes), as a signed long. */
	fingerprint: bigint;
}

let cached: RsaKey | undefined;

// A fixed 2048-bit key (test data only). Generating one per process with Node's RSA keygen and
// reading it back as JWK can deadlock Node 20 when a garbage collection runs the finished keygen
// job's destructor during the export (seen as a test file hanging with no CPU).
const N_HEX =
	'8be32ead8c7cb6a2d05ec7b36abd290eed6f7903208ffe584eb8cedbf288d80e335a3c801c1e436196a5a5b7591655b4' +
	'5bd942a6780921751ae2e660e302ee2ac1518ba1960d345dc46522866b7cbb2cd20fad7ec5ebb5851a9f0ec07e5f0b92' +
	'0b3b0f46cf0ecdcaacf8a499a116ef17f7aa58a48596d43ae5d22b74c2249f02cbe9848e07ba63c81c8fd1d5a20b845d' +
	'9abaca5b2a4f87147ad58d483f77e52a72ca3ecf90551045665ba402d80f987d05fbd3354ce9f6183438b3cf928c112c' +
	'd8e8d3392a9a06a4d8885888bd8e1ebccea1f8a2db2178d75f8758423a0d7da23c4304f8dcfa8fd92f283a1ef909d0c7' +
	'2d3dc040fd49a5beccfebff0bd72ee3d';
const D_HEX =
	'017859ff7b6c3d1c216df991ce639e0898e0b4c81e61bd05cf0ffca68d9a3811102398e2acc8f9a2cf2b3efe5a0a94cc' +
	'80319c9474cafdc5c60a4feb013fc0e284a5177f537d208982bca05c02c9ad0ae7cb3fe2c6f036f866e2f88bf7d8065e' +
	'5acd5c57fd6995aa955e48968fbd96b62d0566889619d371aa04272e433310d3b9f818dcdfdd09dc5067a1f7baf5b203' +
	'b50a085a96e145e438ec1c13e6157c5e466ffe21646cfc81b92ec5523c64ab5c489611de4d9758f1251a81ab02f7be24' +
	'14869fc4844ce6e276146cb51d0001d45610a5c8758c4060640c778b3b81500c95748ae3a40adcf3ecb338ee0994c1f6' +
	'284e89fc583d9bef183811633bbac8a9';

export function testRsaKey(): RsaKey {
	if (cached) return cached;
	const n = BigInt(`0x${N_HEX}`);
	const e = 65537n;
	const d = BigInt(`0x${D_HEX}`);
	const nBytes = Buffer.from(N_HEX.padStart(512, '0'), 'hex');
	const digest = sha1(tlBytes(nBytes), tlBytes(Buffer.from([1, 0, 1])));
	const fingerprint = digest.subarray(12, 20).readBigInt64LE(0);
	cached = { n, e, d, fingerprint };
	_serverKeys.set(fingerprint.toString(), { n: bigInt(n.toString()), e: Number(e) });
	return cached;
}
