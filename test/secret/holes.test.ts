// Holes in a secret chat never hang it: SecretChatService over the loopback, against a raw
// GramJS peer driving the pure secret layer (which can ask for anything and answer nothing)
// or against a second service with the relay dropping chosen messages. A resend we cannot
// satisfy discards the chat (the spec's abort); our own lost resend request is asked again;
// a hole that never fills ends in a discarded chat with the messages behind it kept.
import { randomBytes } from 'crypto';
import bigInt from 'big-integer';
import { Api } from 'telegram';
import { secretChatsOf } from '../telegram/world/secret-chats';
import { eventually } from '../support/eventually';
import { isEncryption, long, requestChat, Side, text, texts } from './secret-pair';
import { deleted, onLoopback, working } from './service-device';
import type { SecretServiceOptions } from '../../nodes/Tgl/secret/service';
import type { ChatArrival } from '../../nodes/Tgl/secret/chat';

const loop = onLoopback();

/** Alice is a raw client (the chat's creator, driving the pure layer); Bob runs the service and accepts. */
async function rawAliceServiceBob(options: SecretServiceOptions = {}) {
	const aliceUser = loop.tg.world.addUser({ firstName: 'Alice' });
	const bobUser = loop.tg.world.addUser({ firstName: 'Bob' });
	const bob = await loop.device(bobUser.id, { service: { acceptIncoming: true, ...options } });
	const device = await loop.raw(aliceUser.id);
	const { side: alice, chatId: id, key } = await requestChat(device, bobUser);
	await eventually(() => working(bob, id), 'the chat working for Bob');
	await alice.waitFor(1);
	await alice.receiveAll(); // Bob's notifyLayer (his out_seq_no 0)
	return { alice, bob, id, key, bobUser };
}

/** Two services (Alice creates, Bob accepts). */
const servicePair = (options: SecretServiceOptions = {}) => loop.pair({ alice: { service: options }, bob: { service: { acceptIncoming: true, ...options } } }, ['Ann', 'Ben']);

const resendsIn = (arrivals: ChatArrival[]) =>
	arrivals.flatMap((a) => [...(a.kind === 'ready' ? a.items : []), ...(a.answerNow ? [a.answerNow] : [])]).filter((l) => l.message._ === 'service' && l.message.action._ === 'resend');

