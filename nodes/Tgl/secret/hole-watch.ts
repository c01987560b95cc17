// The timers around hole-policy.ts: after we asked for a hole's messages, look again when the
// policy says (ask again, or give up and abort the chat), and forget a hole once it filled.
import { SecretChatError } from './errors';
import { abortChat } from './chat-abort';
import { randomId } from './gramjs-values';
import { DEFAULT_HOLE_POLICY, holeStep, watchHole, type HolePolicy } from './hole-policy';
import type { SecretChat } from './chat';
import type { SecretChatRecord } from './records';
import { sendNow } from './secret-sender';
import { chatOf, clearHoleTimer, type SecretCore } from './service-core';

function holePolicy(core: SecretCore): HolePolicy {
	return { ...DEFAULT_HOLE_POLICY, ...core.options.holes };
}

/** A new hole: asks the peer to resend its messages and starts watching it. */
export async function askForHole(core: SecretCore, record: SecretChatRecord, chat: SecretChat, resend: { startSeqNo: number; endSeqNo: number }): Promise<void> {
	await sendNow(core, record, { _: 'service', randomId: randomId(), action: { _: 'resend', ...resend } });
	record.hole = watchHole(chat.seq.received, Date.now());
	scheduleHoleCheck(core, record.id, Date.now() + holePolicy(core).reaskAfterMs);
}

/** Looks at a chat's open hole: forgets a filled one, asks again when due, gives up after the limit. */
export async function checkHole(core: SecretCore, record: SecretChatRecord): Promise<void> {
	const chat = record.state === 'working' ? core.live.get(record.id) ?? (record.chat && chatOf(core, record)) : undefined;
	const hole = chat?.seq.hole;
	if (!chat || !hole) {
		clearHoleTimer(core, record.id);
		if (record.hole) delete record.hole;
		return;
	}
	const now = Date.now();
	const step = holeStep(record.hole, chat.seq.received, now, holePolicy(core));
	record.hole = step.watch;
	if (step.action === 'abort') {
		const minutes = Math.round((now - step.watch.since) / 60_000);
		const why = `out_seq_no ${hole.startSeqNo}..${hole.endSeqNo} never came: asked ${step.watch.asks} times over ${minutes} min`;
		return abortChat(core, record, chat, new SecretChatError('HOLE_UNFILLED', why));
	}
	if (step.action === 'reask') await sendNow(core, record, { _: 'service', randomId: randomId(), action: { _: 'resend', ...hole } });
	scheduleHoleCheck(core, record.id, step.nextCheck);
}

/** (Re)arms the chat's hole timer; it never keeps the process alive and stop() clears it. */
export function scheduleHoleCheck(core: SecretCore, id: number, at: number): void {
	clearTimeout(core.holeTimers.get(id));
	if (core.stopped) return;
	const timer = setTimeout(() => {
		core.holeTimers.delete(id);
		const record = core.state.chats[id];
		if (!record || core.stopped) return;
		// A failed step (e.g. the connection is down) is tried again later.
		void core.serial(() => checkHole(core, record)).catch((error: unknown) => {
			core.options.log?.(`secret chat ${id}: looking after its hole failed (${error instanceof Error ? error.message : 'unknown error'}); trying again later`);
			scheduleHoleCheck(core, id, Date.now() + holePolicy(core).reaskAfterMs);
		});
	}, Math.max(0, at - Date.now()));
	timer.unref();
	core.holeTimers.set(id, timer);
}
