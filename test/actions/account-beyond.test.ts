// Account operations beyond tgl (issue 11) through the n8n engine, over MTProto: profile,
// username, block and unblock; checked in the items and in the loopback's state.
import { byId, chain, TestEnv, tgl } from '../support/env';

const COF = { onError: 'continueRegularOutput' as const };

describe('Account beyond tgl: profile, username, block', () => {
	let env: TestEnv;
	let alice: { id: number };
	let bob: { id: number };
	let group: { id: number };

	beforeAll(async () => {
		env = await TestEnv.start();
		alice = env.world.addUser({ firstName: 'Alice', lastName: 'Old', username: 'alice_ab' });
		bob = env.world.addUser({ firstName: 'Bob', username: 'bob_ab' });
		group = env.world.createGroup(alice.id, 'Knitting', [bob.id]);
	});

	afterAll(async () => {
		await env.stop();
	});

	describe('updateProfile', () => {
		it('changes first name, last name and bio; outputs your Peer', async () => {
			const run = await env.run(
				chain([{}], tgl('Profile', 'account', 'updateProfile', { updateFields: { firstName: 'Alicia', lastName: 'Stone', about: 'I knit.' } })),
				alice.id,
			);
			expect(run.error).toBeUndefined();
			expect(run.output('Profile').map((i) => [i.json, i.pairedItem])).toEqual([
				[expect.objectContaining({ id: alice.id, type_name: 'user', first_name: 'Alicia', last_name: 'Stone', self: true }), { item: 0 }],
			]);
			expect(env.world.user(alice.id)).toMatchObject({ firstName: 'Alicia', lastName: 'Stone', about: 'I knit.' });
		});

		it('changes only the fields given: an empty last name or bio removes it', async () => {
			const run = await env.run(chain([{}], tgl('Profile', 'account', 'updateProfile', { updateFields: { lastName: '', about: '' } })), alice.id);
			expect(run.error).toBeUndefined();
			expect(env.world.user(alice.id)).toMatchObject({ firstName: 'Alicia', lastName: '', about: undefined });
		});

		it('refuses what Telegram would (empty first name, bio over 70, no field) before calling; Continue On Fail goes on', async () => {
			const run = await env.run(
				chain(
					[
						{ first: '', about: 'fine' },
						{ first: 'Ally', about: 'x'.repeat(71) },
						{ first: 'Ally', about: 'Still knitting.' },
					],
					tgl('Profile', 'account', 'updateProfile', { updateFields: { firstName: '={{ $json.first }}', about: '={{ $json.about }}' } }, COF),
				),
				alice.id,
			);
			const out = run.output('Profile');
			expect(out[0].json.error).toBe('The first name is empty; Telegram needs 1–64 characters');
			expect(out[1].json.error).toBe('The bio (about) has 71 characters; Telegram allows at most 70 characters');
			expect(out[2].json).toMatchObject({ first_name: 'Ally' });
			expect(env.world.user(alice.id)).toMatchObject({ firstName: 'Ally', about: 'Still knitting.' });

			const nothing = await env.run(chain([{}], tgl('Profile', 'account', 'updateProfile', {})), alice.id);
			expect(nothing.error?.message).toMatch(/^Nothing to update: add First Name, Last Name or About/);
		});
	});

	describe('updateUsername', () => {
		it('sets a new username (the old one is free again) and removes it with an empty one', async () => {
			const run = await env.run(chain([{}], tgl('Username', 'account', 'updateUsername', { username: '@alice_knits' })), alice.id);
			expect(run.error).toBeUndefined();
			expect(run.output('Username')[0].json).toMatchObject({ id: alice.id, username: 'alice_knits' });
			expect(env.world.user(alice.id)!.username).toBe('alice_knits');
			expect(env.world.db.usernames.get('alice_knits')).toEqual({ userId: alice.id });
			expect(env.world.db.usernames.has('alice_ab')).toBe(false);

			const removed = await env.run(chain([{}], tgl('Username', 'account', 'updateUsername', { username: '' })), alice.id);
			expect(removed.output('Username')[0].json).toMatchObject({ username: null });
			expect(env.world.user(alice.id)!.username).toBeUndefined();
		});

		it("a taken username, an unchanged one and a malformed one are clear item errors", async () => {
			await env.run(chain([{}], tgl('Username', 'account', 'updateUsername', { username: 'alice_again' })), alice.id);
			const run = await env.run(
				chain(
					[{ u: 'bob_ab' }, { u: 'alice_again' }, { u: 'abc' }, { u: 'has space' }],
					tgl('Username', 'account', 'updateUsername', { username: '={{ $json.u }}' }, COF),
				),
				alice.id,
			);
			const out = run.output('Username');
			expect(out[0].json.error).toBe('USERNAME_OCCUPIED: This username is already taken');
			expect(out[1].json.error).toBe('USERNAME_NOT_MODIFIED: Nothing changed: you already have this username');
			expect(out[2].json.error).toBe('The username has 3 characters; Telegram needs 5–32 characters');
			expect(out[3].json.error).toBe('The username may contain only letters a–z, digits and underscores');
			expect(env.world.user(alice.id)!.username).toBe('alice_again');
			expect(env.world.user(bob.id)!.username).toBe('bob_ab');
		});
	});

	describe('blockUser / unblockUser', () => {
		const aliceGot = (text: string) => env.world.history(alice.id, { userId: bob.id }).some((m) => m.text === text);

		it("blocks a user (their messages no longer reach you) and unblocks them", async () => {
			const run = await env.run(chain([{}], tgl('Block', 'account', 'blockUser', { peer: byId(bob.id) })), alice.id);
			expect(run.error).toBeUndefined();
			expect(run.output('Block').map((i) => [i.json, i.pairedItem])).toEqual([[{ success: true }, { item: 0 }]]);
			expect(env.world.account(alice.id)!.blocked.has(bob.id)).toBe(true);
			env.world.sendMessage(bob.id, { userId: alice.id }, 'while blocked');
			expect(aliceGot('while blocked')).toBe(false);

			const unblocked = await env.run(chain([{}], tgl('Unblock', 'account', 'unblockUser', { peer: byId(bob.id) })), alice.id);
			expect(unblocked.output('Unblock')[0].json).toEqual({ success: true });
			expect(env.world.account(alice.id)!.blocked.has(bob.id)).toBe(false);
			env.world.sendMessage(bob.id, { userId: alice.id }, 'after unblock');
			expect(aliceGot('after unblock')).toBe(true);
		});

		it('yourself is CONTACT_ID_INVALID and a group is not a user: item errors', async () => {
			const run = await env.run(
				chain([{ p: 'me' }, { p: `-${group.id}` }], tgl('Block', 'account', 'blockUser', { peer: byId('={{ $json.p }}') }, COF)),
				alice.id,
			);
			const out = run.output('Block');
			expect(out[0].json.error).toBe('CONTACT_ID_INVALID: This user is not a valid contact');
			expect(out[1].json.error).toMatch(/is a basic group; this operation needs a user$/);
			expect(env.world.account(alice.id)!.blocked.size).toBe(0);
		});
	});
});