describe('secret chat holes never hang', () => {
	it('discards the chat when a resend asks for numbers it never sent, and says why without secrets', async () => {
		const { alice, bob, id, key } = await rawAliceServiceBob();
		// Bob has sent only out_seq_no 0 (his notifyLayer): 2..8 were never sent.
		await alice.send({ _: 'service', randomId: 71n, action: { _: 'resend', startSeqNo: 0, endSeqNo: 8 } });
		await eventually(() => deleted(bob, id), 'the chat discarded at Bob');
		expect(bob.changes.at(-1)).toEqual({ id, what: ['deleted'] });
		expect(secretChatsOf(loop.tg.world).chat(id)).toMatchObject({ state: 'discarded' });
		expect(bob.log).toEqual([expect.stringMatching(new RegExp(`^secret chat ${id} discarded \\(RESEND_NEVER_SENT\\)`))]);
		expect(bob.log.join('\n')).not.toContain(key.toString('hex').slice(0, 16));
		await alice.device.next(isEncryption(id, 'EncryptedChatDiscarded'), 'the discard at Alice');
	});

	it('discards the chat when a resend asks for a message whose bytes were lost (a crash between sending and saving)', async () => {
		const { alice, bob, id } = await rawAliceServiceBob();
		await bob.service.sendText(id, 'sent, then lost from the state');
		delete bob.service.chatById(id)!.sent[2];
		// Alice has not read it: her in_seq_no is 2, she asks for exactly that number.
		await alice.send({ _: 'service', randomId: 72n, action: { _: 'resend', startSeqNo: 2, endSeqNo: 2 } });
		await eventually(() => deleted(bob, id), 'the chat discarded at Bob');
		expect(secretChatsOf(loop.tg.world).chat(id)).toMatchObject({ state: 'discarded' });
		expect(bob.log).toEqual([expect.stringContaining('(RESEND_UNAVAILABLE): resend asks for out_seq_no 2, whose bytes are no longer kept')]);
	});

	it('answers a resend from the peer\'s next expected number on after acknowledged messages were pruned', async () => {
		const { alice, bob, id } = await rawAliceServiceBob();
		await bob.service.sendText(id, 'b1');
		await bob.service.sendText(id, 'b2');
		await alice.waitFor(3);
		expect(texts(await alice.receiveAll())).toEqual(['b1', 'b2']);
		await alice.send(text('acknowledging 0..4')); // in_seq_no 6
		await eventually(() => bob.received.includes('acknowledging 0..4'), 'the acknowledgement at Bob');
		await eventually(() => Object.keys(bob.service.chatById(id)!.sent).length === 0, 'the acknowledged bytes pruned');
		await bob.service.sendText(id, 'b3'); // out_seq_no 6
		// Asking again from 2 (below her own in_seq_no 6) is not refused: what she acknowledged is skipped.
		await alice.send({ _: 'service', randomId: 73n, action: { _: 'resend', startSeqNo: 2, endSeqNo: 6 } });
		await alice.waitFor(5);
		const arrivals = await alice.receiveAll();
		expect(texts(arrivals)).toEqual(['b3']);
		expect(arrivals.at(-1)).toEqual({ kind: 'duplicate' }); // b3 again, and nothing else
		await bob.service.sendText(id, 'still working');
		await alice.waitFor(6);
		expect(texts(await alice.receiveAll())).toEqual(['still working']);
		expect(bob.log).toEqual([]);
		expect(bob.service.chatById(id)!.state).toBe('working');
	});

	it('answers a resend request that arrives beyond a hole at once, then fills its own hole', async () => {
		const { alice, bob, id } = await rawAliceServiceBob();
		await bob.service.sendText(id, 'b1'); // out_seq_no 2
		await alice.waitFor(2);
		alice.unread(); // lost on Alice's side: she asks for it
		const lost = alice.chat.seal(text('lost on the way')); // out_seq_no 1, never sent
		alice.sent.set(lost.outSeqNo, lost);
		await alice.send({ _: 'service', randomId: 74n, action: { _: 'resend', startSeqNo: 2, endSeqNo: 2 } });
		// Bob re-sends b1 although the request sits behind a hole, and asks for out_seq_no 1.
		await alice.waitFor(4);
		const arrivals = await alice.receiveAll(); // answers Bob's request with the lost message
		expect(texts(arrivals)).toEqual(['b1']);
		expect(resendsIn(arrivals).map((l) => l.message)).toEqual([expect.objectContaining({ action: { _: 'resend', startSeqNo: 1, endSeqNo: 1 } })]);
		await eventually(() => bob.received.includes('lost on the way'), 'the lost message at Bob');
		expect(bob.service.chatById(id)!.chat!.seq.queue).toEqual([]);
		expect(bob.log).toEqual([]);
	});

	it('keeps the date and file of a message that waited behind a hole (its download gives the bytes)', async () => {
		const { alice, bob, id } = await rawAliceServiceBob();
		const late = alice.chat.seal(text('late text')); // out_seq_no 1, held back
		alice.sent.set(late.outSeqNo, late);
		const bytes = randomBytes(3000);
		await alice.sendFile(bytes, (secret) => ({
			_: 'document', ...secret, size: bytes.length, thumb: Buffer.alloc(0), thumbW: 0, thumbH: 0, caption: 'queued',
			mimeType: 'application/octet-stream', attributes: [{ _: 'filename', fileName: 'queued.bin' }],
		}));
		// Bob queues the document and asks for out_seq_no 1; Alice answers with the text (no file).
		await alice.waitFor(2);
		await alice.receiveAll();
		await eventually(() => bob.received.length === 2, 'both messages at Bob');
		const [first, queued] = bob.service.chatById(id)!.history;
		expect(first.file).toBeUndefined();
		const carried = bob.device.updates.flatMap((u) => (u instanceof Api.UpdateNewEncryptedMessage && u.message instanceof Api.EncryptedMessage && u.message.file instanceof Api.EncryptedFile ? [{ date: u.message.date, id: u.message.file.id }] : []));
		expect(carried).toHaveLength(1);
		expect(queued).toMatchObject({ date: carried[0].date, file: { id: BigInt(carried[0].id.toString()) } });
		const media = (queued.message as { media: { key: Buffer; iv: Buffer; size: number } }).media;
		const file = new Api.EncryptedFile({ id: long(queued.file!.id), accessHash: long(queued.file!.accessHash), size: bigInt(queued.file!.size), dcId: queued.file!.dcId, keyFingerprint: queued.file!.keyFingerprint });
		expect((await new Side(bob.device, alice.chat, alice.peer).download(file, media)).equals(bytes)).toBe(true);
	});

	it('asks again when its resend request is dropped, and the hole fills', async () => {
		const { alice, bob, id, aliceUser, bobUser } = await servicePair({ holes: { reaskAfterMs: 1_000 } });
		const relay = secretChatsOf(loop.tg.world);
		await alice.service.sendText(id, 'one');
		relay.dropFrom.set(aliceUser.id, 1);
		await alice.service.sendText(id, 'two (dropped)');
		relay.dropFrom.set(bobUser.id, 1); // Bob's next message is his resend request: dropped too
		await alice.service.sendText(id, 'three');
		await eventually(() => bob.received.length === 3, 'all three at Bob', 30_000);
		expect(bob.received).toEqual(['one', 'two (dropped)', 'three']);
		expect(relay.dropFrom.get(bobUser.id)).toBe(0);
		await bob.service.sendText(id, 'reply');
		await eventually(() => alice.received.includes('reply'), 'the reply at Alice');
		expect(alice.service.chatById(id)!.state).toBe('working');
		expect(bob.service.chatById(id)!.hole).toBeUndefined();
		expect([...alice.log, ...bob.log]).toEqual([]);
	});

	it('goes on asking after a restart with the hole still open, and the hole fills', async () => {
		const holes = { reaskAfterMs: 1_000 };
		const { alice, bob, id, bobUser } = await rawAliceServiceBob({ holes });
		await alice.send(text('one'));
		const lost = alice.chat.seal(text('lost before the restart'));
		alice.sent.set(lost.outSeqNo, lost);
		await alice.send(text('three'));
		await eventually(() => bob.received.includes('one') && bob.service.chatById(id)!.hole !== undefined, 'the hole at Bob');
		await bob.service.stop();
		await bob.device.client.destroy();
		await alice.waitFor(2); // Bob's first resend request, left unanswered
		alice.unread();
		const again = await loop.device(bobUser.id, { service: { acceptIncoming: true, holes }, again: { dir: bob.dir, session: bob.device.session } });
		await alice.waitFor(3); // asked again by the restarted service
		const asked = resendsIn(await alice.receiveAll()).map((l) => l.message);
		expect(asked.length).toBeGreaterThanOrEqual(1);
		for (const m of asked) expect(m).toMatchObject({ action: { _: 'resend', startSeqNo: 3, endSeqNo: 3 } });
		await eventually(() => again.received.length === 2, 'the hole filled after the restart');
		expect(again.received).toEqual(['lost before the restart', 'three']);
		expect(again.service.chatById(id)!.hole).toBeUndefined();
	});

	it('discards a chat whose hole never fills, after asking again, keeping the messages behind it', async () => {
		const { alice, bob, id } = await rawAliceServiceBob({ holes: { reaskAfterMs: 500, giveUpAfterMs: 4_000 } });
		await alice.send(text('one'));
		alice.chat.seal(text('never sent, never resent'));
		await alice.send(text('three'));
		await eventually(() => deleted(bob, id), 'the chat discarded at Bob', 30_000);
		expect(bob.received).toEqual(['one', 'three']);
		expect(bob.service.chatById(id)!.history.map((m) => (m.message as { message: string }).message)).toEqual(['one', 'three']);
		expect(secretChatsOf(loop.tg.world).chat(id)).toMatchObject({ state: 'discarded' });
		expect(bob.log).toEqual([expect.stringMatching(/\(HOLE_UNFILLED\): out_seq_no 3\.\.3 never came: asked \d+ times/)]);
		// Alice (who answers nothing) was asked more than once before the discard reached her.
		await alice.device.next(isEncryption(id, 'EncryptedChatDiscarded'), 'the discard at Alice');
		expect(resendsIn(await alice.receiveAll()).length).toBeGreaterThanOrEqual(2);
	});
});
