import { Api } from 'telegram';
import { returnBigInt } from 'telegram/Helpers';
import { EntityStore } from './entity-store';

const user = (id: number, firstName: string, username?: string, extra: Partial<Api.User> = {}) =>
	new Api.User({ id: returnBigInt(id), accessHash: returnBigInt(id * 7), firstName, username, ...extra });

const renamed = (userId: number, ...usernames: string[]) =>
	new Api.UpdateUserName({
		userId: returnBigInt(userId),
		firstName: 'x',
		lastName: '',
		usernames: usernames.map((username) => new Api.Username({ username, active: true, editable: true })),
	});

const ownerOf = (store: EntityStore, username: string) => store.byUsernameOf(username)?.id.toJSNumber();

describe('EntityStore usernames', () => {
	it('forgets a username when the user object shows another one, or none', () => {
		const store = new EntityStore();
		store.put(user(1, 'Ann', 'ann_old'));
		expect(ownerOf(store, 'ANN_OLD')).toBe(1);
		store.put(user(1, 'Ann', 'ann_new'));
		expect(ownerOf(store, 'ann_old')).toBeUndefined();
		expect(ownerOf(store, 'ann_new')).toBe(1);
		store.put(user(1, 'Ann'));
		expect(ownerOf(store, 'ann_new')).toBeUndefined();
	});

	it('moves a username to its new owner', () => {
		const store = new EntityStore();
		store.put(user(1, 'Ann', 'shared_name'));
		store.put(user(2, 'Bob', 'shared_name'));
		expect(ownerOf(store, 'shared_name')).toBe(2);
		// The former owner's later object (still without it) does not take it back, nor drop the new owner.
		store.put(user(1, 'Ann'));
		expect(ownerOf(store, 'shared_name')).toBe(2);
	});

	it('applies updateUserName from any update container', () => {
		const store = new EntityStore();
		store.put(user(1, 'Ann', 'ann_a'));
		store.absorb(new Api.UpdateShort({ update: renamed(1), date: 0 }));
		expect(ownerOf(store, 'ann_a')).toBeUndefined();
		expect((store.get('user#1') as Api.User).username).toBeUndefined();
		store.absorb(new Api.Updates({ updates: [renamed(1, 'ann_b', 'ann_collectible')], users: [], chats: [], date: 0, seq: 0 }));
		expect(ownerOf(store, 'ann_b')).toBe(1);
		expect(ownerOf(store, 'ann_collectible')).toBe(1);
		expect((store.get('user#1') as Api.User).username).toBe('ann_b');
	});

	it('indexes active extra usernames and forgets one Telegram says nobody holds', () => {
		const store = new EntityStore();
		store.put(
			user(3, 'Cy', undefined, {
				usernames: [new Api.Username({ username: 'cy_one', active: true }), new Api.Username({ username: 'cy_off', active: false })],
			}),
		);
		expect(ownerOf(store, 'cy_one')).toBe(3);
		expect(ownerOf(store, 'cy_off')).toBeUndefined();
		store.forgetUsername('CY_ONE');
		expect(ownerOf(store, 'cy_one')).toBeUndefined();
	});

	it('never lets a min object replace a full one', () => {
		const store = new EntityStore();
		store.put(user(4, 'Di', 'di_full'));
		store.put(user(4, 'Di', undefined, { min: true }));
		expect(ownerOf(store, 'di_full')).toBe(4);
	});
});

describe('EntityStore print names', () => {
	it('names every stored peer by id order, whatever order they arrive in', () => {
		const a = new EntityStore();
		const b = new EntityStore();
		a.absorb([user(10, 'Bob'), user(20, 'Bob')]);
		b.absorb([user(20, 'Bob'), user(10, 'Bob')]);
		for (const store of [a, b]) {
			expect(store.names.nameOf('user#10')).toBe('Bob');
			expect(store.names.nameOf('user#20')).toBe('Bob#1');
		}
	});
});
