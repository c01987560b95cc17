// Once Telegram has taken a secret message, its item must not fail because of what goes out after
// it: a re-key request the service starts right after the 100th message, refused by Telegram
// (FLOOD_WAIT), waits for the peer's resend request instead of failing the send that carried it.
import { eventually } from '../support/eventually';
import type { ChatArrival } from '../../nodes/Tgl/secret/chat';
import { requestChat } from './secret-pair';
import { onLoopback, working } from './service-device';

const loop = onLoopback();

describe('a key-exchange message Telegram refuses', () => {
	it('does not fail the send of the message that was taken before it; the peer gets every message', async () => {
		const aliceUser = loop.tg.world.addUser({ firstName: 'Alice' });
		const bobUser = loop.tg.world.addUser({ firstName: 'Bob' });
		const bob = await loop.device(bobUser.id, { service: { acceptIncoming: true } });
		// Alice is a raw client that only listens: nothing of hers goes out while Bob sends.
		const { side: alice, chatId: id } = await requestChat(await loop.raw(aliceUser.id), bobUser);
		await eventually(() => working(bob, id), 'the chat working for Bob');
		const calls = () => loop.tg.server.calls.filter((c) => c.userId === bobUser.id && c.method === 'messages.SendEncryptedService').length;
		const before = calls();
		// Bob's next service message is the re-key request that follows his 100th message.
		loop.tg.server.faults.failNext('messages.SendEncryptedService', 'FLOOD_WAIT_300');
		const failures: string[] = [];
		for (let n = 1; n <= 101; n++) {
			await bob.service.sendText(id, `m${n}`).catch((error: Error) => void failures.push(`m${n}: ${error.message}`));
		}
		expect(calls()).toBeGreaterThan(before); // the refused re-key request was tried
		expect(failures).toEqual([]);
		const ready = (arrivals: ChatArrival[]) =>
			arrivals.flatMap((a) => (a.kind === 'ready' ? a.items : [])).flatMap((l) => (l.message._ === 'message' ? [l.message.message] : []));
		await alice.waitFor(102); // Bob's notifyLayer, then m1..m101 (the refused request never went)
		const arrivals = await alice.receiveAll();
		const first = ready(arrivals); // up to the hole
		const hole = arrivals.find((a) => a.kind === 'gap' && a.resend);
		expect(hole).toBeDefined();
		await alice.send({ _: 'service', randomId: 4242n, action: { _: 'resend', ...(hole as { resend: { startSeqNo: number; endSeqNo: number } }).resend } });
		await alice.waitFor(103); // the re-key request, resent from Bob's kept bytes
		const rest = ready(await alice.receiveAll());
		expect([...first, ...rest]).toEqual(Array.from({ length: 101 }, (_, n) => `m${n + 1}`));
	}, 120_000);
});
