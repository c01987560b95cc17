// The cast several msg suites start from: Alice (the account the node logs in as), Bob and Carol,
// a basic group of all three and a supergroup of Alice with Bob (and Carol when asked). Usernames
// end in `tag`, so each suite's people are its own.
import type { World } from '../telegram/world';

export interface Club {
	alice: { id: number };
	bob: { id: number };
	carol: { id: number };
	group: { id: number };
	supergroup: { id: number };
}

export function addClub(world: World, names: { tag: string; group: string; supergroup: string; carolInSupergroup?: boolean }): Club {
	const alice = world.addUser({ firstName: 'Alice', username: `alice${names.tag}` });
	const bob = world.addUser({ firstName: 'Bob', username: `bob${names.tag}` });
	const carol = world.addUser({ firstName: 'Carol', username: `carol${names.tag}` });
	const group = world.createGroup(alice.id, names.group, [bob.id, carol.id]);
	const memberIds = names.carolInSupergroup ? [bob.id, carol.id] : [bob.id];
	const supergroup = world.createChannel(alice.id, names.supergroup, { megagroup: true, memberIds });
	return { alice, bob, carol, group, supergroup };
}
