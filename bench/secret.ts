// Secret-chat figure: messages per second each way through the accounts' SecretChatServices
// (encrypt, send, relay, decrypt, save), against plain messages between the same accounts in the
// same run. Time runs from the first send until the other side's service has every message.
import bigInt from 'big-integer';
import { Api } from 'telegram';
import { generateRandomLong } from 'telegram/Helpers';
import { clientPool } from '../nodes/Tgl/transport/client-pool';
import { toTglCredentials } from '../nodes/Tgl/transport/credentials';
import { secretChatsOf } from '../nodes/Tgl/transport/secret-chats';
import { engineFor } from '../nodes/Tgl/updates/registry';
import type { TestEnv } from '../test/support/env';

const N = 100;

const wait = async (check: () => boolean, what: string, ms = 600_000) => {
	const until = Date.now() + ms;
	while (!check()) {
		if (Date.now() > until) throw new Error(`bench timed out: ${what}`);
		await new Promise((r) => setTimeout(r, 5));
	}
};

export async function secretFigure(env: TestEnv): Promise<string> {
	const alice = env.world.addUser({ firstName: 'SecretA' });
	const bob = env.world.addUser({ firstName: 'SecretB' });
	const a = await clientPool.acquire(toTglCredentials((await env.credentials(alice.id)).tglApi as never));
	const b = await clientPool.acquire(toTglCredentials((await env.credentials(bob.id)).tglApi as never));
	try {
		const [hubA, hubB] = [await secretChatsOf(a), await secretChatsOf(b)];
		const got = { a: 0, b: 0 };
		hubA.listen({ message: () => void got.a++ });
		hubB.listen({ acceptIncoming: true, message: () => void got.b++ });
		const chat = await hubA.service.create(new Api.InputUser({ userId: bigInt(bob.id), accessHash: env.world.user(bob.id)!.accessHash }), bob.id);
		await wait(() => hubB.service.chatById(chat.id)?.state === 'working' && hubA.service.chatById(chat.id)?.state === 'working', 'the chat working');

		const secretRate = async (from: typeof hubA, counter: 'a' | 'b') => {
			const start = process.hrtime.bigint();
			for (let n = 0; n < N; n++) await from.service.sendText(chat.id, `secret ${n}`);
			await wait(() => got[counter] >= N, 'secret messages');
			return (N / (Number(process.hrtime.bigint() - start) / 1e6)) * 1000;
		};
		const aToB = await secretRate(hubA, 'b');
		const bToA = await secretRate(hubB, 'a');

		// Plain messages between the same two accounts, counted on Bob's update engine.
		let plain = 0;
		const engine = engineFor(b);
		await engine.start();
		const stop = engine.subscribe({ onEvent: (e) => void (e.type === 'message' && !e.message.out && plain++) });
		const peer = new Api.InputPeerUser({ userId: bigInt(bob.id), accessHash: env.world.user(bob.id)!.accessHash });
		const start = process.hrtime.bigint();
		for (let n = 0; n < N; n++) await a.call(new Api.messages.SendMessage({ peer, message: `plain ${n}`, randomId: generateRandomLong() }));
		await wait(() => plain >= N, 'plain messages');
		const plainRate = (N / (Number(process.hrtime.bigint() - start) / 1e6)) * 1000;
		stop();
		return (
			`(secret) ${N} messages each way: secret ${aToB.toFixed(0)} msg/s creator→acceptor, ${bToA.toFixed(0)} msg/s acceptor→creator; ` +
			`plain ${plainRate.toFixed(0)} msg/s (each secret message: encrypt, send, decrypt, and the state file saved with fsync on both sides)`
		);
	} finally {
		clientPool.release(a);
		clientPool.release(b);
	}
}
