// The smallest world the handler tests start from: Alice (phone 111, the caller of `ctx`) and
// Bob (222), with the handlers and the sink that records what is pushed.
import { Api } from 'telegram';
import bigInt from 'big-integer';
import { createHandlers } from '../handlers';
import { World } from './world';
import { RecordingSink, fakeContext } from './fakes';

export function aliceAndBob() {
	const sink = new RecordingSink();
	const world = new World(sink);
	const handlers = createHandlers(world);
	const alice = world.addUser({ firstName: 'Alice', phone: '111' });
	const bob = world.addUser({ firstName: 'Bob', phone: '222' });
	return { sink, world, handlers, alice, bob, ctx: fakeContext(alice.id) };
}

export const inputPeer = (u: { id: number; accessHash: any }) => new Api.InputPeerUser({ userId: bigInt(u.id), accessHash: u.accessHash });

/** The call fails with this RPC error (errorMessage), as GramJS would raise it. */
export const rejects = (promise: Promise<unknown>, message: string) => expect(promise).rejects.toMatchObject({ errorMessage: message });
