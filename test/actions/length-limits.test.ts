// Telegram's length limits: one over is an item error naming the field and the limit, with
// nothing stored; exactly at the limit is stored. The loopback answers the same limits itself.
import type { IBinaryData, IDataObject } from 'n8n-workflow';
import { Api } from 'telegram';
import { RPCError } from 'telegram/errors';
import { byId, chain, TestEnv, tgl, type Workflow } from '../support/env';
import { png } from '../support/media-bytes';
import { clientPool } from '../../nodes/Tgl/transport/client-pool';
import { toTglCredentials } from '../../nodes/Tgl/transport/credentials';
import type { AccountClient } from '../../nodes/Tgl/transport/account-client';

const COF = { onError: 'continueRegularOutput' as const };
const a = (n: number) => 'a'.repeat(n);

describe("Telegram's length limits", () => {
	let env: TestEnv;
	let alice: { id: number };
	let bob: { id: number };

	beforeAll(async () => {
		env = await TestEnv.start();
		alice = env.world.addUser({ firstName: 'Alice', username: 'alice_len', phone: '15553001' });
		bob = env.world.addUser({ firstName: 'Bob', username: 'bob_len', phone: '15553002' });
		env.world.sendMessage(bob.id, { userId: alice.id }, 'hi');
	});

	afterAll(async () => {
		await env.stop();
	});

	/** Runs one node over the items with Continue On Fail; returns each item's error (or undefined). */
	async function errorsOf(workflow: Workflow, name: string): Promise<(string | undefined)[]> {
		const run = await env.run(workflow, alice.id);
		expect(run.error).toBeUndefined();
		return run.output(name).map((i) => i.json.error as string | undefined);
	}

	it('renameChat: 129 characters is refused and nothing changes; 128 is stored', async () => {
		const group = env.world.createGroup(alice.id, 'Start', [bob.id]);
		const errors = await errorsOf(
			chain([{ title: a(129) }, { title: a(128) }], tgl('Rename', 'chat', 'renameChat', { peer: byId(`-${group.id}`), title: '={{ $json.title }}' }, COF)),
			'Rename',
		);
		expect(errors[0]).toBe('The chat title has 129 characters; Telegram allows 1–128 characters');
		expect(errors[1]).toBeUndefined();
		expect(env.world.chat(group.id)!.title).toBe(a(128));
		// Only the good one reached Telegram.
		expect(env.world.history(bob.id, { chatId: group.id }).filter((m) => m.action?.kind === 'editTitle')).toHaveLength(1);
	});

	it('createGroupChat: a 129-character title creates nothing; 128 creates the group', async () => {
		const before = env.server.callCount('messages.CreateChat');
		const errors = await errorsOf(
			chain([{ title: a(129) }, { title: 'b'.repeat(128) }], tgl('Create', 'chat', 'createGroupChat', { title: '={{ $json.title }}', users: '@bob_len' }, COF)),
			'Create',
		);
		expect(errors).toEqual(['The chat title has 129 characters; Telegram allows 1–128 characters', undefined]);
		expect(env.server.callCount('messages.CreateChat') - before).toBe(1);
	});

	it('addContact and renameContact: first name 65 / last name 65 are refused; 64 each is stored', async () => {
		const carol = env.world.addUser({ firstName: 'Carol', phone: '15553003' });
		const add = await errorsOf(
			chain(
				[
					{ first: a(65), last: '' },
					{ first: 'Carol', last: a(65) },
					{ first: 'f'.repeat(64), last: 'l'.repeat(64) },
				],
				tgl('Add', 'contact', 'addContact', { phone: '+15553003', firstName: '={{ $json.first }}', lastName: '={{ $json.last }}' }, COF),
			),
			'Add',
		);
		expect(add).toEqual([
			'The first name has 65 characters; Telegram allows 1–64 characters',
			'The last name has 65 characters; Telegram allows at most 64 characters',
			undefined,
		]);
		const contact = () => env.world.contactsOf(alice.id).find((c) => c.userId === carol.id);
		expect(contact()).toMatchObject({ firstName: 'f'.repeat(64), lastName: 'l'.repeat(64) });
		const rename = await errorsOf(
			chain([{ first: a(65) }, { first: 'g'.repeat(64) }], tgl('Rename', 'contact', 'renameContact', { phone: '+15553003', firstName: '={{ $json.first }}' }, COF)),
			'Rename',
		);
		expect(rename).toEqual(['The first name has 65 characters; Telegram allows 1–64 characters', undefined]);
		expect(contact()).toMatchObject({ firstName: 'g'.repeat(64) });
	});

	it('sendMsg: 4097 characters is refused and nothing is sent; 4096 is sent (emoji count as two)', async () => {
		const emoji = '😀'.repeat(2048); // 4096 UTF-16 units
		const errors = await errorsOf(
			chain([{ text: a(4097) }, { text: a(4096) }, { text: `${emoji}x` }, { text: emoji }], tgl('Send', 'peer', 'sendMsg', { peer: byId(bob.id), text: '={{ $json.text }}' }, COF)),
			'Send',
		);
		expect(errors).toEqual([
			'The message text has 4097 characters; Telegram allows 1–4096 characters',
			undefined,
			'The message text has 4097 characters; Telegram allows 1–4096 characters',
			undefined,
		]);
		expect(
			env.world
				.history(bob.id, { userId: alice.id })
				.slice(0, 2)
				.map((m) => m.text),
		).toEqual([emoji, a(4096)]);
	});

	it('media captions: 1025 characters is refused before the upload; 1024 is sent', async () => {
		const photo: IBinaryData = { data: png(8, 8).toString('base64'), fileName: 'p.png', mimeType: 'image/png' };
		const uploadsBefore = env.server.callCount('upload.SaveFilePart');
		const workflow = {
			...chain([], tgl('Photo', 'peer', 'sendPhoto', { peer: byId(bob.id), options: { caption: '={{ $json.caption }}' } }, COF)),
			pinData: { Start: [{ json: { caption: a(1025) } as IDataObject, binary: { data: photo } }, { json: { caption: a(1024) }, binary: { data: photo } }] },
		};
		const errors = await errorsOf(workflow, 'Photo');
		expect(errors).toEqual(['The caption has 1025 characters; Telegram allows at most 1024 characters', undefined]);
		expect(env.server.callCount('upload.SaveFilePart') - uploadsBefore).toBe(1);
		expect(env.world.history(bob.id, { userId: alice.id })[0].text).toBe(a(1024));
	});

	describe('the loopback answers them as Telegram does', () => {
		let account: AccountClient;

		beforeAll(async () => {
			account = await clientPool.acquire(toTglCredentials((await env.credentials(alice.id)).tglApi as never));
		});

		afterAll(() => clientPool.release(account));

		const rpc = (request: Api.AnyRequest) =>
			account.call(request).then(
				() => 'OK',
				(e) => (e instanceof RPCError ? e.errorMessage : String(e)),
			);

		it('message 4096 / chat title 128 / about 70 / first and last name 64 / username 5–32', async () => {
			const peer = new Api.InputPeerSelf();
			const send = (message: string) => new Api.messages.SendMessage({ peer, message, randomId: BigInt(Date.now()) as never });
			expect(await rpc(send(a(4097)))).toBe('MESSAGE_TOO_LONG');
			expect(await rpc(send(a(4096)))).toBe('OK');
			expect(await rpc(new Api.messages.CreateChat({ users: [new Api.InputUserSelf()], title: a(129) }))).toBe('CHAT_TITLE_TOO_LONG');
			expect(await rpc(new Api.account.UpdateProfile({ about: a(71) }))).toBe('ABOUT_TOO_LONG');
			expect(await rpc(new Api.account.UpdateProfile({ about: a(70) }))).toBe('OK');
			expect(await rpc(new Api.account.UpdateProfile({ firstName: a(65) }))).toBe('FIRSTNAME_INVALID');
			expect(await rpc(new Api.account.UpdateProfile({ firstName: a(64), lastName: a(65) }))).toBe('LASTNAME_INVALID');
			expect(await rpc(new Api.account.UpdateProfile({ firstName: a(64), lastName: a(64) }))).toBe('OK');
			expect(env.world.user(alice.id)).toMatchObject({ firstName: a(64), lastName: a(64), about: a(70) });
			expect(await rpc(new Api.account.UpdateUsername({ username: 'abcd' }))).toBe('USERNAME_INVALID');
			expect(await rpc(new Api.account.UpdateUsername({ username: `a${'b'.repeat(32)}` }))).toBe('USERNAME_INVALID');
			expect(await rpc(new Api.account.UpdateUsername({ username: 'abcde' }))).toBe('OK');
			expect(await rpc(new Api.account.UpdateUsername({ username: `a${'b'.repeat(31)}` }))).toBe('OK');
			expect(env.world.user(alice.id)!.username).toBe(`a${'b'.repeat(31)}`);
		});
	});
});
