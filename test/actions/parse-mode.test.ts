// Parse Mode in cloud chats: Markdown and HTML become the text and entities Telegram stores (on
// the server, in the sent item, and in the other account's trigger item); captions and edits
// too; the length limit counts the text without markup. The loopback refuses entities outside
// the text (ENTITY_BOUNDS_INVALID) as Telegram does.
import type { IBinaryData, IDataObject } from 'n8n-workflow';
import { Api } from 'telegram';
import { RPCError } from 'telegram/errors';
import { byId, chain, eventually, node, TestEnv, TGL_TRIGGER, tgl, triggered, type Workflow } from '../support/env';
import { png } from '../support/media-bytes';
import { clientPool } from '../../nodes/Tgl/transport/client-pool';
import { toTglCredentials } from '../../nodes/Tgl/transport/credentials';

/** What a user checks of an entity on the server: its kind, where it is, its link. */
const shape = (entities: Api.TypeMessageEntity[] | undefined) =>
	(entities ?? []).map((e) => ({ kind: e.className, offset: e.offset, length: e.length, ...('url' in e ? { url: e.url } : {}) }));

const pngData = (bytes: Buffer, fileName = 'view.png'): IBinaryData => ({ data: bytes.toString('base64'), fileName, mimeType: 'image/png', fileSize: String(bytes.length) });

function withBinary(workflow: Workflow, bytes: Buffer): Workflow {
	return { ...workflow, pinData: { Start: [{ json: {}, binary: { data: pngData(bytes) } }] } } as Workflow;
}

