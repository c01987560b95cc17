// Contact → Get List / Add / Delete / Rename through the n8n engine, over MTProto, checked in the
// items and in the world's address books.
import { byId, byUsername, chain, TestEnv, tgl } from '../support/env';

const COF = { onError: 'continueRegularOutput' as const };

describe('Contact: the address book', () => {
	let env: TestEnv;
	let alice: { id: number };
	let bob: { id: number };
	let carol: { id: number };
	let dave: { id: number };

	beforeAll(async () => {
		env = await TestEnv.start();
		alice = env.world.addUser({ firstName: 'Alice', username: 'alice_c', phone: '15552001' });
		bob = env.world.addUser({ firstName: 'Bob', lastName: 'Brown', username: 'bob_c', phone: '15552002' });
		carol = env.world.addUser({ firstName: 'Carol', username: 'carol_c', phone: '15552003' });
		dave = env.world.addUser({ firstName: 'Dave', username: 'dave_c', phone: '15552004' });
		env.world.addContact(alice.id, bob.id);
		env.world.addContact(alice.id, carol.id, { firstName: 'Caz', lastName: '' });
	});

	afterAll(async () => {
		await env.stop();
	});

	const contactOf = (ownerId: number, userId: number) => env.world.contactsOf(ownerId).find((c) => c.userId === userId);

	it('getContactList: one item per contact Peer, with phone and saved names', async () => {
		const run = await env.run(chain([{}], tgl('Contacts', 'contact', 'getContactList', { returnAll: true })), alice.id);
		expect(run.error).toBeUndefined();
		const out = run.output('Contacts').map((i) => i.json);
		expect(out.map((p) => p.id).sort()).toEqual(env.world.contactsOf(alice.id).map((c) => c.userId).sort());
		expect(out.find((p) => p.id === bob.id)).toMatchObject({
			type: 1,
			type_name: 'user',
			name: 'Bob_Brown',
			first_name: 'Bob',
			last_name: 'Brown',
			phone: '15552002',
			username: 'bob_c',
			contact: true,
			access_hash: expect.any(String),
		});
		expect(out.find((p) => p.id === carol.id)).toMatchObject({ first_name: 'Caz', phone: '15552003', contact: true });
		const limited = await env.run(chain([{}], tgl('Contacts', 'contact', 'getContactList', { limit: 1 })), alice.id);
		expect(limited.output('Contacts')).toHaveLength(1);
	});

	it('addContact: imports a phone number with names; the item is the added user', async () => {
		const run = await env.run(
			chain([{}], tgl('Add', 'contact', 'addContact', { phone: '+1 555 2004', firstName: 'David', lastName: 'Dee' })),
			alice.id,
		);
		expect(run.error).toBeUndefined();
		const out = run.output('Add');
		expect(out).toHaveLength(1);
		expect(out[0].json).toMatchObject({ id: dave.id, type_name: 'user', first_name: 'David', last_name: 'Dee', name: 'David_Dee', phone: '15552004', contact: true });
		expect(contactOf(alice.id, dave.id)).toMatchObject({ firstName: 'David', lastName: 'Dee' });
	});

	it('addContact: a number not on Telegram, a bad number and an empty first name are clear errors; the rest go', async () => {
		const erin = env.world.addUser({ firstName: 'Erin', phone: '15552005' });
		const run = await env.run(
			chain(
				[
					{ phone: '+1 555 9999', first: 'Nobody' },
					{ phone: 'call me', first: 'Nobody' },
					{ phone: '+15552005', first: ' ' },
					{ phone: '+15552005', first: 'Erin' },
				],
				tgl('Add', 'contact', 'addContact', { phone: '={{ $json.phone }}', firstName: '={{ $json.first }}' }, COF),
			),
			alice.id,
		);
		expect(run.error).toBeUndefined();
		const out = run.output('Add').map((i) => i.json);
		expect(out[0].error).toMatch(/\+15559999 is not on Telegram/);
		expect(out[1].error).toMatch(/"call me" is not a phone number/);
		expect(out[2].error).toMatch(/first name is empty/);
		expect(out[3]).toMatchObject({ id: erin.id, first_name: 'Erin', last_name: null, contact: true });
		expect(contactOf(alice.id, erin.id)).toMatchObject({ firstName: 'Erin', lastName: '' });
		expect(env.world.contactsOf(alice.id).some((c) => c.firstName === 'Nobody')).toBe(false);
	});

	it('renameContact: saves new names for the contact found by phone', async () => {
		const run = await env.run(
			chain([{}], tgl('Rename', 'contact', 'renameContact', { phone: '+15552003', firstName: 'Caroline', lastName: 'King' })),
			alice.id,
		);
		expect(run.error).toBeUndefined();
		const out = run.output('Rename');
		expect(out).toHaveLength(1);
		expect(out[0].json).toMatchObject({ id: carol.id, first_name: 'Caroline', last_name: 'King', name: 'Caroline_King', contact: true });
		expect(contactOf(alice.id, carol.id)).toMatchObject({ firstName: 'Caroline', lastName: 'King' });
		// Carol's own profile is untouched: the names are Alice's alone.
		expect(env.world.user(carol.id)).toMatchObject({ firstName: 'Carol', lastName: '' });
	});

	it('renameContact: a number nobody uses fails with PHONE_NOT_OCCUPIED', async () => {
		const run = await env.run(
			chain([{}], tgl('Rename', 'contact', 'renameContact', { phone: '+15558888', firstName: 'Ghost' }, COF)),
			alice.id,
		);
		expect(run.output('Rename')[0].json.error).toMatch(/^PHONE_NOT_OCCUPIED: /);
	});

	it('delContact: removes a user from the contact list; a group is refused clearly', async () => {
		const group = env.world.createGroup(alice.id, 'Not A Contact', [bob.id]);
		const run = await env.run(
			chain(
				[{ peer: { type_name: 'chat', id: group.id } }, { peer: '@bob_c' }],
				tgl('Delete', 'contact', 'delContact', { peer: byUsername('={{ $json.peer }}') }, COF),
			),
			alice.id,
		);
		expect(run.error).toBeUndefined();
		const out = run.output('Delete');
		expect(out[0].json.error).toMatch(/is a basic group; this operation needs a user/);
		expect(out[1].json).toEqual({ success: true });
		expect(out[1].pairedItem).toEqual({ item: 1 });
		expect(contactOf(alice.id, bob.id)).toBeUndefined();
		expect(contactOf(alice.id, carol.id)).toBeDefined();
	});

	it('delContact: takes a Peer object from an earlier node', async () => {
		const list = await env.run(
			chain([{}], tgl('Contacts', 'contact', 'getContactList', { returnAll: true }), tgl('Delete', 'contact', 'delContact', { peer: byId('={{ $json }}') })),
			alice.id,
		);
		expect(list.error).toBeUndefined();
		expect(list.output('Delete').every((i) => i.json.success === true)).toBe(true);
		expect(env.world.contactsOf(alice.id)).toEqual([]);
	});
});
