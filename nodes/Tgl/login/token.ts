// The login token that carries a login from one step to the next (send code → sign in, show
// QR → wait for the scan), so that the steps may run in different executions, processes or
// machines: nothing is kept between them but the token.
//
// It holds the temporary auth key of the login (in a GramJS session string with its DC and
// address), and for a code login the phone number and Telegram's phone_code_hash. That key
// becomes the account's session once the code (and the password) are accepted, so the token is
// encrypted: AES-256-GCM under a key derived with HKDF-SHA256 from the credential's API hash
// and a random salt drawn for each token. The API hash is the one secret both steps share
// without storage (a token is useless without it), the salt gives every token its own key (so
// the random GCM nonce never repeats under one key), and GCM refuses a token changed in transit.
// The token also says until when it is good; Telegram's codes and QR tokens expire earlier.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'crypto';
import { LoginFailure } from './errors';

export interface LoginState {
	kind: 'code' | 'qr';
	/** The login's GramJS session string (DC, address, the not-yet-logged-in auth key). */
	session: string;
	apiId: number;
	phone?: string;
	phoneCodeHash?: string;
	/** The QR token shown (base64url): a different one from Telegram means the shown one expired. */
	qrToken?: string;
	/** Unix seconds after which the token is refused. */
	expires: number;
}

const PREFIX = 'tgl-login-1.';
const INFO = Buffer.from('n8n-nodes-tgl login token');
const SALT = 16;
const IV = 12;
const TAG = 16;
/** Long enough for a person to read a code or find the password; Telegram's codes expire sooner. */
export const LOGIN_TOKEN_SECONDS = 15 * 60;

function keyOf(apiHash: string, salt: Buffer): Buffer {
	return Buffer.from(hkdfSync('sha256', Buffer.from(apiHash.toLowerCase(), 'utf8'), salt, INFO, 32));
}

export function sealLoginToken(state: LoginState, apiHash: string): string {
	const salt = randomBytes(SALT);
	const iv = randomBytes(IV);
	const cipher = createCipheriv('aes-256-gcm', keyOf(apiHash, salt), iv);
	const body = Buffer.concat([cipher.update(JSON.stringify(state), 'utf8'), cipher.final()]);
	return PREFIX + Buffer.concat([salt, iv, cipher.getAuthTag(), body]).toString('base64url');
}

const NOT_A_TOKEN =
	'The login token is not one this node made with this credential (cut short, changed, or made with another API hash): start the login again';

export function openLoginToken(token: string, apiHash: string, nowSeconds = Math.floor(Date.now() / 1000)): LoginState {
	const text = token.trim();
	if (!text.startsWith(PREFIX)) throw new LoginFailure(NOT_A_TOKEN);
	const bytes = Buffer.from(text.slice(PREFIX.length), 'base64url');
	if (bytes.length <= SALT + IV + TAG) throw new LoginFailure(NOT_A_TOKEN);
	let state: LoginState;
	try {
		const salt = bytes.subarray(0, SALT);
		const decipher = createDecipheriv('aes-256-gcm', keyOf(apiHash, salt), bytes.subarray(SALT, SALT + IV));
		decipher.setAuthTag(bytes.subarray(SALT + IV, SALT + IV + TAG));
		const plain = Buffer.concat([decipher.update(bytes.subarray(SALT + IV + TAG)), decipher.final()]);
		state = JSON.parse(plain.toString('utf8')) as LoginState;
	} catch {
		throw new LoginFailure(NOT_A_TOKEN);
	}
	if (state.expires <= nowSeconds) throw new LoginFailure('The login token has expired: start the login again');
	return state;
}