describe('Parse Mode (cloud chats)', () => {
	let env: TestEnv;
	let alice: { id: number };
	let bob: { id: number };

	beforeAll(async () => {
		env = await TestEnv.start();
		alice = env.world.addUser({ firstName: 'Alice', username: 'alice_pm', phone: '15557001' });
		bob = env.world.addUser({ firstName: 'Bob', username: 'bob_pm', phone: '15557002' });
		env.world.sendMessage(bob.id, { userId: alice.id }, 'hi');
	});

	afterAll(async () => {
		await env.stop();
	});

	const newestAtBob = () => env.world.history(bob.id, { userId: alice.id })[0];

	it('a Markdown and an HTML message arrive formatted: on the server, in the sent items and in the trigger of the other account', async () => {
		const trigger = await env.trigger(triggered(node('On Message', TGL_TRIGGER, { events: ['on_msg_receive'] })), bob.id);
		try {
			await eventually(() => env.server.calls.some((c) => c.method === 'updates.GetState' && c.userId === bob.id), 'trigger start');
			const run = await env.run(
				chain(
					[
						{ mode: 'markdown', text: 'Hi **bold** and __it__ `x`' },
						{ mode: 'html', text: '<b>Done</b>: see <a href="https://n8n.io">the run</a> &lt;3' },
					],
					tgl('Send', 'peer', 'sendMsg', { peer: byId(bob.id), text: '={{ $json.text }}', options: { parseMode: '={{ $json.mode }}' } }),
				),
				alice.id,
			);
			expect(run.error).toBeUndefined();
			const [md, html] = run.output('Send').map((i) => i.json as IDataObject);
			expect(md).toMatchObject({
				text: 'Hi bold and it x',
				entities: [
					{ type: 'bold', offset: 3, length: 4 },
					{ type: 'italic', offset: 12, length: 2 },
					{ type: 'code', offset: 15, length: 1 },
				],
			});
			expect(html).toMatchObject({
				text: 'Done: see the run <3',
				entities: [
					{ type: 'bold', offset: 0, length: 4 },
					{ type: 'text_link', offset: 10, length: 7, url: 'https://n8n.io' },
				],
			});

			const atBob = env.world.history(bob.id, { userId: alice.id }).slice(0, 2).reverse();
			expect(atBob.map((m) => m.text)).toEqual(['Hi bold and it x', 'Done: see the run <3']);
			expect(shape(atBob[0].entities)).toEqual([
				{ kind: 'MessageEntityBold', offset: 3, length: 4 },
				{ kind: 'MessageEntityItalic', offset: 12, length: 2 },
				{ kind: 'MessageEntityCode', offset: 15, length: 1 },
			]);
			expect(shape(atBob[1].entities)).toEqual([
				{ kind: 'MessageEntityBold', offset: 0, length: 4 },
				{ kind: 'MessageEntityTextUrl', offset: 10, length: 7, url: 'https://n8n.io' },
			]);

			const received = (await trigger.waitForItems(2)).map((i) => i.json.msg as IDataObject);
			expect(received[0]).toMatchObject({ text: 'Hi bold and it x', entities: md.entities });
			expect(received[1]).toMatchObject({ text: 'Done: see the run <3', entities: html.entities });
		} finally {
			await trigger.close();
		}
	});

	it('None (the default) sends the markup as it is; a plain message has no entities key', async () => {
		const run = await env.run(chain([{}], tgl('Send', 'peer', 'sendMsg', { peer: byId(bob.id), text: '<b>as is</b> **too**' })), alice.id);
		expect(run.error).toBeUndefined();
		const [item] = run.output('Send');
		expect(item.json.text).toBe('<b>as is</b> **too**');
		expect(item.json).not.toHaveProperty('entities');
		expect(newestAtBob().entities).toBeUndefined();
	});

	it('malformed markup never fails: HTML closes open tags at the end, Markdown drops an unpaired marker', async () => {
		const run = await env.run(
			chain(
				[
					{ mode: 'html', text: '<b>open <i>tags' },
					{ mode: 'markdown', text: 'a **b' },
				],
				tgl('Send', 'peer', 'sendMsg', { peer: byId(bob.id), text: '={{ $json.text }}', options: { parseMode: '={{ $json.mode }}' } }),
			),
			alice.id,
		);
		expect(run.error).toBeUndefined();
		const [html, md] = run.output('Send').map((i) => i.json as IDataObject);
		expect(html).toMatchObject({ text: 'open tags', entities: [{ type: 'bold', offset: 0, length: 9 }, { type: 'italic', offset: 5, length: 4 }] });
		expect(md.text).toBe('a b');
		expect(md).not.toHaveProperty('entities');
	});

	it('the 4096 limit counts the text without its markup', async () => {
		const run = await env.run(
			chain(
				[{ text: `<b>${'a'.repeat(4096)}</b>` }, { text: `<b>${'a'.repeat(4097)}</b>` }],
				tgl('Send', 'peer', 'sendMsg', { peer: byId(bob.id), text: '={{ $json.text }}', options: { parseMode: 'html' } }, { onError: 'continueRegularOutput' }),
			),
			alice.id,
		);
		expect(run.error).toBeUndefined();
		const [fits, over] = run.output('Send').map((i) => i.json as IDataObject);
		expect(fits.error).toBeUndefined();
		expect(fits.entities).toEqual([{ type: 'bold', offset: 0, length: 4096 }]);
		expect(over.error).toBe('The message text has 4097 characters; Telegram allows 1–4096 characters');
		expect(newestAtBob().text).toBe('a'.repeat(4096));
	});

	it('a photo caption carries its entities', async () => {
		const run = await env.run(
			withBinary(chain([], tgl('Photo', 'peer', 'sendPhoto', { peer: byId(bob.id), options: { caption: 'A <i>fine</i> view', parseMode: 'html' } })), png(64, 48)),
			alice.id,
		);
		expect(run.error).toBeUndefined();
		const [item] = run.output('Photo');
		expect(item.json).toMatchObject({ text: 'A fine view', media: { type: 'photo', caption: 'A fine view' }, entities: [{ type: 'italic', offset: 2, length: 4 }] });
		const atBob = newestAtBob();
		expect(atBob.media?.kind).toBe('photo');
		expect(shape(atBob.entities)).toEqual([{ kind: 'MessageEntityItalic', offset: 2, length: 4 }]);
	});

	it('an album caption carries its entities, on the first part only', async () => {
		const binary = { a: pngData(png(20, 20), 'a.png'), b: pngData(png(30, 30), 'b.png') };
		const workflow = chain([], tgl('Album', 'peer', 'sendAlbum', { peer: byId(bob.id), options: { caption: '<b>Trip</b> 2026', parseMode: 'html' } }));
		const run = await env.run({ ...workflow, pinData: { Start: [{ json: {}, binary }] } } as Workflow, alice.id);
		expect(run.error).toBeUndefined();
		const [first, second] = run.output('Album').map((i) => i.json as IDataObject);
		expect(first).toMatchObject({ text: 'Trip 2026', entities: [{ type: 'bold', offset: 0, length: 4 }] });
		expect(second).not.toHaveProperty('entities');
		const [atBobFirst, atBobSecond] = env.world.history(bob.id, { userId: alice.id }).slice(0, 2).reverse();
		expect(shape(atBobFirst.entities)).toEqual([{ kind: 'MessageEntityBold', offset: 0, length: 4 }]);
		expect(atBobSecond.entities).toBeUndefined();
	});

	it('an edit replaces the text and its entities', async () => {
		const sent = await env.run(chain([{}], tgl('Send', 'peer', 'sendMsg', { peer: byId(bob.id), text: 'draft' })), alice.id);
		const id = sent.output('Send')[0].json.id as number;
		const run = await env.run(
			chain([{}], tgl('Edit', 'msg', 'editMsg', { message: `${id}`, peer: byId(bob.id), text: 'Final: ~~draft~~ **v2**', options: { parseMode: 'markdown' } })),
			alice.id,
		);
		expect(run.error).toBeUndefined();
		expect(run.output('Edit')[0].json).toMatchObject({
			text: 'Final: draft v2',
			entities: [
				{ type: 'strikethrough', offset: 7, length: 5 },
				{ type: 'bold', offset: 13, length: 2 },
			],
		});
		const atBob = newestAtBob();
		expect(atBob.text).toBe('Final: draft v2');
		expect(shape(atBob.entities)).toEqual([
			{ kind: 'MessageEntityStrike', offset: 7, length: 5 },
			{ kind: 'MessageEntityBold', offset: 13, length: 2 },
		]);
	});

	it('the loopback refuses entities that run past the text (ENTITY_BOUNDS_INVALID), as Telegram does', async () => {
		const account = await clientPool.acquire(toTglCredentials((await env.credentials(alice.id)).tglApi as never));
		try {
			const rpc = (request: Api.AnyRequest) =>
				account.call(request).then(
					() => 'OK',
					(e) => (e instanceof RPCError ? e.errorMessage : String(e)),
				);
			const peer = new Api.InputPeerSelf();
			const send = (length: number) =>
				new Api.messages.SendMessage({ peer, message: 'four', randomId: BigInt(Date.now()) as never, entities: [new Api.MessageEntityBold({ offset: 1, length })] });
			expect(await rpc(send(4))).toBe('ENTITY_BOUNDS_INVALID');
			expect(await rpc(send(3))).toBe('OK');
		} finally {
			clientPool.release(account);
		}
	});
});
