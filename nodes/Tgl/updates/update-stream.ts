// Applies Telegram updates to a cursor by the rules of core.telegram.org/api/updates: pts, qts
// and seq in order, duplicates dropped, gaps filled with getDifference / getChannelDifference.
// The engine runs one stream live; a trigger runs its own to catch up from its saved cursor.
import { Api } from 'telegram';
import { returnBigInt } from 'telegram/Helpers';
import { RPCError } from 'telegram/errors';
import type { AccountClient } from '../transport/account-client';
import { channelAccessHash } from './channel-access';
import { type Box, channelBox, type UpdateCursor } from './cursor';
import type { EngineEvent, Entities } from './events';
import { messageOfShort } from './short-updates';

export type EventSink = (event: EngineEvent) => Promise<void>;
export type PositionSink = (after: Partial<UpdateCursor>) => void;

const NO_ENTITIES: Entities = { users: [], chats: [] };
/** Telegram answers an ordinary user at most 100 updates per getChannelDifference. */
const CHANNEL_DIFFERENCE_LIMIT = 100;
/** The channel is no longer ours to read (left, banned, deleted, or its access hash is wrong). */
const UNREACHABLE = new Set(['CHANNEL_PRIVATE', 'CHANNEL_INVALID', 'CHANNEL_PUBLIC_GROUP_NA', 'USER_BANNED_IN_CHANNEL']);

interface PtsInfo {
	box: Box;
	channelId?: string;
	pts: number;
	ptsCount: number;
}

/** The box and pts of an update that has them (qts-ordered updates are handled apart). */
function ptsOf(u: Api.TypeUpdate): PtsInfo | undefined {
	if (
		u instanceof Api.UpdateNewMessage ||
		u instanceof Api.UpdateEditMessage ||
		u instanceof Api.UpdateDeleteMessages ||
		u instanceof Api.UpdateReadHistoryInbox ||
		u instanceof Api.UpdateReadHistoryOutbox ||
		u instanceof Api.UpdateWebPage ||
		u instanceof Api.UpdateReadMessagesContents ||
		u instanceof Api.UpdateFolderPeers ||
		u instanceof Api.UpdatePinnedMessages
	) {
		return { box: 'common', pts: u.pts, ptsCount: u.ptsCount };
	}
	if (u instanceof Api.UpdateNewChannelMessage || u instanceof Api.UpdateEditChannelMessage) {
		const peer = u.message.peerId;
		if (!(peer instanceof Api.PeerChannel)) return undefined;
		const channelId = peer.channelId.toString();
		return { box: channelBox(channelId), channelId, pts: u.pts, ptsCount: u.ptsCount };
	}
	if (u instanceof Api.UpdateDeleteChannelMessages || u instanceof Api.UpdateChannelWebPage || u instanceof Api.UpdatePinnedChannelMessages) {
		const channelId = u.channelId.toString();
		return { box: channelBox(channelId), channelId, pts: u.pts, ptsCount: u.ptsCount };
	}
	return undefined;
}

function boxOfMessage(m: Api.TypeMessage): Box {
	const peer = m.peerId;
	return peer instanceof Api.PeerChannel ? channelBox(peer.channelId.toString()) : 'common';
}

export class UpdateStream {
	/** Set when a difference could not give everything back (differenceTooLong / channel too long). */
	gaps = 0;
	/** Channels whose missed range could not be fetched (too long, or the channel out of reach). */
	readonly lostChannels = new Set<string>();
	/** Of those, the channels that cannot be read at all any more (left, banned, no access hash). */
	readonly unreachable = new Set<string>();

	constructor(
		private readonly account: AccountClient,
		readonly cursor: UpdateCursor,
		private readonly sink: EventSink,
		private readonly position: PositionSink = () => undefined,
		/** channel id → access hash kept from an earlier process, for channels not seen in this one. */
		private readonly savedHashes: Record<string, string> = {},
	) {}

