// examples/login-form.json in a real n8n 2.8.4, played as a browser plays n8n's form pages: the
// Form Trigger's page is fetched and posted (multipart, field-0 …), each next page is fetched at
// /form-waiting/<execution> once its status says "form-waiting", and the last page's own POST
// ends the run. The credential has only the API ID and hash; the session string shows on the
// last page, works, and n8n keeps no execution of the workflow.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { whoseSession } from '../cli/cli-run';
import { LOOPBACK_API_HASH, LOOPBACK_API_ID, LoopbackTelegram } from '../telegram/loopback';
import { testRsaKey } from '../telegram/mtproto/rsa';
import { readExecutions } from './n8n-db';
import { N8nInstance, NETWORK_GUARD, REPO_ROOT, type N8nWorkflow } from './n8n-instance';

jest.setTimeout(300_000);

const EXAMPLE = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'examples', 'login-form.json'), 'utf8')) as N8nWorkflow;
const CRED = { id: 'tglLoginForm0001', name: 'Telegram (API ID and hash only)' };
const FORM_PATH = 'telegram-login';

/** The example, its Telegram nodes on the test's credential. */
function workflow(): N8nWorkflow {
	const copy = JSON.parse(JSON.stringify(EXAMPLE)) as N8nWorkflow;
	for (const node of copy.nodes) if (node.credentials) node.credentials = { tglApi: CRED };
	return copy;
}

function form(fields: string[]): FormData {
	const body = new FormData();
	fields.forEach((value, i) => body.append(`field-${i}`, value));
	return body;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('examples/login-form.json in a real n8n', () => {
	let tg: LoopbackTelegram;
	let n8n: N8nInstance;
	let userFolder: string;

	beforeAll(async () => {
		tg = await LoopbackTelegram.start();
		userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'tgl-n8n-login-'));
		const key = testRsaKey();
		n8n = await N8nInstance.create({
			userFolder,
			env: {
				NODE_OPTIONS: [process.env.NODE_OPTIONS, `--require=${NETWORK_GUARD}`, `--require=${path.join(__dirname, 'server-key-hook.js')}`].filter(Boolean).join(' '),
				TGL_TEST_SERVER_KEY: JSON.stringify({ fingerprint: key.fingerprint.toString(), n: key.n.toString(), e: key.e.toString() }),
				TGL_TEST_PACK_DIR: path.join(userFolder, '.n8n', 'nodes', 'node_modules', 'n8n-nodes-tgl'),
			},
		});
		n8n.installPack();
		await n8n.importCredentials([
			{ ...CRED, type: 'tglApi', data: { apiId: LOOPBACK_API_ID, apiHash: LOOPBACK_API_HASH, session: '', serverHost: tg.host, serverPort: tg.port } },
		]);
		await n8n.importWorkflow(workflow());
		await n8n.publishWorkflow(EXAMPLE.id);
		await n8n.start();
	});

	afterAll(async () => {
		try {
			await n8n?.dispose();
		} finally {
			await tg?.stop();
			if (userFolder && !process.env.N8N_TEST_KEEP) fs.rmSync(userFolder, { recursive: true, force: true });
		}
	});

	/** GET a page (the form's registration follows /healthz: retry a 404 for a while). */
	async function page(url: string): Promise<string> {
		const until = Date.now() + 60_000;
		for (;;) {
			const res = await fetch(url);
			if (res.ok) return res.text();
			if (res.status !== 404 || Date.now() > until) throw new Error(`GET ${url}: HTTP ${res.status} ${await res.text()}\n${n8n.log.slice(-3000)}`);
			await sleep(250);
		}
	}

	/** POSTs a page's fields; n8n answers where the next page will be. */
	async function submit(url: string, fields: string[]): Promise<string> {
		const res = await fetch(url, { method: 'POST', body: form(fields) });
		const text = await res.text();
		if (!res.ok) throw new Error(`POST ${url}: HTTP ${res.status} ${text}\n${n8n.log.slice(-3000)}`);
		const next = (JSON.parse(text) as { formWaitingUrl?: string }).formWaitingUrl;
		if (!next) throw new Error(`POST ${url} answered ${text}`);
		return next;
	}

	/** Polls the execution's status as the form page's script does, until `want`. */
	async function status(waitingUrl: string, want: (s: string) => boolean): Promise<string> {
		const until = Date.now() + 60_000;
		for (;;) {
			const text = (await (await fetch(`${waitingUrl}/n8n-execution-status`)).text()).trim();
			if (want(text)) return text;
			if (Date.now() > until) throw new Error(`status stayed "${text}"\n${n8n.log.slice(-3000)}`);
			await sleep(250);
		}
	}

	/** Phone page, code page; the HTML of the page after the code. */
	async function logIn(phone: string, code: () => string, password = ''): Promise<{ html: string; waiting: string }> {
		const first = await page(`${n8n.url}/form/${FORM_PATH}`);
		expect(first).toContain('Log in to Telegram');
		expect(first).toContain('Phone number');
		const waiting = await submit(`${n8n.url}/form/${FORM_PATH}`, [phone]);
		expect(waiting).toMatch(/\/form-waiting\/\d+$/);
		await status(waiting, (s) => s === 'form-waiting');
		const codePage = await page(waiting);
		expect(codePage).toContain('Telegram sent a login code to your Telegram app');
		expect(codePage).toContain('2FA password');
		expect(await submit(waiting, [code(), password])).toBe(waiting);
		await status(waiting, (s) => s === 'form-waiting');
		return { html: await page(waiting), waiting };
	}

	/** The last page's own POST, which ends the run (the page's script sends it). */
	async function finish(waiting: string): Promise<void> {
		await fetch(waiting, { method: 'POST', body: '{}' });
		await status(waiting, (s) => s !== 'waiting' && s !== 'running' && s !== 'form-waiting');
	}

	it('phone, then code and 2FA password: the last page shows a session string that works', async () => {
		const phone = '+447700950001';
		const user = tg.world.addUser({ firstName: 'Fiona', username: 'fiona_form', phone });
		tg.world.setPassword(user.id, 'form pass 5');
		const { html, waiting } = await logIn(phone, () => tg.world.lastLoginCode(phone)!, 'form pass 5');
		expect(html).toContain('Logged in as Fiona');
		const session = /1[A-Za-z0-9+/=_-]{300,}/.exec(html)?.[0];
		expect(session).toBeDefined();
		expect(await whoseSession(tg, session!)).toEqual({ id: user.id, dcId: 2 });
		await finish(waiting);
	});

	it('a wrong code ends on the "Login failed" page with the reason', async () => {
		const phone = '+447700950002';
		tg.world.addUser({ firstName: 'Gus', phone });
		tg.world.setLoginCode(phone, '24680');
		const { html, waiting } = await logIn(phone, () => '13579');
		expect(html).toContain('Login failed');
		expect(html).toContain('The login code is not right (PHONE_CODE_INVALID)');
		await finish(waiting);
	});

	it('n8n kept no execution of the workflow (its settings save none)', async () => {
		await n8n.stop();
		expect(await readExecutions(n8n, EXAMPLE.id)).toEqual([]);
	});
});
