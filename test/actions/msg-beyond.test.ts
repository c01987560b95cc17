// Msg operations beyond tgl (issue 11) through the n8n engine, over MTProto: edit, pin/unpin,
// copy, react, get by id; checked in the items and in the loopback's state.
import { Api } from 'telegram';
import type { IDataObject } from 'n8n-workflow';
import { byId, chain, eventually, node, TestEnv, TGL_TRIGGER, tgl, triggered } from '../support/env';
import { addClub } from '../support/club';
import { EDIT_TIME_LIMIT } from '../telegram/world/edits';

const COF = { onError: 'continueRegularOutput' as const };
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

describe('Msg beyond tgl: edit, pin, copy, react, get', () => {
	let env: TestEnv;
	let alice: { id: number };
	let bob: { id: number };
	let carol: { id: number };
	let group: { id: number };
	let supergroup: { id: number };

	beforeAll(async () => {
		env = await TestEnv.start();
		({ alice, bob, carol, group, supergroup } = addClub(env.world, { tag: '_mb', group: 'Tea Club', supergroup: 'Big Tea' }));
	});

	afterAll(async () => {
		await env.stop();
	});

	const superPeer = () => byId(`-100${supergroup.id}`);
	/** Alice writes to Bob from her other client; her id of it and Bob's. */
	function aliceToBob(text: string) {
		const sent = env.world.sendMessage(alice.id, { userId: bob.id }, text);
		return { mine: sent.boxes[alice.id], theirs: sent.boxes[bob.id] };
	}
	const copyIn = (owner: number, id: number) => env.world.account(owner)!.messages.get(id)!;

	describe('editMsg', () => {
		it('edits the text by ID and Peer, for both sides, and outputs the edited Msg', async () => {
			const { mine, theirs } = aliceToBob('helo wrld');
			const run = await env.run(chain([{}], tgl('Edit', 'msg', 'editMsg', { message: `${mine}`, peer: byId(bob.id), text: 'hello world' })), alice.id);
			expect(run.error).toBeUndefined();
			const [item] = run.output('Edit');
			expect(item.json).toMatchObject({ id: mine, out: true, text: 'hello world', service: false, dest: { id: bob.id, type_name: 'user' } });
			expect(item.json.edit_date).toEqual(expect.any(String));
			expect(item.pairedItem).toEqual({ item: 0 });
			expect(copyIn(alice.id, mine)).toMatchObject({ text: 'hello world', editDate: expect.any(Number) });
			expect(copyIn(bob.id, theirs).text).toBe('hello world');
		});

		it('edits a supergroup message given as a Msg object, and a caption with link preview off', async () => {
			env.world.sendMessage(alice.id, { channelId: supergroup.id }, 'super typo');
			const photo = env.world.sendMedia(alice.id, { userId: bob.id }, { photo: PNG }, 'old caption').boxes[alice.id];
			const run = await env.run(
				chain(
					[{}],
					tgl('History', 'peer', 'getHistory', { peer: superPeer(), offset: 0, limit: 1 }),
					tgl('EditSuper', 'msg', 'editMsg', { message: '={{ $json }}', text: 'super fixed' }),
					tgl('EditCaption', 'msg', 'editMsg', {
						message: `${photo}`,
						peer: byId(bob.id),
						text: 'new caption https://example.com',
						options: { preview: 'off' },
					}),
				),
				alice.id,
			);
			expect(run.error).toBeUndefined();
			expect(run.output('EditSuper')[0].json).toMatchObject({ text: 'super fixed', dest: { id: supergroup.id, type_name: 'channel' } });
			expect(env.world.channel(supergroup.id)!.messages.at(-1)!.text).toBe('super fixed');
			expect(run.output('EditCaption')[0].json).toMatchObject({ text: 'new caption https://example.com', media: { type: 'photo' } });
			expect(copyIn(alice.id, photo)).toMatchObject({ text: 'new caption https://example.com', noWebpage: true, media: { kind: 'photo' } });
		});

		it("fails clearly on someone else's message, an unchanged text and a message older than 48 hours; Continue On Fail goes on", async () => {
			const fromBob = env.world.sendMessage(bob.id, { userId: alice.id }, 'bob says').boxes[alice.id];
			const same = aliceToBob('unchanged').mine;
			const old = aliceToBob('ancient').mine;
			copyIn(alice.id, old).date -= EDIT_TIME_LIMIT + 60;
			const good = aliceToBob('fine to edit').mine;
			const items = [
				{ id: fromBob, text: 'hijacked' },
				{ id: same, text: 'unchanged' },
				{ id: old, text: 'too late' },
				{ id: good, text: 'edited fine' },
			];
			const run = await env.run(
				chain(items, tgl('Edit', 'msg', 'editMsg', { message: '={{ $json.id }}', peer: byId(bob.id), text: '={{ $json.text }}' }, COF)),
				alice.id,
			);
			expect(run.error).toBeUndefined();
			const out = run.output('Edit');
			expect(out.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
			expect(out[0].json.error).toMatch(/^MESSAGE_AUTHOR_REQUIRED: Only the author of this message can edit it/);
			expect(out[1].json.error).toMatch(/^MESSAGE_NOT_MODIFIED: /);
			expect(out[2].json.error).toMatch(/^MESSAGE_EDIT_TIME_EXPIRED: .*48 hours/);
			expect(out[3].json).toMatchObject({ text: 'edited fine' });
			expect(copyIn(alice.id, fromBob).text).toBe('bob says');
			expect(copyIn(alice.id, old).text).toBe('ancient');

			// Without Continue On Fail the first bad item stops the node with its item named.
			const stopped = await env.run(chain([{}], tgl('Edit', 'msg', 'editMsg', { message: `${fromBob}`, peer: byId(bob.id), text: 'x' })), alice.id);
			expect(stopped.error?.message).toMatch(/^MESSAGE_AUTHOR_REQUIRED/);
		});

		it('an ID without Peer is an item error that says to set Peer', async () => {
			const { mine } = aliceToBob('no peer');
			const run = await env.run(chain([{}], tgl('Edit', 'msg', 'editMsg', { message: `${mine}`, text: 'x' })), alice.id);
			expect(run.error?.message).toMatch(
				new RegExp(`^Message ${mine} is given by ID only: set Peer to the chat it is in, or pass the Msg object from an earlier node`),
			);
		});
	});

	describe('pinMsg / unpinMsg', () => {
		it('pins in a private chat for both sides with a service message; silent pins notify nobody', async () => {
			const { mine, theirs } = aliceToBob('pin me');
			const quiet = aliceToBob('pin me quietly');
			const run = await env.run(
				chain(
					[{}],
					tgl('Pin', 'msg', 'pinMsg', { message: `${mine}`, peer: byId(bob.id) }),
					tgl('PinQuiet', 'msg', 'pinMsg', { message: `${quiet.mine}`, peer: byId(bob.id), options: { silent: true } }),
				),
				alice.id,
			);
			expect(run.error).toBeUndefined();
			expect(run.output('Pin')[0].json).toEqual({ success: true, changed: true });
			expect(run.output('PinQuiet')[0].json).toEqual({ success: true, changed: true });
			expect(copyIn(alice.id, mine).pinned).toBe(true);
			expect(copyIn(bob.id, theirs).pinned).toBe(true);
			const services = env.world.history(bob.id, { userId: alice.id }).filter((m) => m.action?.kind === 'pinMessage');
			expect(services.map((m) => [m.replyToId, !!m.silent])).toEqual([
				[quiet.theirs, true],
				[theirs, false],
			]);
		});

		it('Only For Me pins on your side only, without a service message', async () => {
			const { mine, theirs } = aliceToBob('pin for me');
			const servicesBefore = env.world.history(bob.id, { userId: alice.id }).filter((m) => m.action).length;
			const run = await env.run(chain([{}], tgl('Pin', 'msg', 'pinMsg', { message: `${mine}`, peer: byId(bob.id), options: { oneSide: true } })), alice.id);
			expect(run.output('Pin')[0].json).toEqual({ success: true, changed: true });
			expect(copyIn(alice.id, mine).pinned).toBe(true);
			expect(copyIn(bob.id, theirs).pinned).toBeUndefined();
			expect(env.world.history(bob.id, { userId: alice.id }).filter((m) => m.action).length).toBe(servicesBefore);
		});

		it('pinning a pinned message changes nothing; unpin one, then unpin all of a chat', async () => {
			const a = aliceToBob('pinned a').mine;
			const b = aliceToBob('pinned b').mine;
			const pinBoth = await env.run(
				chain([{ id: a }, { id: b }, { id: a }], tgl('Pin', 'msg', 'pinMsg', { message: '={{ $json.id }}', peer: byId(bob.id) })),
				alice.id,
			);
			expect(pinBoth.output('Pin').map((i) => i.json.changed)).toEqual([true, true, false]);

			const unpinA = await env.run(chain([{}], tgl('Unpin', 'msg', 'unpinMsg', { message: `${a}`, peer: byId(bob.id) })), alice.id);
			expect(unpinA.output('Unpin')[0].json).toEqual({ success: true, changed: true });
			expect(copyIn(alice.id, a).pinned).toBe(false);
			expect(copyIn(alice.id, b).pinned).toBe(true);

			const all = await env.run(chain([{}], tgl('UnpinAll', 'msg', 'unpinMsg', { message: '', peer: byId(bob.id) })), alice.id);
			expect(all.error).toBeUndefined();
			expect(all.output('UnpinAll')[0].json).toEqual({ success: true, changed: true });
			const pinnedLeft = (viewer: number, peer: { userId: number }) => env.world.history(viewer, peer).filter((m) => m.pinned);
			expect(pinnedLeft(alice.id, { userId: bob.id })).toEqual([]);
			expect(pinnedLeft(bob.id, { userId: alice.id })).toEqual([]);
		});

		it('pins in a supergroup as its admin; a member who is not admin gets CHAT_ADMIN_REQUIRED explained', async () => {
			const id = env.world.sendMessage(bob.id, { channelId: supergroup.id }, 'super pin').id;
			const asAlice = await env.run(chain([{}], tgl('Pin', 'msg', 'pinMsg', { message: `${id}`, peer: superPeer() })), alice.id);
			expect(asAlice.error).toBeUndefined();
			expect(env.world.channel(supergroup.id)!.byId.get(id)!.pinned).toBe(true);

			const asBob = await env.run(chain([{}], tgl('Unpin', 'msg', 'unpinMsg', { message: `${id}`, peer: superPeer() }, COF)), bob.id);
			expect(asBob.output('Unpin')[0].json.error).toMatch(/^CHAT_ADMIN_REQUIRED: You must be an admin of this chat to do that/);
			expect(env.world.channel(supergroup.id)!.byId.get(id)!.pinned).toBe(true);

			const all = await env.run(chain([{}], tgl('UnpinAll', 'msg', 'unpinMsg', { peer: superPeer() })), alice.id);
			expect(all.output('UnpinAll')[0].json).toEqual({ success: true, changed: true });
			expect(env.world.channel(supergroup.id)!.messages.filter((m) => m.pinned)).toEqual([]);
		});

		it('unpin with neither message nor peer says what to set', async () => {
			const run = await env.run(chain([{}], tgl('Unpin', 'msg', 'unpinMsg', { message: '' })), alice.id);
			expect(run.error?.message).toMatch(/^Set Message to unpin one message, or Peer to unpin every pinned message of that chat/);
		});
	});

	describe('copyMsg', () => {
		it('copies a text message with its formatting and no forward header', async () => {
			const { mine } = aliceToBob('bold and link');
			const entities = [new Api.MessageEntityBold({ offset: 0, length: 4 }), new Api.MessageEntityTextUrl({ offset: 9, length: 4, url: 'https://example.com/' })];
			copyIn(alice.id, mine).entities = entities;
			const run = await env.run(
				chain([{}], tgl('Copy', 'msg', 'copyMsg', { peer: byId(carol.id), message: `${mine}`, fromPeer: byId(bob.id) })),
				alice.id,
			);
			expect(run.error).toBeUndefined();
			const [item] = run.output('Copy');
			expect(item.json).toMatchObject({ out: true, text: 'bold and link', fwd_src: null, dest: { id: carol.id } });
			const [atCarol] = env.world.history(carol.id, { userId: alice.id });
			expect(atCarol).toMatchObject({ text: 'bold and link', fwd: undefined });
			expect(atCarol.entities?.map((e) => e.className)).toEqual(['MessageEntityBold', 'MessageEntityTextUrl']);
			expect((atCarol.entities![1] as Api.MessageEntityTextUrl).url).toBe('https://example.com/');
		});

		it('copies media by reference with its caption, or with a new caption', async () => {
			const photo = env.world.sendMedia(bob.id, { userId: alice.id }, { photo: PNG }, 'from bob').boxes[alice.id];
			const source = copyIn(alice.id, photo);
			const run = await env.run(
				chain(
					[{}],
					tgl('Copy', 'msg', 'copyMsg', { peer: byId(-group.id), message: `${photo}`, fromPeer: byId(bob.id) }),
					tgl('Recaption', 'msg', 'copyMsg', { peer: byId(carol.id), message: `${photo}`, fromPeer: byId(bob.id), options: { caption: 'my words' } }),
				),
				alice.id,
			);
			expect(run.error).toBeUndefined();
			expect(run.output('Copy')[0].json).toMatchObject({ text: 'from bob', fwd_src: null, media: { type: 'photo' } });
			const [inGroup] = env.world.history(alice.id, { chatId: group.id });
			expect(inGroup).toMatchObject({ text: 'from bob', media: source.media, fwd: undefined, fromId: alice.id });
			const [atCarol] = env.world.history(carol.id, { userId: alice.id });
			expect(atCarol).toMatchObject({ text: 'my words', media: source.media, fwd: undefined });
		});

		it('a new caption for a text message, and a missing message, are item errors', async () => {
			const { mine } = aliceToBob('just text');
			const run = await env.run(
				chain(
					[{ id: mine }, { id: 999_999 }],
					tgl('Copy', 'msg', 'copyMsg', { peer: byId(carol.id), message: '={{ $json.id }}', fromPeer: byId(bob.id), options: { caption: 'x' } }, COF),
				),
				alice.id,
			);
			const out = run.output('Copy');
			expect(out[0].json.error).toBe(`Message ${mine} is a text message: New Caption applies only to a message with media`);
			expect(out[1].json.error).toMatch(/^Message 999999 was not found in the source chat/);
		});
	});

	describe('sendReaction', () => {
		it('reacts, changes, removes; both sides see one shared reaction set', async () => {
			const sent = env.world.sendMessage(bob.id, { userId: alice.id }, 'react to me');
			const mine = sent.boxes[alice.id];
			const react = (reaction: string) => env.run(chain([{}], tgl('React', 'msg', 'sendReaction', { message: `${mine}`, peer: byId(bob.id), reaction })), alice.id);

			const first = await react('👍');
			expect(first.error).toBeUndefined();
			expect(first.output('React')[0].json).toEqual({ success: true, reaction: '👍' });
			expect([...copyIn(alice.id, mine).reactions!]).toEqual([[alice.id, '👍']]);
			expect([...copyIn(bob.id, sent.boxes[bob.id]).reactions!]).toEqual([[alice.id, '👍']]);

			// A keyboard's heart carries a variation selector; Telegram's reaction has none.
			const heart = await react('❤️');
			expect(heart.output('React')[0].json).toEqual({ success: true, reaction: '❤' });
			expect([...copyIn(bob.id, sent.boxes[bob.id]).reactions!]).toEqual([[alice.id, '❤']]);

			const removed = await react('');
			expect(removed.output('React')[0].json).toEqual({ success: true, reaction: null });
			expect(copyIn(bob.id, sent.boxes[bob.id]).reactions!.size).toBe(0);
		});

		it('an emoji Telegram does not offer is REACTION_INVALID; reactions in a supergroup', async () => {
			const id = env.world.sendMessage(bob.id, { channelId: supergroup.id }, 'super react').id;
			const run = await env.run(
				chain(
					[{ r: '🦖' }, { r: '🔥' }],
					tgl('React', 'msg', 'sendReaction', { message: `${id}`, peer: superPeer(), reaction: '={{ $json.r }}' }, COF),
				),
				alice.id,
			);
			const out = run.output('React');
			expect(out[0].json.error).toBe('REACTION_INVALID: This emoji is not one of the reactions Telegram offers');
			expect(out[1].json).toEqual({ success: true, reaction: '🔥' });
			expect([...env.world.channel(supergroup.id)!.byId.get(id)!.reactions!]).toEqual([[alice.id, '🔥']]);
		});
	});

	describe('getMsg', () => {
		it('returns one item per ID, in the order asked, as Msg objects', async () => {
			const a = aliceToBob('first to get').mine;
			const b = aliceToBob('second to get').mine;
			const run = await env.run(chain([{}], tgl('Get', 'msg', 'getMsg', { message: `${b}, ${a}`, peer: byId(bob.id) })), alice.id);
			expect(run.error).toBeUndefined();
			const out = run.output('Get');
			expect(out.map((i) => [i.json.id, i.json.text, i.pairedItem])).toEqual([
				[b, 'second to get', { item: 0 }],
				[a, 'first to get', { item: 0 }],
			]);
			expect(out[0].json.src).toMatchObject({ id: alice.id, type_name: 'user' });
		});

		it('gets supergroup messages by their per-channel IDs, and from a Msg object', async () => {
			const id = env.world.sendMessage(bob.id, { channelId: supergroup.id }, 'super get').id;
			const run = await env.run(
				chain(
					[{}],
					tgl('Get', 'msg', 'getMsg', { message: `${id}`, peer: superPeer() }),
					tgl('Again', 'msg', 'getMsg', { message: '={{ $json }}' }),
				),
				alice.id,
			);
			expect(run.error).toBeUndefined();
			expect(run.output('Get')[0].json).toMatchObject({ id, text: 'super get', dest: { id: supergroup.id } });
			expect(run.output('Again')[0].json).toMatchObject({ id, text: 'super get' });
		});

		it('a missing ID fails the item naming it; an ID of another chat counts as missing; Continue On Fail goes on', async () => {
			const a = aliceToBob('exists').mine;
			const inGroup = env.world.sendMessage(alice.id, { chatId: group.id }, 'group only').boxes[alice.id];
			const run = await env.run(
				chain(
					[{ ids: `${a}, 999998` }, { ids: `${inGroup}` }, { ids: `${a}` }],
					tgl('Get', 'msg', 'getMsg', { message: '={{ $json.ids }}', peer: byId(bob.id) }, COF),
				),
				alice.id,
			);
			const out = run.output('Get');
			expect(out.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
			expect(out[0].json.error).toBe(`Message 999998 does not exist in the chat with user ${bob.id} (or was deleted)`);
			expect(out[1].json.error).toBe(`Message ${inGroup} does not exist in the chat with user ${bob.id} (or was deleted)`);
			expect(out[2].json).toMatchObject({ id: a, text: 'exists' });
		});
	});
	describe("your own trigger", () => {
		it('unpinning all in a supergroup (an answer with the channel\'s pts) leaves your common pts alone', async () => {
			const erin = env.world.addUser({ firstName: 'Erin' });
			const club = env.world.createChannel(erin.id, 'Erin Club', { megagroup: true, memberIds: [bob.id] });
			// The channel's pts runs far ahead of Erin's common box.
			for (let n = 1; n <= 12; n++) env.world.sendMessage(bob.id, { channelId: club.id }, `club ${n}`);
			const last = env.world.sendMessage(bob.id, { channelId: club.id }, 'club pinned').id;
			const trigger = await env.trigger(triggered(node('Trigger', TGL_TRIGGER, { events: ['on_msg_receive', 'on_get_difference_end'] })), erin.id);
			try {
				await eventually(() => trigger.items().some((i) => i.json.event === 'on_get_difference_end'), 'start-up');
				await eventually(() => env.server.calls.some((c) => c.method === 'updates.GetState' && c.userId === erin.id), 'engine start');
				const differences = () => env.server.calls.filter((c) => c.method === 'updates.GetDifference' && c.userId === erin.id).length;
				const differencesBefore = differences();
				const run = await env.run(
					chain(
						[{}],
						tgl('Pin', 'msg', 'pinMsg', { message: `${last}`, peer: byId(`-100${club.id}`), options: { silent: true } }),
						tgl('UnpinAll', 'msg', 'unpinMsg', { message: '', peer: byId(`-100${club.id}`) }),
					),
					erin.id,
				);
				expect(run.error).toBeUndefined();
				expect(env.world.stateOf(erin.id).pts).toBeLessThan(env.world.channel(club.id)!.pts);
				env.world.sendMessage(bob.id, { userId: erin.id }, 'private sentinel');
				const texts = () => trigger.items().filter((i) => i.json.event === 'on_msg_receive').map((i) => (i.json.msg as IDataObject).text);
				await eventually(() => texts().includes('private sentinel'), 'the sentinel');
				// No gap was seen in the common box, so nothing had to be fetched again.
				expect(differences()).toBe(differencesBefore);
				await trigger.waitForRuns(trigger.emits.length, 30_000);
				const saved = trigger.staticData['node:Trigger'] as { cursor: { pts: number } };
				expect(saved.cursor.pts).toBe(env.world.stateOf(erin.id).pts);
			} finally {
				await trigger.close();
			}
		});
	});

	describe("the other side's trigger", () => {
		it('gets the edit once and the pin as a service message; its position stays on the server\'s pts', async () => {
			const dave = env.world.addUser({ firstName: 'Dave' });
			const first = env.world.sendMessage(alice.id, { userId: dave.id }, 'before the trigger');
			const trigger = await env.trigger(
				triggered(node('Trigger', TGL_TRIGGER, { events: ['on_msg_receive', 'on_get_difference_end'], options: { emitEdited: true } })),
				dave.id,
			);
			try {
				await eventually(() => trigger.items().some((i) => i.json.event === 'on_get_difference_end'), 'start-up');
				await eventually(() => env.server.calls.some((c) => c.method === 'updates.GetState' && c.userId === dave.id), 'engine start');
				const run = await env.run(
					chain(
						[{}],
						tgl('Edit', 'msg', 'editMsg', { message: `${first.boxes[alice.id]}`, peer: byId(dave.id), text: 'edited for dave' }),
						tgl('Pin', 'msg', 'pinMsg', { message: `${first.boxes[alice.id]}`, peer: byId(dave.id) }),
						tgl('UnpinAll', 'msg', 'unpinMsg', { message: '', peer: byId(dave.id) }),
					),
					alice.id,
				);
				expect(run.error).toBeUndefined();
				env.world.sendMessage(alice.id, { userId: dave.id }, 'sentinel');
				const msgs = () => trigger.items().filter((i) => i.json.event === 'on_msg_receive').map((i) => i.json.msg as IDataObject);
				await eventually(() => msgs().some((m) => m.text === 'sentinel'), 'the sentinel');
				// tgl has no action type for pins: the mapper names Telegram's class.
				expect(msgs().map((m) => [m.text, m.action_type, m.reply_id])).toEqual([
					['edited for dave', null, null],
					[null, 'MessageActionPinMessage', first.boxes[dave.id]],
					['sentinel', null, null],
				]);
				expect(trigger.items().some((i) => i.json.updates_lost)).toBe(false);
				await trigger.waitForRuns(trigger.emits.length, 30_000);
				const saved = trigger.staticData['node:Trigger'] as { cursor: { pts: number } };
				expect(saved.cursor.pts).toBe(env.world.stateOf(dave.id).pts);
				expect(env.world.account(dave.id)!.messages.get(first.boxes[dave.id])!.pinned).toBe(false);
			} finally {
				await trigger.close();
			}
		});
	});
});