	/** Applies one pushed (or call-returned) Updates object. */
	async apply(updates: Api.TypeUpdates): Promise<void> {
		if (updates instanceof Api.UpdatesTooLong) return this.difference();
		if (updates instanceof Api.UpdateShortMessage || updates instanceof Api.UpdateShortChatMessage) {
			// A short update names peers only by id: when we have not seen them, the difference brings them.
			const fromId = updates instanceof Api.UpdateShortMessage ? updates.userId : updates.fromId;
			const unknownUser = !this.account.entities.ofPeer(new Api.PeerUser({ userId: fromId }));
			const unknownChat =
				updates instanceof Api.UpdateShortChatMessage && !this.account.entities.ofPeer(new Api.PeerChat({ chatId: updates.chatId }));
			if (unknownUser || unknownChat) return this.difference();
			const selfId = this.account.selfId ?? (await this.account.me()).id.toJSNumber();
			const message = messageOfShort(updates, selfId);
			return this.applyOne(new Api.UpdateNewMessage({ message, pts: updates.pts, ptsCount: updates.ptsCount }), NO_ENTITIES, updates.date);
		}
		if (updates instanceof Api.UpdateShort) return this.applyOne(updates.update, NO_ENTITIES, updates.date);
		if (updates instanceof Api.UpdateShortSentMessage) {
			return this.applyOne(
				new Api.UpdateDeleteMessages({ messages: [], pts: updates.pts, ptsCount: updates.ptsCount }),
				NO_ENTITIES,
				updates.date,
				true,
			);
		}
		if (updates instanceof Api.Updates || updates instanceof Api.UpdatesCombined) {
			const entities = { users: updates.users, chats: updates.chats };
			if (updates.seq !== 0) {
				const seqStart = updates instanceof Api.UpdatesCombined ? updates.seqStart : updates.seq;
				if (seqStart <= this.cursor.seq) return; // already applied
				if (seqStart > this.cursor.seq + 1) return this.difference();
			}
			// Within a container, pts-ordered updates are applied by pts.
			const sorted = [...updates.updates].sort((a, b) => (ptsOf(a)?.pts ?? 0) - (ptsOf(b)?.pts ?? 0));
			for (const u of sorted) await this.applyOne(u, entities, updates.date);
			if (updates.seq !== 0) {
				this.cursor.seq = updates.seq;
				this.cursor.date = Math.max(this.cursor.date, updates.date);
				this.position({ seq: this.cursor.seq, date: this.cursor.date });
			}
		}
	}

	private async applyOne(u: Api.TypeUpdate, entities: Entities, date: number, silent = false): Promise<void> {
		if (u instanceof Api.UpdateChannelTooLong) return this.channelDifference(u.channelId.toString(), u.pts);
		const info = ptsOf(u);
		if (!info) {
			if (u instanceof Api.UpdateNewEncryptedMessage) {
				if (u.qts <= this.cursor.qts) return;
				if (u.qts > this.cursor.qts + 1) return this.difference();
				this.cursor.qts = u.qts;
				return this.emit(u, entities, { qts: u.qts });
			}
			if (u instanceof Api.UpdateMessageID) return;
			return this.emit(u, entities, date ? { date: Math.max(this.cursor.date, date) } : undefined);
		}
		const local = info.channelId === undefined ? this.cursor.pts : this.cursor.channels[info.channelId];
		if (local === undefined) {
			// A channel we did not follow yet: its stream starts here.
			this.cursor.channels[info.channelId!] = info.pts;
			return silent ? undefined : this.emit(u, entities, { channels: { [info.channelId!]: info.pts } });
		}
		if (local + info.ptsCount > info.pts) return; // already applied
		if (local + info.ptsCount < info.pts) {
			return info.channelId === undefined ? this.difference() : this.channelDifference(info.channelId);
		}
		if (info.channelId === undefined) {
			this.cursor.pts = info.pts;
			if (date) this.cursor.date = Math.max(this.cursor.date, date);
			if (silent) return this.position({ pts: info.pts, date: this.cursor.date });
			return this.emit(u, entities, { pts: info.pts, date: this.cursor.date });
		}
		this.cursor.channels[info.channelId] = info.pts;
		return silent ? undefined : this.emit(u, entities, { channels: { [info.channelId]: info.pts } });
	}

	private async emit(u: Api.TypeUpdate, entities: Entities, after?: Partial<UpdateCursor>): Promise<void> {
		if (
			u instanceof Api.UpdateNewMessage ||
			u instanceof Api.UpdateNewChannelMessage ||
			u instanceof Api.UpdateEditMessage ||
			u instanceof Api.UpdateEditChannelMessage
		) {
			const m = u.message;
			if (!(m instanceof Api.Message || m instanceof Api.MessageService)) return after && this.position(after);
			const edited = u instanceof Api.UpdateEditMessage || u instanceof Api.UpdateEditChannelMessage;
			return this.sink({ type: 'message', message: m, box: boxOfMessage(m), edited, ...entities, after });
		}
		return this.sink({ type: 'update', update: u, ...entities, after });
	}

	/** updates.getDifference from the cursor until the server has nothing more. */
	async difference(): Promise<void> {
		for (;;) {
			const d = await this.account.call(
				new Api.updates.GetDifference({ pts: this.cursor.pts, date: this.cursor.date, qts: this.cursor.qts }),
			);
			if (d instanceof Api.updates.DifferenceEmpty) {
				this.cursor.seq = d.seq;
				this.cursor.date = Math.max(this.cursor.date, d.date);
				this.position({ seq: this.cursor.seq, date: this.cursor.date });
				return;
			}
			if (d instanceof Api.updates.DifferenceTooLong) {
				// The server no longer holds what we missed: skip ahead (tg did the same) and say so.
				this.gaps++;
				this.cursor.pts = d.pts;
				this.position({ pts: d.pts });
				continue;
			}
			const entities = { users: d.users, chats: d.chats };
			for (const m of d.newMessages) {
				if (m instanceof Api.Message || m instanceof Api.MessageService) {
					await this.sink({ type: 'message', message: m, box: boxOfMessage(m), edited: false, ...entities });
				}
			}
			// Encrypted messages missed in a qts gap, in qts order (the secret-chat service decrypts them).
			let qts = this.cursor.qts;
			for (const m of d.newEncryptedMessages) await this.emit(new Api.UpdateNewEncryptedMessage({ message: m, qts: ++qts }), entities);
			for (const u of d.otherUpdates) {
				if (u instanceof Api.UpdateChannelTooLong) {
					await this.channelDifference(u.channelId.toString(), u.pts);
				} else if (ptsOf(u)?.channelId !== undefined) {
					await this.applyOne(u, entities, 0);
				} else if (!(u instanceof Api.UpdateMessageID)) {
					await this.emit(u, entities);
				}
			}
			const state = d instanceof Api.updates.DifferenceSlice ? d.intermediateState : d.state;
			Object.assign(this.cursor, { pts: state.pts, qts: state.qts, seq: state.seq, date: state.date });
			this.position({ pts: state.pts, qts: state.qts, seq: state.seq, date: state.date });
			if (d instanceof Api.updates.Difference) return;
		}
	}

	/**
	 * updates.getChannelDifference for one channel until `final`. A channel not followed yet starts
	 * at `startPts` (updateChannelTooLong's). One that cannot be reached is counted as lost.
	 */
	async channelDifference(channelId: string, startPts?: number): Promise<void> {
		if (this.unreachable.has(channelId)) return;
		const hash = channelAccessHash(this.account.entities, channelId) ?? this.savedHashes[channelId];
		if (hash === undefined) return this.lose(channelId);
		const channel = new Api.InputChannel({ channelId: returnBigInt(channelId), accessHash: returnBigInt(hash) });
		for (;;) {
			const pts = this.cursor.channels[channelId] ?? startPts ?? 1;
			let d: Api.updates.TypeChannelDifference;
			try {
				d = await this.account.call(
					new Api.updates.GetChannelDifference({ channel, filter: new Api.ChannelMessagesFilterEmpty(), pts, limit: CHANNEL_DIFFERENCE_LIMIT }),
				);
			} catch (error) {
				if (error instanceof RPCError && UNREACHABLE.has(error.errorMessage)) return this.lose(channelId);
				throw error;
			}
			if (d instanceof Api.updates.ChannelDifferenceEmpty) {
				this.cursor.channels[channelId] = d.pts;
				this.position({ channels: { [channelId]: d.pts } });
				return;
			}
			const entities = { users: d.users, chats: d.chats };
			if (d instanceof Api.updates.ChannelDifferenceTooLong) {
				this.gaps++;
				this.lostChannels.add(channelId);
				// The latest messages come newest first: emitted oldest first, like everything else.
				for (const m of [...d.messages].sort((a, b) => a.id - b.id)) {
					if (m instanceof Api.Message || m instanceof Api.MessageService) {
						await this.sink({ type: 'message', message: m, box: channelBox(channelId), edited: false, ...entities });
					}
				}
				const dialogPts = d.dialog instanceof Api.Dialog ? d.dialog.pts : undefined;
				if (dialogPts === undefined) return;
				this.cursor.channels[channelId] = dialogPts;
				this.position({ channels: { [channelId]: dialogPts } });
				if (d.final) return;
				continue;
			}
			for (const m of d.newMessages) {
				if (m instanceof Api.Message || m instanceof Api.MessageService) {
					await this.sink({ type: 'message', message: m, box: channelBox(channelId), edited: false, ...entities });
				}
			}
			for (const u of d.otherUpdates) if (!(u instanceof Api.UpdateMessageID)) await this.emit(u, entities);
			this.cursor.channels[channelId] = d.pts;
			this.position({ channels: { [channelId]: d.pts } });
			if (d.final) return;
		}
	}

	private lose(channelId: string): void {
		this.gaps++;
		this.lostChannels.add(channelId);
		this.unreachable.add(channelId);
	}
}
